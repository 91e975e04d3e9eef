"""Which event a retired event id leads to, and why: ``consolidate.history_rows`` and
``diff.resolve_event_ids`` on small assignments (event mention id -> event id)."""

from __future__ import annotations

import pytest

from khabar.consolidate import history_rows
from khabar.publish.diff import resolve_event_ids


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        # same reports, and one more: the event was refined (a finer date, say)
        ({"m1": "A", "m2": "A"}, {"m1": "B", "m2": "B", "m3": "B"}, [("A", "B", "refined")]),
        # two events' reports joined by a new report: both ids lead to the joined event
        (
            {"m1": "A", "m2": "C"},
            {"m1": "D", "m2": "D", "m3": "D"},
            [("A", "D", "merged"), ("C", "D", "merged")],
        ),
        # reports spread over two events: the one holding most of them is the successor
        (
            {"m1": "A", "m2": "A", "m3": "A"},
            {"m1": "E", "m2": "F", "m3": "F"},
            [("A", "F", "split")],
        ),
        # an even split: the smallest id
        ({"m1": "A", "m2": "A"}, {"m1": "G", "m2": "E"}, [("A", "E", "split")]),
        # an id still there retires nothing, whatever else changed
        ({"m1": "A", "m2": "B"}, {"m1": "A", "m2": "A"}, [("B", "A", "merged")]),
        ({"m1": "A"}, {"m1": "A", "m2": "A"}, []),
    ],
)
def test_history_rows(
    old: dict[str, str], new: dict[str, str], expected: list[tuple[str, str, str]]
) -> None:
    rows = history_rows(old, new, set(new.values()), 3).to_dicts()
    assert [(r["old_event_id"], r["new_event_id"], r["reason"]) for r in rows] == expected
    assert {r["version"] for r in rows} <= {3}
    assert len({r["history_id"] for r in rows}) == len(rows)


def test_resolve_follows_chains_of_versions() -> None:
    history = [("A", "B", 2, "refined"), ("B", "C", 3, "merged"), ("X", "Y", 2, "split")]
    found = resolve_event_ids(["A", "B", "C", "X", "Z"], history, {"C", "Q"})
    assert found == {
        "A": ("C", "refined"),
        "B": ("C", "merged"),
        "C": ("C", "kept"),
        "X": (None, "unresolved"),  # Y is not an event of the version asked about
        "Z": (None, "unresolved"),
    }
    # from version 2 on, A's retirement at version 2 is not one to follow
    assert resolve_event_ids(["A"], history, {"C"}, since=2) == {"A": (None, "unresolved")}
