"""The SQL examples in the README run against a warehouse built from the seeds."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import duckdb

from tests.conftest import REPO
from tests.integration.conftest import run_flow


def _example(name: str) -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```sql\n(.*?)```", readme, flags=re.DOTALL):
        if f"-- example: {name}" in block:
            return str(block)
    raise AssertionError(f"README has no SQL example {name!r}")


def test_jaishankar_lavrov_meetings_by_date(seed_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    assert run_flow(seed_dir, warehouse)["status"] == "published"
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    rows = con.execute(_example("jaishankar-lavrov meetings")).fetchall()
    con.close()
    by_date = {row[0]: row for row in rows}
    assert by_date["2025-08-21"][2] == "Moscow"
    assert by_date["2025-08-21"][5] == 2  # reported by two articles, one row
    assert by_date["2025-02"][2] == "Johannesburg"
    assert "2025-11-17" in by_date and "2023-12-27" in by_date
    starts = [row[1] for row in rows if row[1] is not None]
    assert starts == sorted(starts) and all(isinstance(d, date) for d in starts)
    assert len(by_date) == len(rows)  # no meeting is split into two rows
