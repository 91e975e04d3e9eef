"""Stable event ids: a citation of any published event id resolves in every later version.

Article 000 of the seeds alone is version 1; all five seeds are version 2. The four new
articles report events of article 000 again, with finer dates and more actors, so some of
its events get new ids (an id hashes the event's content); ``event_id_history`` leads each
retired id to its successor, and ``khabar diff`` lists them.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from khabar.cli import main as khabar
from khabar.publish import versions
from khabar.publish.diff import resolve_event_ids
from tests.conftest import REPO, SEEDS
from tests.integration.conftest import run_flow

pytestmark = pytest.mark.slow


def _column(dataset: Path, table: str, version: int, column: str) -> list[object]:
    return list(versions.read_table(dataset, table, version).column(column).to_pylist())


def test_every_v1_event_id_resolves_in_v2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    seeds = tmp_path / "articles"
    seeds.mkdir()
    first = sorted(SEEDS.glob("*.txt"))
    shutil.copy(first[0], seeds)
    shutil.copy(REPO / "seeds" / "articles.csv", tmp_path / "articles.csv")
    warehouse = tmp_path / "wh"
    assert run_flow(seeds, warehouse)["version"] == 1
    for path in first[1:]:
        shutil.copy(path, seeds)
    second = run_flow(seeds, warehouse)
    assert second["version"] == 2, second["failures"]
    dataset = warehouse / "dataset"

    v1 = set(_column(dataset, "events", 1, "event_id"))
    v2 = set(_column(dataset, "events", 2, "event_id"))
    history = versions.read_table(dataset, "event_id_history", 2).to_pylist()
    retired = sorted(v1 - v2)
    assert retired, "the new articles refine some of article 000's events"
    assert _column(dataset, "event_id_history", 1, "old_event_id") == []
    assert sorted(h["old_event_id"] for h in history) == retired
    steps = [(h["old_event_id"], h["new_event_id"], h["version"], h["reason"]) for h in history]
    resolved = resolve_event_ids(sorted(v1), steps, v2)
    assert all(new in v2 for new, _ in resolved.values()), resolved
    assert {resolved[i][1] for i in v1 & v2} == {"kept"}

    # the successor holds the reports the retired event had (most of them, on a split)
    old_of = dict(
        zip(
            _column(dataset, "event_mentions", 1, "event_mention_id"),
            _column(dataset, "event_mentions", 1, "event_id"),
            strict=True,
        )
    )
    new_of = dict(
        zip(
            _column(dataset, "event_mentions", 2, "event_mention_id"),
            _column(dataset, "event_mentions", 2, "event_id"),
            strict=True,
        )
    )
    for row in history:
        reports = [m for m, e in old_of.items() if e == row["old_event_id"]]
        moved = [new_of[m] for m in reports]
        assert moved.count(row["new_event_id"]) == max(moved.count(e) for e in moved)
        assert (row["reason"] == "split") == (len(set(moved)) > 1)
        assert row["version"] == 2

    assert khabar(["diff", "1", "2", "--json", "--warehouse", str(warehouse)]) == 0
    listed = json.loads(capsys.readouterr().out)["events_retired"]
    assert [(old, new) for old, new, _ in listed] == [(i, resolved[i][0]) for i in retired]
    assert khabar(["diff", "1", "2", "--warehouse", str(warehouse)]) == 0
    text = capsys.readouterr().out
    assert f"event ids retired (cite the successor): {len(retired)}" in text
    assert all(f"{old} → {new}" in text for old, new, _ in listed)
