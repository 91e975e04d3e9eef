"""What may reach khabar from outside, and what a reader can do to it: the inbox follows no
link out of itself, ``khabar sql`` changes nothing, readers and ``validate`` never disturb a
run, and ``annotate --jsonl`` survives any line."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any

import duckdb
import jsonschema
import pytest

from tests.conftest import REPO, SEEDS
from tests.integration.conftest import run_flow
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
