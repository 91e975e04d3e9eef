"""What may reach khabar from outside, and what a reader can do to it: the inbox follows no
link out of itself, ``khabar sql`` changes nothing, readers and ``validate`` never disturb a
run, and ``annotate --jsonl`` survives any line."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest

from khabar.warehouse import WarehouseLocked, store
from tests.conftest import REPO, SEEDS
from tests.integration.conftest import NEW_ARTICLE, run_flow
from tests.integration.test_cli import khabar


@pytest.fixture(scope="module")
def published(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with version 1 of the seeds, from an inbox that also holds a link to
    /etc/passwd, a link to a file outside it and a FIFO."""
    root = tmp_path_factory.mktemp("access")
    inbox = root / "articles"
    shutil.copytree(SEEDS, inbox)
    shutil.copy(REPO / "seeds" / "articles.csv", root / "articles.csv")
    (root / "outside.txt").write_text("बाहर का पाठ, जो कभी नहीं पढ़ा जाना चाहिए।\n", "utf-8")
    (inbox / "p.txt").symlink_to("/etc/passwd")
    (inbox / "up.txt").symlink_to(root / "outside.txt")
    os.mkfifo(inbox / "pipe.txt")
    warehouse = root / "wh"
    summary = run_flow(inbox, warehouse)
    assert summary["status"] == "published", summary
    return warehouse


def test_nothing_outside_the_inbox_is_published(published: Path) -> None:
    con = duckdb.connect(str(published / "khabar.duckdb"), read_only=True)
    texts = [row[0] for row in con.execute("SELECT raw_text FROM main.articles").fetchall()]
    paths = con.execute("SELECT list_sort(flatten(list(paths))) FROM main.articles").fetchone()
    quarantined = dict(con.execute("SELECT path, reason FROM main.quarantine").fetchall())
    con.close()
    assert len(texts) == 5 and not any("root:" in t or "बाहर का पाठ" in t for t in texts)
    assert paths is not None and not {"p.txt", "up.txt", "pipe.txt"} & set(paths[0])
    assert quarantined == {"p.txt": "link", "up.txt": "link", "pipe.txt": "special"}


def _sql(warehouse: Path, query: str, *flags: str) -> Any:
    return khabar("sql", "--warehouse", str(warehouse), *flags, "-c", query)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_sql_cannot_attach_the_warehouse_and_delete(published: Path) -> None:
    db = published / "khabar.duckdb"
    result = _sql(published, f"ATTACH '{db}' AS w; DELETE FROM w.main.events;")
    assert result.returncode == 1 and "Permission Error" in result.stderr
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM main.events").fetchone() != (0,)
    con.close()


def test_sql_cannot_overwrite_a_published_parquet_file(published: Path) -> None:
    target = sorted((published / "dataset" / "events").glob("*.parquet"))[0]
    before = _digest(target)
    result = _sql(published, f"COPY (SELECT 1 AS x) TO '{target}' (FORMAT parquet)")
    assert result.returncode == 1 and "Permission Error" in result.stderr
    assert _digest(target) == before
    export = _sql(published, f"EXPORT DATABASE '{published / 'exported'}'")
    assert export.returncode == 1 and not (published / "exported").exists()


@pytest.mark.parametrize(
    "query",
    [
        "INSTALL delta",
        "LOAD delta",
        "SELECT content FROM read_text('/etc/passwd')",
        "SELECT * FROM read_csv('/etc/passwd')",
        "SET enable_external_access = true",
        "SET lock_configuration = false",
    ],
)
def test_sql_cannot_reach_outside_or_unlock(published: Path, query: str) -> None:
    result = _sql(published, query)
    assert result.returncode == 1, result.stdout
    assert "root:" not in result.stdout
    assert "Permission Error" in result.stderr or "Cannot change configuration" in result.stderr


def test_sql_still_reads_the_version(published: Path) -> None:
    result = _sql(published, "SELECT count(*) AS n FROM event_timeline", "--csv")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "n" and int(result.stdout.splitlines()[1]) > 0


