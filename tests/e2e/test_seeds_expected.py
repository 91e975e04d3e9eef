"""Acceptance on the seeds: what ../shared/seeds/expected.yaml says a correct run produces.

Runs the real stages (clean included) and the cross-article event merge, without Prefect,
so each failure names the stage at fault.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Any

import pytest

from khabar.nlp import coref
from khabar.nlp.entities import load_knowledge_base
from khabar.stages import Document, run_all
from khabar.text.load import Metadata, RawArticle, article_id_for
from tests.conftest import SEEDS, seed_metadata


@pytest.fixture(scope="module")
def processed() -> dict[str, Document]:
    metadata = seed_metadata()
    docs = []
    for path in sorted(SEEDS.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        raw = RawArticle(article_id_for(text), (path.name,), text, Metadata(metadata[path.name]))
        docs.append(Document(raw))
    done, rejected = run_all(docs)
    assert not rejected, rejected
    return {doc.article.paths[0][:3]: doc for doc in done}


def _names() -> dict[str, str]:
    kb = load_knowledge_base()
    return {e.entity_id: e.name_en for e in kb.entities.values()}


def test_must_normalise_dates(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    """Each expression (which may include its postposition, "2021 में") is covered by a date
    mention with the expected value somewhere it occurs."""
    missing = []
    for article, cases in expected["must_normalise_dates"].items():
        doc = processed[article]
        for phrase, value in cases.items():
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), doc.text)]
            values = [
                d.value for d in doc.dates for s, e in spans if d.start < e and s < d.end
            ]
            if value not in values:
                missing.append((article, phrase, value, values))
    assert not missing, missing


def test_same_entity_groups(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    by_surface: dict[str, set[str]] = defaultdict(set)
    for doc in processed.values():
        for m in doc.entities:
            by_surface[m.surface.lstrip("@")].add(m.entity_id)
    problems = []
    for group in expected["same_entity"]:
        ids = set()
        for spelling in group:
            hits = {i for surface, found in by_surface.items() if surface == spelling for i in found}
            if not hits:
                problems.append(f"{spelling!r} not extracted")
            ids |= hits
        if len(ids) > 1:
            problems.append(f"{group} split over {sorted(ids)}")
    assert not problems, problems


def test_nothing_from_page_furniture(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    for doc in processed.values():
        text = doc.text
        for name in expected["must_not_extract"]["entities"]:
            assert name not in text
            assert not any(name in m.surface for m in doc.entities)


def test_must_find_events(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    reports = [
        coref.ReportedEvent(doc.article.article_id, doc.published, m)
        for doc in processed.values()
        for m in doc.events
    ]
    events, linked = coref.merge_events(reports)
    names = _names()
    prefix = {doc.article.article_id: key for key, doc in processed.items()}
    articles_of: dict[str, set[str]] = defaultdict(set)
    for lm in linked:
        articles_of[lm.event_id].add(prefix[lm.article_id])
    problems = []
    for want in expected["must_find_events"]:
        matches = [
            e for e in events
            if e.type == want["type"]
            and want.get("mode", e.mode) == e.mode
            and {names.get(a, a) for a in e.actors} == set(want["actors"])
            and ("recipient" not in want or want["recipient"] in {names.get(r, r) for r in e.recipients})
            and ("location" not in want or names.get(e.location_id or "", None) == want["location"])
        ]
        if not matches:
            problems.append(f"{want['id']}: no event")
            continue
        if len(matches) > 1:
            problems.append(f"{want['id']}: split into {len(matches)} rows")
        event = matches[0]
        if "date" in want and event.date_value != want["date"]:
            problems.append(f"{want['id']}: date {event.date_value} != {want['date']}")
        if articles_of[event.event_id] != set(want["articles"]):
            problems.append(
                f"{want['id']}: articles {sorted(articles_of[event.event_id])} != {want['articles']}"
            )
    assert not problems, "\n".join(problems)


def test_any_order_gives_identical_events(processed: dict[str, Document]) -> None:
    reports = [
        coref.ReportedEvent(doc.article.article_id, doc.published, m)
        for doc in processed.values()
        for m in doc.events
    ]
    forward = coref.merge_events(reports)
    backward = coref.merge_events(list(reversed(reports)))
    assert forward == backward
