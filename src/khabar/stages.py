"""The language stages as functions over a batch of documents.

Each stage takes documents and returns them enriched, plus the documents it had to give up
on. One bad article never stops a batch: its exception becomes a rejection with the stage
name, and the others go on. The Prefect flow calls one of these per task; ``khabar
annotate`` runs them all on a single text.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from khabar.model import DateMention, EntityMention, EventMention, Sentence, Span
from khabar.nlp import dates as _dates
from khabar.nlp import entities as _entities
from khabar.nlp import events as _events
from khabar.nlp import ner_model as _ner_model
from khabar.nlp.language import detect_language
from khabar.text.clean import Cleaned, clean
from khabar.text.load import RawArticle, Rejected
from khabar.text.segment import segment


@dataclass(frozen=True, slots=True)
class Document:
    """An article on its way through the stages; later fields stay empty until their stage."""

    article: RawArticle
    cleaned: Cleaned | None = None
    language: str | None = None
    language_prob: float | None = None
    sentences: tuple[Sentence, ...] = ()
    entities: tuple[EntityMention, ...] = ()
    dates: tuple[DateMention, ...] = ()
    events: tuple[EventMention, ...] = ()
    stages_done: tuple[str, ...] = field(default=())

    @property
    def text(self) -> str:
        if self.cleaned is None:
            raise ValueError("document has not been cleaned")
        return self.cleaned.text

    @property
    def published(self) -> date | None:
        return self.article.metadata.published_date

    @property
    def spans(self) -> list[Span]:
        return [Span(s.start, s.end) for s in self.sentences]


Batch = list[Document]
StageResult = tuple[Batch, list[Rejected]]


def start(articles: Sequence[RawArticle]) -> Batch:
    return [Document(article) for article in articles]


def _each(name: str, docs: Sequence[Document], step: Callable[[Document], Document]) -> StageResult:
    done: Batch = []
    rejected: list[Rejected] = []
    for doc in docs:
        try:
            result = step(doc)
        except Exception as exc:  # one article's failure must not end the batch
            rejected.append(
                Rejected(
                    doc.article.paths[0],
                    doc.article.article_id,
                    name,
                    "error",
                    f"{name} failed: {type(exc).__name__}: {exc}",
                )
            )
            continue
        done.append(dataclasses.replace(result, stages_done=(*doc.stages_done, name)))
    return done, rejected


def clean_stage(docs: Sequence[Document]) -> StageResult:
    def step(doc: Document) -> Document:
        cleaned = clean(doc.article.raw_text)
        if not cleaned.text.strip():
            raise ValueError("nothing is left after removing page furniture")
        return dataclasses.replace(doc, cleaned=cleaned)

    return _each("clean", docs, step)


def language_stage(docs: Sequence[Document], seed: int = 0) -> StageResult:
    """Article language; sentence languages follow in ``segment_stage``."""

    def step(doc: Document) -> Document:
        language, prob = detect_language(doc.text, seed)
        return dataclasses.replace(doc, language=language, language_prob=prob)

    return _each("language", docs, step)


def segment_stage(docs: Sequence[Document], seed: int = 0) -> StageResult:
    def step(doc: Document) -> Document:
        text = doc.text
        sentences = []
        for index, span in enumerate(segment(text)):
            language, prob = detect_language(text[span.start : span.end], seed)
            sentences.append(Sentence(index, span.start, span.end, language, prob))
        return dataclasses.replace(doc, sentences=tuple(sentences))

    return _each("segment", docs, step)


def entity_stage(
    docs: Sequence[Document],
    kb: _entities.KnowledgeBase | None = None,
    model: _entities.EntityModel | Literal["default"] | None = "default",
) -> StageResult:
    """Entities from the gazetteer, with gaps filled by the shipped NER model unless
    ``model`` is given (None: gazetteer alone). A missing model warns once, never fails."""
    base = kb if kb is not None else _entities.load_knowledge_base()
    ner = _ner_model.load_entity_model() if model == "default" else model

    def step(doc: Document) -> Document:
        found = _entities.extract_entities(doc.text, doc.spans, base, ner)
        return dataclasses.replace(doc, entities=tuple(found))

    return _each("entities", docs, step)


def date_stage(docs: Sequence[Document]) -> StageResult:
    def step(doc: Document) -> Document:
        found = _dates.extract_dates(doc.text, doc.spans, doc.published)
        return dataclasses.replace(doc, dates=tuple(found))

    return _each("dates", docs, step)


def event_stage(docs: Sequence[Document]) -> StageResult:
    def step(doc: Document) -> Document:
        found = _events.detect_events(doc.text, doc.spans, doc.entities, doc.dates, doc.published)
        return dataclasses.replace(doc, events=tuple(found))

    return _each("events", docs, step)


def run_all(
    docs: Sequence[Document], seed: int = 0, kb: _entities.KnowledgeBase | None = None
) -> StageResult:
    """Every language stage in order; what the flow does task by task."""
    rejected: list[Rejected] = []
    batch: Sequence[Document] = docs
    steps: list[Callable[[Sequence[Document]], StageResult]] = [
        clean_stage,
        lambda d: language_stage(d, seed),
        lambda d: segment_stage(d, seed),
        lambda d: entity_stage(d, kb),
        date_stage,
        event_stage,
    ]
    for stage in steps:
        batch, failed = stage(batch)
        rejected.extend(failed)
    return list(batch), rejected
