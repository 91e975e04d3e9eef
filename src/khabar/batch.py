"""One batch of articles through the language stages, down to table rows.

What a worker (thread, process or Dask) runs for the flow; kept apart from ``runner`` so
that a worker process imports the stages and not the quality gate or the publisher.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from khabar import stages
from khabar.model import EventMention
from khabar.nlp.coref import ReportedEvent, mention_id
from khabar.stages import Document
from khabar.text.load import RawArticle, Rejected
from khabar.warehouse.ids import sentence_id, stable_id
from khabar.warehouse.schema import frame


@dataclass(frozen=True)
class BatchRows:
    """A batch's documents as table rows: compact (columnar) where documents are not, so
    this, not the documents, is what workers send back and the run adds to ``incoming``."""

    # articles, sentences, mentions, dates, and event_mentions: the batch's event reports,
    # with no event id until consolidation merges them with the stored ones
    tables: dict[str, pl.DataFrame]


def batch_rows(docs: Sequence[Document]) -> BatchRows:
    ordered = sorted(docs, key=lambda d: d.article.article_id)
    return BatchRows({**document_rows(ordered), "event_mentions": report_rows(ordered)})


@dataclass(frozen=True)
class BatchResult:
    """What the language stages make of one batch of articles."""

    rows: BatchRows
    rejected: list[Rejected]
    seconds: dict[str, float]  # per stage, and "to-rows"


def analyse(articles: Sequence[RawArticle], steps: Sequence[stages.Step]) -> BatchResult:
    """The language stages over one batch, down to table rows: a flow's unit of work, so
    that documents never leave the process (or Dask worker) that made them."""
    docs, rejected, seconds = stages.run_steps(stages.start(articles), steps)
    started = time.perf_counter()
    result = batch_rows(docs)
    seconds["to-rows"] = time.perf_counter() - started
    return BatchResult(result, rejected, seconds)


def _sentence_of(doc: Document, start: int) -> str:
    for sentence in doc.sentences:
        if sentence.start <= start < sentence.end:
            return sentence_id(doc.article.article_id, sentence.index)
    raise ValueError(f"offset {start} of {doc.article.article_id} is in no sentence")


def document_rows(docs: Sequence[Document]) -> dict[str, pl.DataFrame]:
    """Rows for articles, sentences, mentions and dates of fully processed documents."""
    articles, sentences, mentions, dates = [], [], [], []
    for doc in docs:
        art = doc.article
        aid = art.article_id
        cleaned = doc.cleaned
        assert cleaned is not None
        articles.append(
            {
                "article_id": aid,
                "paths": list(art.paths),
                "source": art.metadata.source,
                "url": art.metadata.url,
                "published_date": art.metadata.published_date,
                "raw_text": art.raw_text,
                "text": cleaned.text,
                "offset_map": cleaned.offset_map,
                "language": doc.language,
                "language_prob": doc.language_prob,
                "n_chars": len(cleaned.text),
                "n_removed_chars": cleaned.n_removed(len(art.raw_text)),
            }
        )
        for s in doc.sentences:
            sentences.append(
                {
                    "sentence_id": sentence_id(aid, s.index),
                    "article_id": aid,
                    "sentence_index": s.index,
                    "start_char": s.start,
                    "end_char": s.end,
                    "text": cleaned.text[s.start : s.end],
                    "language": s.language,
                    "language_prob": s.language_prob,
                }
            )
        for m in doc.entities:
            mentions.append(
                {
                    "mention_id": stable_id(aid, m.start, m.end, m.entity_id),
                    "article_id": aid,
                    "sentence_id": _sentence_of(doc, m.start),
                    "start_char": m.start,
                    "end_char": m.end,
                    "surface": m.surface,
                    "label": m.label,
                    "entity_id": m.entity_id,
                    "role": m.role,
                    "method": m.method,
                    "confidence": m.confidence,
                }
            )
        for d in doc.dates:
            dates.append(
                {
                    "date_id": stable_id(aid, d.start, d.end),
                    "article_id": aid,
                    "sentence_id": _sentence_of(doc, d.start),
                    "start_char": d.start,
                    "end_char": d.end,
                    "surface": d.surface,
                    "type": d.type,
                    "value": d.value,
                    "start_date": d.start_date,
                    "end_date": d.end_date,
                    "precision": d.precision,
                    "anchor": d.anchor,
                }
            )
    return {
        "articles": frame("articles", articles),
        "sentences": frame("sentences", sentences),
        "mentions": frame("mentions", mentions),
        "dates": frame("dates", dates),
    }


def report_rows(docs: Sequence[Document]) -> pl.DataFrame:
    """The documents' event reports as ``event_mentions`` rows without an event: what
    consolidation reads back, with the stored reports, to merge every event."""
    return frame(
        "event_mentions",
        (
            report_row(
                mention_id(ReportedEvent(doc.article.article_id, doc.published, m)),
                None,
                doc.article.article_id,
                m,
            )
            for doc in docs
            for m in doc.events
        ),
    )


def report_row(
    event_mention_id: str, event_id: str | None, article_id: str, mention: EventMention
) -> dict[str, Any]:
    """One ``event_mentions`` row: a report, and the event it belongs to once merged."""
    return {
        "event_mention_id": event_mention_id,
        "event_id": event_id,
        "article_id": article_id,
        "sentence_id": sentence_id(article_id, mention.sentence),
        "trigger_start": mention.trigger_start,
        "trigger_end": mention.trigger_end,
        "trigger": mention.trigger,
        "type": mention.type,
        "mode": mention.mode,
        "status": mention.status,
        "actors": list(mention.actors),
        "recipients": list(mention.recipients),
        "location_id": mention.location,
        "date_value": mention.date_value,
        "date_source": mention.date_source,
        "negated": mention.negated,
        "actor_spans": [v for span in mention.actor_spans for v in span],
        "confidence": mention.confidence,
        "start_date": mention.start_date,
        "end_date": mention.end_date,
        "precision": mention.precision,
    }
