"""Every command of the README runs as written: the SQL and Python examples and the shell
commands that work on a warehouse built from the seeds. A shell command that cannot run here
(it builds the venv, serves for ever, needs a production server) is listed with the reason
and the test that covers it instead; a new README command must be one or the other."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
from datetime import date
from pathlib import Path

import duckdb
import pyarrow.parquet
import pytest

from tests.conftest import CODE_PATH, REPO

_README = (REPO / "README.md").read_text(encoding="utf-8")

# First words of a README shell command that is not run here, and why.
NOT_RUN = {
    ("make", "run"): "creates .venv and runs the flow on the seeds: the warehouse built below",
    ("make", "test"): "the whole suite, this test included",
    ("make", "test-fast"): "unit tests, run by .ci/run",
    ("make", "lint"): "run by .ci/run",
    ("KHABAR_INBOX=/data/inbox", "make", "serve"): "serves for ever: test_schedule.py",
    ("export", "PREFECT_API_URL=http://prefect.internal:4200/api"): "a production server",
    ("prefect", "work-pool"): "a production server",
    ("prefect", "deploy"): "a production server",
    ("KHABAR_INBOX=/data/inbox", "KHABAR_WAREHOUSE=/data/warehouse", "prefect"): "a server",
    (".venv/bin/khabar", "run", "--runner"): "the runners: tests/integration/test_runners.py",
    (".venv/bin/python", "benchmarks/throughput.py"): "minutes to hours: benchmarks/",
}


def _blocks(lang: str) -> list[str]:
    return [str(b) for b in re.findall(rf"```{lang}\n(.*?)```", _README, flags=re.DOTALL)]


def _shell_commands() -> list[list[str]]:
    """Each command of the README's ``sh`` blocks as words, comments and ``\\`` joins
    resolved as the shell would."""
    commands = []
    for block in _blocks("sh"):
        for line in block.replace("\\\n", " ").splitlines():
            words = shlex.split(line, comments=True)
            if words:
                commands.append(words)
    return commands


def _example(name: str) -> str:
    for block in _blocks("sql"):
        if f"-- example: {name}" in block:
            return block
    raise AssertionError(f"README has no SQL example {name!r}")


@pytest.fixture(scope="module")
def here(published_seeds: Path) -> Path:
    """A directory laid out like the repository after ``make run``: ``warehouse/`` built from
    the seeds, ``seeds/`` beside it (the session's published seeds)."""
    return published_seeds


def _runnable(words: list[str]) -> list[str] | None:
    """The command as this test runs it (the venv's programs are this interpreter's), or
    None when it is listed in NOT_RUN."""
    if any(tuple(words[: len(key)]) == key for key in NOT_RUN):
        return None
    if words[0] == ".venv/bin/khabar":
        return [sys.executable, "-m", "flows.cli", *words[1:]]
    if words[0] == ".venv/bin/python":
        return [sys.executable, *words[1:]]
    if words[0] == "sha256sum":
        return words
    raise AssertionError(f"README command {shlex.join(words)!r} is neither run nor in NOT_RUN")


def test_every_readme_shell_command_runs(here: Path) -> None:
    ran = []
    env = {
        **os.environ,
        "KHABAR_WAREHOUSE": str(here / "warehouse"),
        "PYTHONPATH": CODE_PATH,
    }
    for words in _shell_commands():
        cwd = here
        if words[0] == "cd" and words[2] == "&&":  # `cd DIR && COMMAND`
            cwd, words = here / words[1], words[3:]
        command = _runnable(words)
        if command is None:
            continue
        result = subprocess.run(
            command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300
        )
        assert result.returncode == 0, f"{shlex.join(words)}\n{result.stdout}{result.stderr}"
        assert result.stdout.strip(), shlex.join(words)
        ran.append((words, result.stdout))
    outputs = {" ".join(w[:2]): out for w, out in ran}
    assert "passed" in outputs[".venv/bin/khabar versions"]
    assert "CONSULT" in outputs[".venv/bin/python -c"]  # the one-line DuckDB example
    assert '"language": "hi"' in outputs[".venv/bin/khabar annotate"]
    assert "events.parquet: OK" in outputs["sha256sum -c"]
    assert "FAILED" not in outputs["sha256sum -c"]
    assert "khabar-v1" in outputs[".venv/bin/khabar export"]
    by_type = json.loads(outputs[".venv/bin/khabar sql"])
    assert by_type[0]["type"] == "CONSULT" and sum(r["n"] for r in by_type) > 0
    shareable = here / "releases" / "shareable" / "khabar-v1" / "articles.parquet"
    assert "text" not in pyarrow.parquet.read_schema(shareable).names
    assert len(ran) == 8


def test_readme_python_example_runs(here: Path) -> None:
    (block,) = _blocks("python")
    check = block + "\nassert events.height > 0 and 'event_id' in events.columns\n"
    env = {**os.environ, "PYTHONPATH": CODE_PATH}
    result = subprocess.run(
        [sys.executable, "-c", check], cwd=here, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


def test_every_readme_sql_example_runs_on_the_analyst_file(here: Path) -> None:
    con = duckdb.connect(str(here / "warehouse" / "analyst.duckdb"), read_only=True)
    try:
        for block in _blocks("sql"):
            assert con.execute(block).fetchall(), block
    finally:
        con.close()


def test_jaishankar_lavrov_meetings_by_date(here: Path) -> None:
    con = duckdb.connect(str(here / "warehouse" / "analyst.duckdb"), read_only=True)
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


def _analyst(here: Path) -> duckdb.DuckDBPyConnection:
    return duckdb.connect(str(here / "warehouse" / "analyst.duckdb"), read_only=True)


def test_india_russia_meetings_in_2025_by_country_code(here: Path) -> None:
    con = _analyst(here)
    try:
        rows = con.execute(_example("india-russia meetings in 2025")).fetchall()
        # The same answer without the view: participants' countries from entities, in Python.
        country = dict(con.execute("SELECT entity_id, country FROM entities").fetchall())
        events = con.execute(
            "SELECT event_id, list_concat(actors, recipients) FROM events"
            " WHERE type = 'CONSULT' AND year(start_date) = 2025"
        ).fetchall()
    finally:
        con.close()
    expected = [e for e, ids in events if {"IN", "RU"} <= {country[i] for i in ids}]
    assert len(rows) == len(expected) > 0
    assert all({"IN", "RU"} <= set(r[4]) and r[0].year == 2025 for r in rows)
    by_date = {r[1]: r for r in rows}
    assert by_date["2025-08-21"][7] == "Moscow" and by_date["2025-08-21"][8] == 2
    # Found by codes: no participant of that meeting is named India or Russia.
    assert not {"India", "Russia"} & set(by_date["2025-08-21"][5])
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)


def test_most_reported_events_with_their_sentences(here: Path) -> None:
    con = _analyst(here)
    try:
        rows = con.execute(_example("most reported events with their sentences")).fetchall()
        top = con.execute(
            "SELECT event_id, num_articles, num_mentions FROM events"
            " ORDER BY num_articles DESC, num_mentions DESC, event_id LIMIT 3"
        ).fetchall()
        sentences = con.execute(
            "SELECT em.event_id, s.text FROM event_mentions AS em"
            " JOIN sentences AS s ON s.sentence_id = em.sentence_id"
        ).fetchall()
    finally:
        con.close()
    ids = {e for e, _, _ in top}
    assert {r[0] for r in rows} == ids
    assert len(rows) == sum(n for _, _, n in top)  # one row per report
    assert sorted((r[0], r[7]) for r in rows) == sorted(s for s in sentences if s[0] in ids)
    assert rows[0][4] == top[0][1] == max(r[4] for r in rows)


def test_actor_pairs_by_month(here: Path) -> None:
    con = _analyst(here)
    try:
        rows = con.execute(_example("actor pairs by month")).fetchall()
        dated = con.execute(
            "SELECT sum(n) FROM (SELECT len(list_distinct(list_concat(actors, recipients)))"
            " AS k, k * (k - 1) // 2 AS n FROM events WHERE start_date IS NOT NULL)"
        ).fetchone()
    finally:
        con.close()
    assert dated is not None and sum(r[3] for r in rows) == dated[0]  # every dated pair once
    assert [r[0] for r in rows] == sorted(r[0] for r in rows)
    assert all(r[1] and r[2] for r in rows)  # a name for every entity, never empty
    months = {r[0] for r in rows if {r[1], r[2]} == {"S. Jaishankar", "Sergey Lavrov"}}
    assert {"2023-12", "2025-08", "2025-11"} <= months