def test_sql_csv_is_spreadsheet_safe(published: Path) -> None:
    query = (
        "SELECT '=HYPERLINK(\"http://x\")' AS f, '+1' AS p, '-1' AS m, '@SUM(A1)' AS a, "
        "-5 AS n, 'ok' AS t"
    )
    safe = _sql(published, query, "--csv")
    assert safe.returncode == 0, safe.stderr
    assert safe.stdout.splitlines()[1] == '"\'=HYPERLINK(""http://x"")",\'+1,\'-1,\'@SUM(A1),-5,ok'
    raw = _sql(published, query, "--csv", "--csv-raw")
    assert raw.stdout.splitlines()[1] == '"=HYPERLINK(""http://x"")",+1,-1,@SUM(A1),-5,ok'


def _annotate_schema() -> dict[str, Any]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for block in re.findall(r"```json\n(.*?)```", readme, flags=re.DOTALL):
        if '"title": "khabar annotate output line"' in block:
            schema: dict[str, Any] = json.loads(block)
            return schema
    raise AssertionError("README has no JSON schema for khabar annotate")


def test_annotate_stream_answers_every_line_in_the_published_schema() -> None:
    seeds = sorted(SEEDS.glob("*.txt"))
    good = [
        {"id": p.name, "text": p.read_text(encoding="utf-8"), "published": "2025-08-13"}
        for p in seeds
    ]
    lines = [
        json.dumps(good[0], ensure_ascii=False),
        '{"id":"a","text":null}',
        '{"id":"n","text":42}',
        "null",
        "[1]",
        '"s"',
        json.dumps({"id": "furniture", "text": "यह भी पढ़ें: मोदी ने पुतिन से बात की"}),
        *(json.dumps(g, ensure_ascii=False) for g in good[1:]),
    ]
    result = khabar("annotate", "--jsonl", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    ids = [o["id"] for o in out]
    assert ids == [seeds[0].name, "a", "n", None, None, None, "furniture"] + [
        p.name for p in seeds[1:]
    ]
    assert out[1] == {"id": "a", "error": "line 2: text must be a string, got null"}
    assert all(set(o) == {"id", "error"} for o in out[1:6])
    assert out[6]["entities"] == out[6]["events"] == [] and out[6]["language"] is None
    assert f"{len(lines)} lines, 5 with an error" in result.stderr
    schema = _annotate_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    for item in out:
        validator.validate(item)
    texts = {g["id"]: g["text"] for g in good}
    for item in out:
        if item["id"] in texts:
            text = texts[item["id"]]
            spans = item["entities"] + item["dates"] + [e["trigger"] for e in item["events"]]
            assert spans and all(text[s["start"] : s["end"]] == s["text"] for s in spans)
    assert any(item.get("events") for item in out)  # the schema met real events


def _second_inbox(root: Path) -> Path:
    """The seeds plus one new article: what the next scheduled run finds."""
    inbox = root / "inbox2"
    shutil.copytree(SEEDS, inbox)
    shutil.copy(REPO / "seeds" / "articles.csv", root / "inbox2.csv")
    (inbox / "new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    return inbox


_READER = """
import sys, duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
def state():
    version = con.execute("SELECT version FROM khabar_version").fetchone()[0]
    return f"{version} {con.execute('SELECT count(*) FROM articles').fetchone()[0]}"
print(state(), flush=True)
sys.stdin.readline()
print(state(), flush=True)
"""


def _state(db: Path) -> str:
    result = subprocess.run(
        [sys.executable, "-c", _READER, str(db)], input="\n", capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()[0]


def test_analyst_file_is_the_published_version_only(published: Path) -> None:
    con = duckdb.connect(str(published / "analyst.duckdb"), read_only=True)
    schemas = {r[0] for r in con.execute("SELECT schema_name FROM duckdb_schemas()").fetchall()}
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    views = {
        r[0]
        for r in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()
    }
    version = con.execute("SELECT version FROM khabar_version").fetchone()
    events = con.execute("SELECT count(*) FROM event_timeline").fetchone()
    con.close()
    assert not {"incoming", "staging"} & schemas
    assert {"articles", "events", "quarantine", "runs", "khabar_version"} <= tables
    assert {"event_timeline", "actor_pairs", "article_mentions", "event_reports"} <= views
    assert "event_countries" in views
    assert version == (1,)
    via_sql = _sql(published, "SELECT count(*) FROM event_timeline", "--csv")
    assert events is not None and via_sql.stdout.splitlines()[1] == str(events[0])


def test_warehouse_and_analyst_file_carry_the_data_dictionary(published: Path) -> None:
    """duckdb_columns().comment of every column, in the warehouse (both schemas) and in the
    analyst file, whose tables are copies made without their DDL."""
    from khabar.publish.codebook import dictionary
    from khabar.warehouse.schema import ALL_TABLES, DATASET_TABLES

    docs = {d.name: {c.name: c.comment for c in d.columns} for d in dictionary()}
    for name, schema, tables in (
        ("khabar.duckdb", "main", ALL_TABLES),
        ("khabar.duckdb", "staging", DATASET_TABLES),
        ("analyst.duckdb", "main", ALL_TABLES),
    ):
        con = duckdb.connect(str(published / name), read_only=True)
        for table in tables:
            found = dict(
                con.execute(
                    "SELECT column_name, comment FROM duckdb_columns() "
                    "WHERE schema_name = ? AND table_name = ?",
                    [schema, table],
                ).fetchall()
            )
            assert found == docs[table], (name, schema, table)
        con.close()


def test_a_reader_holding_the_analyst_file_does_not_disturb_a_run(
    published: Path, tmp_path: Path
) -> None:
    warehouse = tmp_path / "wh"
    shutil.copytree(published, warehouse)
    reader = subprocess.Popen(
        [sys.executable, "-c", _READER, str(warehouse / "analyst.duckdb")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "1 5"
        summary = run_flow(_second_inbox(tmp_path), warehouse)  # the reader holds it open
        assert summary["status"] == "published" and summary["version"] == 2, summary
        held, err = reader.communicate("\n", timeout=60)
    finally:
        reader.kill()
    assert reader.returncode == 0, err
    assert held.strip() == "1 5"  # the open file still reads the version it opened
    assert _state(warehouse / "analyst.duckdb") == "2 6"  # a new reader gets the new one
    assert not list(warehouse.glob(".analyst.duckdb.*"))


def test_validate_during_a_run_does_not_disturb_it(published: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "wh"
    shutil.copytree(published, warehouse)
    results: list[subprocess.CompletedProcess[str]] = []
    stop = threading.Event()

    def validate_until_stopped() -> None:
        while not stop.is_set():
            results.append(khabar("validate", "--warehouse", str(warehouse)))

    validator = threading.Thread(target=validate_until_stopped)
    validator.start()
    try:
        summary = run_flow(_second_inbox(tmp_path), warehouse)
    finally:
        stop.set()
        validator.join()
    assert summary["status"] == "published" and summary["version"] == 2, summary
    assert results and all(r.returncode == 0 for r in results), [r.stderr for r in results]
    assert all("analyst.duckdb" in r.stdout for r in results)


def test_validate_a_missing_warehouse_says_so_and_creates_nothing(tmp_path: Path) -> None:
    typo = tmp_path / "warehuose"
    result = khabar("validate", "--warehouse", str(typo))
    assert result.returncode == 2
    assert f"no warehouse at {typo}" in " ".join(result.stderr.split())
    assert not typo.exists()


def test_the_writer_waits_for_a_lock_then_fails_clearly(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    db = tmp_path / "khabar.duckdb"
    duckdb.connect(str(db)).close()
    hold = (
        "import sys, time, duckdb; c = duckdb.connect(sys.argv[1], read_only=True); "
        "print(1, flush=True); time.sleep(float(sys.argv[2]))"
    )
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(db), "1.5"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "1"
    with caplog.at_level(logging.WARNING, logger="khabar.warehouse.store"):
        con = store.open_waiting(db, read_only=False, wait=30)  # waits for the holder
    con.close()
    holder.wait()
    assert any(f"(PID {holder.pid})" in r.getMessage() for r in caplog.records)
    assert "trying again" in caplog.records[0].getMessage()
    holder = subprocess.Popen(
        [sys.executable, "-c", hold, str(db), "30"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "1"
        started = time.monotonic()
        with pytest.raises(WarehouseLocked, match=rf"locked by another process .*PID {holder.pid}"):
            store.open_waiting(db, read_only=False, wait=1.0)
        assert time.monotonic() - started < 10
    finally:
        holder.kill()
        holder.wait()
