"""Acceptance on the seeds: what ../shared/seeds/expected.yaml says a correct run produces.

Runs the real stages (clean included) without Prefect, so each failure names the stage at
fault. The expected events are checked in tests/unit/test_events_seeds.py through the same
stages and the cross-article merge; the flow test checks the warehouse end to end.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from khabar.resources import shipped
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
    done, rejected = run_all(docs, shipped("model"))
    assert not rejected, rejected
    return {doc.article.paths[0][:3]: doc for doc in done}


def test_must_normalise_dates(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    """Each expression (which may include its postposition, "2021 में") is covered by a date
    mention with the expected value somewhere it occurs."""
    missing = []
    for article, cases in expected["must_normalise_dates"].items():
        doc = processed[article]
        for phrase, value in cases.items():
            spans = [(m.start(), m.end()) for m in re.finditer(re.escape(phrase), doc.text)]
            values = [d.value for d in doc.dates for s, e in spans if d.start < e and s < d.end]
            if value not in values:
                missing.append((article, phrase, value, values))
    assert not missing, missing


def test_same_entity_groups(processed: dict[str, Document], expected: dict[str, Any]) -> None:
    """Every occurrence of every spelling is covered by a mention, all with one id; a title
    written with the name ("पीएम मोदी") is the mention's role, not its surface."""
    problems = []
    for group in expected["same_entity"]:
        ids: set[str] = set()
        for spelling in group:
            seen = False
            for doc in processed.values():
                for match in re.finditer(re.escape(spelling), doc.text):
                    seen = True
                    hits = {
                        m.entity_id
                        for m in doc.entities
                        if m.start < match.end() and match.start() < m.end
                    }
                    if not hits:
                        problems.append(f"{spelling!r} at {match.start()} not extracted")
                    ids |= hits
            if not seen:
                problems.append(f"{spelling!r} does not occur in the cleaned seeds")
        if len(ids) != 1:
            problems.append(f"{group} resolve to {sorted(ids)}")
    assert not problems, problems


def test_nothing_from_page_furniture(
    processed: dict[str, Document], expected: dict[str, Any]
) -> None:
    for doc in processed.values():
        text = doc.text
        for name in expected["must_not_extract"]["entities"]:
            assert name not in text
            assert not any(name in m.surface for m in doc.entities)
