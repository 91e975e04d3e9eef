"""Turn processed documents into table rows (polars frames shaped like the DDL)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import polars as pl

from khabar.model import Entity, EventMention
from khabar.nlp.coref import Event, LinkedMention, ReportedEvent
from khabar.stages import Document
from khabar.warehouse.ids import sentence_id, sentence_index, stable_id
from khabar.warehouse.schema import DATASET_TABLES, frame_schema

# The frame types of the dataset tables, from their DDL in sql/ (declared there once).
SCHEMAS: dict[str, dict[str, Any]] = {table: frame_schema(table) for table in DATASET_TABLES}


def frame(table: str, rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    """Rows as a frame with the table's exact column types, even when there are none."""
    return pl.DataFrame(list(rows), schema=SCHEMAS[table], orient="row")


def _sentence_of(doc: Document, start: int) -> str:
    for sentence in doc.sentences:
        if sentence.start <= start < sentence.end:
            return sentence_id(doc.article.article_id, sentence.index)
    raise ValueError(f"offset {start} of {doc.article.article_id} is in no sentence")


DOCUMENT_TABLES = ("articles", "sentences", "mentions", "dates")


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


def entity_rows(entities: Iterable[Entity]) -> pl.DataFrame:
    return frame(
        "entities",
        (
            {
                "entity_id": e.entity_id,
                "type": e.type,
                "name_hi": e.name_hi,
                "name_en": e.name_en,
                "country": e.country,
                "wikidata": e.wikidata,
                "source": e.source,
            }
            for e in entities
        ),
    )


def reports_of(docs: Sequence[Document]) -> list[ReportedEvent]:
    return [
        ReportedEvent(doc.article.article_id, doc.published, mention)
        for doc in docs
        for mention in doc.events
    ]


def reports_from_rows(rows: pl.DataFrame, published: dict[str, date | None]) -> list[ReportedEvent]:
    """Rebuild the event reports stored in ``event_mentions`` so events can be re-merged."""
    reports = []
    for r in rows.iter_rows(named=True):
        flat = r["actor_spans"] or []
        mention = EventMention(
            type=r["type"],
            mode=r["mode"],
            actors=tuple(r["actors"] or ()),
            recipients=tuple(r["recipients"] or ()),
            location=r["location_id"],
            date_value=r["date_value"],
            start_date=r["start_date"],
            end_date=r["end_date"],
            precision=r["precision"],
            date_source=r["date_source"],
            status=r["status"],
            sentence=sentence_index(r["sentence_id"]),
            trigger_start=r["trigger_start"],
            trigger_end=r["trigger_end"],
            trigger=r["trigger"],
            confidence=r["confidence"],
            negated=r["negated"],
            actor_spans=tuple((flat[i], flat[i + 1]) for i in range(0, len(flat) - 1, 2)),
        )
        reports.append(ReportedEvent(r["article_id"], published.get(r["article_id"]), mention))
    return reports


def event_rows(events: Sequence[Event], linked: Sequence[LinkedMention]) -> dict[str, pl.DataFrame]:
    return {
        "events": frame(
            "events",
            (
                {
                    "event_id": e.event_id,
                    "type": e.type,
                    "mode": e.mode,
                    "actors": list(e.actors),
                    "recipients": list(e.recipients),
                    "location_id": e.location_id,
                    "date_value": e.date_value,
                    "start_date": e.start_date,
                    "end_date": e.end_date,
                    "precision": e.precision,
                    "status": e.status,
                    "num_mentions": e.num_mentions,
                    "num_articles": e.num_articles,
                    "first_seen_at": e.first_seen_at,
                    "confidence": e.confidence,
                    "canonical_key": e.canonical_key,
                }
                for e in events
            ),
        ),
        "event_mentions": frame(
            "event_mentions",
            (
                {
                    "event_mention_id": lm.event_mention_id,
                    "event_id": lm.event_id,
                    "article_id": lm.article_id,
                    "sentence_id": sentence_id(lm.article_id, lm.mention.sentence),
                    "trigger_start": lm.mention.trigger_start,
                    "trigger_end": lm.mention.trigger_end,
                    "trigger": lm.mention.trigger,
                    "type": lm.mention.type,
                    "mode": lm.mention.mode,
                    "status": lm.mention.status,
                    "actors": list(lm.mention.actors),
                    "recipients": list(lm.mention.recipients),
                    "location_id": lm.mention.location,
                    "date_value": lm.mention.date_value,
                    "date_source": lm.mention.date_source,
                    "negated": lm.mention.negated,
                    "actor_spans": [v for span in lm.mention.actor_spans for v in span],
                    "confidence": lm.mention.confidence,
                    "start_date": lm.mention.start_date,
                    "end_date": lm.mention.end_date,
                    "precision": lm.mention.precision,
                }
                for lm in linked
            ),
        ),
    }
