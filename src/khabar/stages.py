"""The language stages as functions over a batch of documents.

Each stage takes documents and returns them enriched, plus the documents it had to give up
on. One bad article never stops a batch: its exception becomes a rejection with the stage
name, and the others go on. The flow runs them all over each batch in one task
(``batch.analyse``); ``khabar annotate`` runs them all on a single text. The stages that
read reference data take it as one ``Resources`` (``khabar.resources``), built once by
the caller.
"""

from __future__ import annotations

import dataclasses
import functools
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from khabar.model import DateMention, EntityMention, EventMention, Sentence, Span
from khabar.nlp import dates as _dates
from khabar.nlp import entities as _entities
from khabar.nlp import events as _events
from khabar.nlp import groups as _groups
from khabar.nlp.language import detect_language, detect_languages
from khabar.resources import Resources
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
T = TypeVar("T")
StageResult = tuple[Batch, list[Rejected]]


def start(articles: Sequence[RawArticle]) -> Batch:
    return [Document(article) for article in articles]


def _each(name: str, docs: Sequence[Document], step: Callable[[Document], Document]) -> StageResult:
    return _each_with(name, docs, [None] * len(docs), lambda doc, _: step(doc))


def _each_with(
    name: str,
    docs: Sequence[Document],
    extras: Sequence[T],
    step: Callable[[Document, T], Document],
) -> StageResult:
    """``step`` on each document with its extra (precomputed for the batch)."""
    done: Batch = []
    rejected: list[Rejected] = []
    for doc, extra in zip(docs, extras, strict=True):
        try:
            result = step(doc, extra)
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
    """Article language; sentence languages follow in ``segment_stage``. The batch is
    detected in one ``detect_languages`` call (the same values as one by one, faster)."""
    found = _detect_all([_text_or_none(doc) for doc in docs], seed)

    def step(doc: Document, result: _Detected) -> Document:
        language, prob = _detected(result, doc.text, seed)
        return dataclasses.replace(doc, language=language, language_prob=prob)

    return _each_with("language", docs, found, step)


def segment_stage(docs: Sequence[Document], seed: int = 0) -> StageResult:
    """Sentences, each with its language; all sentences of the batch are detected together."""
    spans: list[list[Span] | Exception] = []
    for doc in docs:
        try:
            spans.append(segment(doc.text))
        except Exception as exc:  # reported for this article alone, by _each_with below
            spans.append(exc)
    texts = [
        doc.text[s.start : s.end]
        for doc, found in zip(docs, spans, strict=True)
        if not isinstance(found, Exception)
        for s in found
    ]
    detected = iter(_detect_all(texts, seed))
    work = [
        (found, [next(detected) for _ in found]) if not isinstance(found, Exception) else found
        for found in spans
    ]

    def step(doc: Document, item: tuple[list[Span], list[_Detected]] | Exception) -> Document:
        if isinstance(item, Exception):
            raise item
        text = doc.text
        sentences = []
        for index, (span, result) in enumerate(zip(*item, strict=True)):
            language, prob = _detected(result, text[span.start : span.end], seed)
            sentences.append(Sentence(index, span.start, span.end, language, prob))
        return dataclasses.replace(doc, sentences=tuple(sentences))

    return _each_with("segment", docs, work, step)


# A batch detection that failed leaves each text to be detected alone, inside its article's
# step, so that one article's failure stays its own.
_Detected = tuple[str | None, float | None] | None


def _text_or_none(doc: Document) -> str | None:
    return doc.cleaned.text if doc.cleaned is not None else None


def _detect_all(texts: Sequence[str | None], seed: int) -> list[_Detected]:
    present = [t for t in texts if t is not None]
    try:
        found = iter(detect_languages(present, seed))
    except Exception:
        return [None] * len(texts)
    return [next(found) if t is not None else None for t in texts]


def _detected(result: _Detected, text: str, seed: int) -> tuple[str | None, float | None]:
    return result if result is not None else detect_language(text, seed)


