"""Consolidation: the rows that depend on the whole warehouse, derived from stored rows.

Between analysis (``batch``: one batch of articles down to rows) and storage
(``warehouse``: tables created, filled, copied and read, no language logic). A run's batches
wait in ``incoming``; staging copies them into ``staging`` and derives from what is stored:

- ``entities``: a row for every entity a new mention names (the knowledge base's row, or one
  generated from the longest surface that names it);
- ``events`` and ``event_mentions``: every event report stored, old and new (both read back
  from the tables), merged anew by ``nlp.coref.merge_events``, so events count events, not
  reports, however the articles came in;
- ``event_id_history``: an event id hashes the event's content, so a report that refines an
  event (a finer date, another actor) or joins two gives it a new id; every id the merge
  retires gets a row naming its successor, so any published event id resolves.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import duckdb
import polars as pl

from khabar.batch import report_row
from khabar.model import Entity, EventMention
from khabar.nlp import coref
from khabar.nlp import entities as _entities
from khabar.nlp.events import Places
from khabar.warehouse import store
from khabar.warehouse.ids import sentence_index, stable_id
from khabar.warehouse.schema import STAGING, frame


def stage(
    con: duckdb.DuckDBPyConnection,
    new_paths: Mapping[str, list[str]],
    version: int,
    kb: _entities.KnowledgeBase | None = None,
    places: Places | None = None,
) -> store.StageSummary:
    """Rebuild ``staging`` = ``main`` + the run's rows waiting in ``incoming``, with the
    entities they name and every event merged anew (the ids it retires recorded as of
    ``version``, the one the run publishes); ``incoming`` is emptied in the same
    transaction.

    A run that brings no new article or report keeps the stored events: re-merging the
    same reports would give the same events, at a cost that grows with the warehouse.
    ``kb`` and ``places``: the run's resources (default: the shipped ones)."""
    base = kb if kb is not None else _entities.load_knowledge_base()
    with store.transaction(con):
        added = store.stage_incoming(con, new_paths)
        named = _entities.entities_named(store.incoming_names(con), base)
        store.add_new(con, "entities", "entity_id", entity_rows(named))
        if store.incoming_count(con, "event_mentions") or any(
            added[t] for t in ("articles", "mentions", "dates")
        ):
            merge_events(con, places)
            store.add_new(con, "event_id_history", "history_id", _retired(con, version))
        # else: no new report and no new article, so the re-merge would take the stored
        # reports to the stored events (it depends only on them and the articles' dates).
        store.reset_incoming(con)
    return store.stage_summary(con, added["articles"], len(new_paths))


def merge_events(con: duckdb.DuckDBPyConnection, places: Places | None = None) -> None:
    """``staging.events`` and ``staging.event_mentions`` from every stored report: those
    staged and those waiting in ``incoming``."""
    stored, published = store.event_reports(con)
    events, linked = coref.merge_events(reports_from_rows(stored, published), places=places)
    store.replace(con, event_rows(events, linked))


def _retired(con: duckdb.DuckDBPyConnection, version: int) -> pl.DataFrame:
    """History rows for the events of ``main`` the merge in ``staging`` no longer has."""
    return history_rows(
        store.event_assignment(con, "main"),
        store.event_assignment(con, STAGING),
        store.event_ids(con, STAGING),
        version,
    )


def history_rows(
    old: Mapping[str, str], new: Mapping[str, str], current: set[str], version: int
) -> pl.DataFrame:
    """``event_id_history`` rows: each event id of ``old`` (event mention id -> event id)
    missing from ``current``, with its successor: the event of ``new`` that holds most of
    its reports (the smallest id among equals). Reports are never dropped, so every retired
    id has one. ``reason``: ``split`` when its reports went to several events, ``merged``
    when its successor also holds another old event's, else ``refined``."""
    held: dict[str, Counter[str]] = {}
    sources: dict[str, set[str]] = {}
    for mention, old_event in old.items():
        new_event = new.get(mention)
        if new_event is None:
            continue
        sources.setdefault(new_event, set()).add(old_event)
        if old_event not in current:
            held.setdefault(old_event, Counter())[new_event] += 1
    rows = []
    for old_event in sorted(held):
        counts = held[old_event]
        successor = min(counts, key=lambda e: (-counts[e], e))
        if len(counts) > 1:
            reason = "split"
        elif len(sources[successor]) > 1:
            reason = "merged"
        else:
            reason = "refined"
        rows.append(
            {
                "history_id": stable_id(old_event, version),
                "old_event_id": old_event,
                "new_event_id": successor,
                "version": version,
                "reason": reason,
            }
        )
    return frame("event_id_history", rows)


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


def reports_from_rows(
    rows: pl.DataFrame, published: Mapping[str, date | None]
) -> list[coref.ReportedEvent]:
    """The event reports stored as ``event_mentions`` rows, to be merged."""
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
        reports.append(
            coref.ReportedEvent(r["article_id"], published.get(r["article_id"]), mention)
        )
    return reports


def event_rows(
    events: Sequence[coref.Event], linked: Sequence[coref.LinkedMention]
) -> dict[str, pl.DataFrame]:
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
                report_row(lm.event_mention_id, lm.event_id, lm.article_id, lm.mention)
                for lm in linked
            ),
        ),
    }
