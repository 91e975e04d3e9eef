"""The khabar command as a user runs it: a real process, real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, SEEDS, seed_metadata


def khabar(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env={**os.environ, **(env or {})},
    )


def test_annotate_file_reports_offsets_into_the_input() -> None:
    path = sorted(SEEDS.glob("001_*.txt"))[0]
    published = seed_metadata()[path.name]
    result = khabar("annotate", str(path), "--published", published.isoformat())
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    text = path.read_text(encoding="utf-8")
    assert data["language"] == "hi"
    for key in ("entities", "dates"):
        assert data[key]
        for item in data[key]:
            assert text[item["start"] : item["end"]] == item["text"]
    for sentence in data["sentences"]:
        assert 0 <= sentence["start"] < sentence["end"] <= len(text)
    for event in data["events"]:
        trigger = event["trigger"]
        assert text[trigger["start"] : trigger["end"]] == trigger["text"]
    assert {"आज": "2025-11-17"}.items() <= {d["text"]: d["value"] for d in data["dates"]}.items()


def test_annotate_jsonl_keeps_order_and_reports_bad_lines() -> None:
    lines = [
        {"id": "a", "text": "  मोदी ने  आज पुतिन से बात की।", "published": "2020-09-18"},
        {"id": "b", "text": "", "published": None},
        {"id": "c", "text": "Jaishankar met Lavrov in Moscow on November 19, 2025."},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    result = khabar("annotate", "--jsonl", stdin=stdin)
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert [o.get("id") for o in out] == ["a", "b", "c", None]
    assert result.returncode == 0  # the stream was read; its bad line says so in its place
    assert "4 lines, 1 with an error" in result.stderr
    assert out[1]["sentences"] == [] and "not valid JSON" in out[3]["error"]
    first = out[0]
    text = lines[0]["text"]
    assert isinstance(text, str)
    for item in first["entities"] + first["dates"]:
        assert text[item["start"] : item["end"]] == item["text"]
    assert any(d["value"] == "2020-09-18" for d in first["dates"])
    assert any(d["value"] == "2025-11-19" for d in out[2]["dates"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("annotate",), "give a FILE or --jsonl"),
        (("annotate", "/nonexistent/file.txt"), "No such file"),
        (("run", "--input", "/nonexistent/dir"), "does not exist"),
        (("versions", "--warehouse", "/nonexistent/wh"), "no published versions"),
    ],
)
def test_cli_errors_are_clear(args: tuple[str, ...], message: str) -> None:
    result = khabar(*args)
    assert message in result.stdout + result.stderr


def test_run_validate_versions(tmp_path: Path, seed_dir: Path) -> None:
    warehouse = tmp_path / "wh"
    run = khabar("run", "--input", str(seed_dir), "--warehouse", str(warehouse))
    assert run.returncode == 0, run.stdout + run.stderr
    for word in (
        "articles",
        "sentences",
        "entities",
        "mentions",
        "dates",
        "events",
        "quarantined",
        "version",
        "published",
    ):
        assert word in run.stdout
    validate = khabar("validate", "--warehouse", str(warehouse))
    assert validate.returncode == 0, validate.stdout
    as_json = khabar("validate", "--json", "--warehouse", str(warehouse))
    report = json.loads(as_json.stdout)
    assert as_json.returncode == 0 and report["success"] and report["failed"] == 0
    assert report["evaluated"] == sum(t["evaluated"] for t in report["tables"].values()) > 0
    again = khabar("run", "--json", "--input", str(seed_dir), "--warehouse", str(warehouse))
    summary = json.loads(again.stdout)
    assert again.returncode == 0 and summary["status"] == "unchanged"
    assert summary["version"] is None and summary["counts"]["articles"] == 5
    versions = khabar("versions", env={"KHABAR_WAREHOUSE": str(warehouse)})
    assert versions.returncode == 0
    assert "1" in versions.stdout and "passed" in versions.stdout

    import duckdb

    # validate checks the published state, in the readers' file
    con = duckdb.connect(str(warehouse / "analyst.duckdb"))
    con.execute(
        "INSERT INTO main.mentions SELECT 'orphan', * EXCLUDE (mention_id) "
        "REPLACE ('per_nobody' AS entity_id) FROM main.mentions LIMIT 1"
    )
    con.close()
    broken = khabar("validate", "--warehouse", str(warehouse))
    assert broken.returncode == 1
    assert "mentions" in broken.stdout