def entity_stage(docs: Sequence[Document], resources: Resources) -> StageResult:
    """Entities from the knowledge base, with gaps filled by the resources' NER model
    (none: the gazetteer alone).

    The model reads the sentences of the whole batch together (several times faster than
    article by article); if that fails, each article is read alone so the failure stays
    that article's."""
    base, ner = resources.kb, resources.ner
    ahead = _model_spans_all(docs, ner)

    def step(doc: Document, spans: _ModelSpans | None) -> Document:
        reader = ner if spans is None else _Fixed(spans)
        found = _entities.extract_entities(doc.text, doc.spans, base, reader)
        found += _groups.group_mentions(doc.text, doc.spans, found, resources.groups)
        found = _groups.resolve_definite(doc.text, found)
        found = _groups.resolve_institutions(found)
        found.sort(key=lambda m: (m.start, m.end))
        return dataclasses.replace(doc, entities=tuple(found))

    return _each_with("entities", docs, ahead, step)


_ModelSpans = list[tuple[int, int, str, float]]


@dataclass(frozen=True, slots=True)
class _Fixed:
    """An entity model that answers with spans already found for the article."""

    spans: _ModelSpans

    def __call__(self, text: str, sentences: Sequence[Span]) -> _ModelSpans:
        return self.spans


def _model_spans_all(
    docs: Sequence[Document], ner: _entities.EntityModel | None
) -> list[_ModelSpans | None]:
    many = getattr(ner, "spans_many", None)
    if many is None:
        return [None] * len(docs)
    try:
        found: list[_ModelSpans] = many([(doc.text, doc.spans) for doc in docs])
    except Exception:
        return [None] * len(docs)
    return list(found)


def date_stage(docs: Sequence[Document], resources: Resources) -> StageResult:
    def step(doc: Document) -> Document:
        found = _dates.extract_dates(doc.text, doc.spans, doc.published, resources.dates)
        return dataclasses.replace(doc, dates=tuple(found))

    return _each("dates", docs, step)


def event_stage(docs: Sequence[Document], resources: Resources) -> StageResult:
    def step(doc: Document) -> Document:
        found = _events.detect_events(
            doc.text,
            doc.spans,
            doc.entities,
            doc.dates,
            doc.published,
            places=resources.places,
            lexicon=resources.events,
        )
        return dataclasses.replace(doc, events=tuple(found))

    return _each("events", docs, step)


Step = tuple[str, Callable[[Sequence[Document]], StageResult]]


def language_steps(resources: Resources, seed: int = 0) -> list[Step]:
    """The language stages in order, each under its one name: the one runs report its
    time under and its quarantine rows carry (``stage``).

    Resources loaded with ``ner="gazetteer"`` leave the statistical NER model out of the
    entity stage: fewer entities (only what the knowledge base and the name rules find), a
    faster stage. Pickled to a worker process, the steps carry where the resources came
    from, and the worker loads them once."""
    return [
        ("clean", clean_stage),
        ("language", functools.partial(language_stage, seed=seed)),
        ("segment", functools.partial(segment_stage, seed=seed)),
        ("entities", functools.partial(entity_stage, resources=resources)),
        ("dates", functools.partial(date_stage, resources=resources)),
        ("events", functools.partial(event_stage, resources=resources)),
    ]


def run_steps(
    docs: Sequence[Document], steps: Sequence[Step]
) -> tuple[Batch, list[Rejected], dict[str, float]]:
    """``steps`` in order over a batch: what is left, what was given up, seconds per step."""
    rejected: list[Rejected] = []
    seconds: dict[str, float] = {}
    batch: Sequence[Document] = docs
    for name, stage in steps:
        started = time.perf_counter()
        batch, failed = stage(batch)
        seconds[name] = time.perf_counter() - started
        rejected.extend(failed)
    return list(batch), rejected, seconds


def run_all(docs: Sequence[Document], resources: Resources, seed: int = 0) -> StageResult:
    """Every language stage in order."""
    done, rejected, _ = run_steps(docs, language_steps(resources, seed))
    return done, rejected
