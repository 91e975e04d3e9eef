"""The suite files and the report type, without running GX against data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from khabar.quality.gx import (
    ExpectationResult,
    ValidationReport,
    load_suite,
    suite_references,
)
from khabar.resources import EXPECTATIONS_DIR
from khabar.warehouse.schema import ALL_TABLES

# Table names after FROM/JOIN; not ``IS DISTINCT FROM x`` and not a column or a function call.
_TABLE_NAMES = re.compile(r"(?<!DISTINCT )\b(?:FROM|JOIN)\s+([a-z_]+)\b(?!\s*[.(])", re.IGNORECASE)


def _queries(table: str) -> list[str]:
    spec = json.loads((EXPECTATIONS_DIR / f"{table}.json").read_text(encoding="utf-8"))
    return [
        e["kwargs"]["unexpected_rows_query"]
        for e in spec["expectations"]
        if e["type"] == "unexpected_rows_expectation"
    ]


def test_one_suite_per_table_and_nothing_else() -> None:
    assert sorted(p.stem for p in EXPECTATIONS_DIR.glob("*.json")) == sorted(ALL_TABLES)


@pytest.mark.parametrize("table", ALL_TABLES)
def test_suite_loads_whole(table: str) -> None:
    suite = load_suite(table)
    assert suite.name == table
    names = [e.meta["name"] for e in suite.expectations]
    assert len(names) == len(set(names)) > 0


@pytest.mark.parametrize("table", ALL_TABLES)
def test_queries_declare_the_tables_they_join(table: str) -> None:
    """An undeclared table would be looked up in ``main`` when ``staging`` lacks it."""
    declared = set(suite_references(table))
    assert declared <= set(ALL_TABLES) - {table}
    used: set[str] = set()
    for query in _queries(table):
        assert "{batch}" in query
        used |= {name for name in _TABLE_NAMES.findall(query)}
        # GX leaves {batch} unaliased only when the query has a JOIN.
        if re.search(r"\{batch\}\s+AS\s+\w", query):
            assert re.search(r"\bJOIN\b", query), query
    assert used == declared


def test_invalid_expectation_is_an_error_not_a_smaller_suite(tmp_path: Path) -> None:
    """GX logs and drops an unknown expectation type; loading must refuse instead."""
    unknown = {"type": "expect_nonsense", "kwargs": {}, "meta": {"name": "a"}}
    (tmp_path / "runs.json").write_text(
        json.dumps({"name": "runs", "expectations": [unknown]}), encoding="utf-8"
    )
    with pytest.raises(ValueError, match="accepted by GX"):
        load_suite("runs", tmp_path)


def test_expectations_need_unique_names(tmp_path: Path) -> None:
    unnamed = {"type": "expect_column_values_to_be_unique", "kwargs": {"column": "run_id"}}
    spec = {"name": "runs", "expectations": [unnamed]}
    (tmp_path / "runs.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match=r"meta\.name"):
        load_suite("runs", tmp_path)
    with pytest.raises(FileNotFoundError):
        load_suite("events", tmp_path)


def test_report_summary_and_render() -> None:
    drift = ExpectationResult(
        "events", "row_count_drift", False, "observed_value=9", ({"n": 9},), "warning"
    )
    report = ValidationReport(
        False,
        (
            ExpectationResult("events", "event_id_unique", True, "unexpected_count=0"),
            ExpectationResult("events", "canonical_key_unique", False, "unexpected_count=2"),
            drift,
            ExpectationResult("runs", "run_id_unique", True, "unexpected_count=0"),
        ),
    )
    assert [r.expectation for r in report.failures()] == ["canonical_key_unique"]
    assert report.warnings() == (drift,)
    summary = report.summary()
    assert json.loads(json.dumps(summary)) == {
        "success": False,
        "evaluated": 4,
        "failed": 1,
        "warned": 1,
        "tables": {
            "events": {"evaluated": 3, "failed": 1, "warned": 1},
            "runs": {"evaluated": 1, "failed": 0, "warned": 0},
        },
        "failures": [
            {
                "table": "events",
                "expectation": "canonical_key_unique",
                "detail": "unexpected_count=2",
            }
        ],
        "warnings": [
            {
                "table": "events",
                "expectation": "row_count_drift",
                "detail": "observed_value=9",
                "rows": [{"n": 9}],
            }
        ],
    }
    lines = report.render().splitlines()
    assert lines[0] == "validation FAILED: 2/4 expectations passed, 1 warning"
    assert lines[1].split() == ["events", "3", "expectations", "1", "failed,", "1", "warned"]
    assert "x canonical_key_unique: unexpected_count=2" in lines[2]
    assert "! row_count_drift (warning): observed_value=9" in lines[3]
    assert lines[4].split() == ["runs", "1", "expectations", "ok"]


@pytest.mark.parametrize("severity", ["info", "fatal", ""])
def test_severity_is_error_or_warning(tmp_path: Path, severity: str) -> None:
    named = {
        "type": "expect_column_values_to_be_unique",
        "kwargs": {"column": "run_id"},
        "meta": {"name": "run_id_unique", "severity": severity},
    }
    spec = {"name": "runs", "expectations": [named]}
    (tmp_path / "runs.json").write_text(json.dumps(spec), encoding="utf-8")
    with pytest.raises(ValueError, match="severity"):
        load_suite("runs", tmp_path)
