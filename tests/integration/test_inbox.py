"""The incremental inbox: KHABAR_INBOX, content-hash identity, bounded retries of bad files."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from khabar.publish.versions import list_versions
from khabar.warehouse.schema import DATASET_TABLES
from tests.conftest import REPO, SEEDS
from tests.integration.conftest import dataset_rows


def _inbox(tmp_path: Path, n: int = 5) -> Path:
    """An inbox with the first ``n`` seed articles and the seeds' metadata CSV."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for path in sorted(SEEDS.glob("*.txt"))[:n]:
        shutil.copy(path, inbox / path.name)
    shutil.copy(REPO / "seeds" / "articles.csv", inbox / "metadata.csv")
    return inbox


def _run_inbox(inbox: Path, warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> dict[str, object]:
    """One run as a schedule starts it: no parameters, everything from KHABAR_* settings."""
    from flows.pipeline import news_pipeline

    monkeypatch.setenv("KHABAR_INBOX", str(inbox))
    monkeypatch.setenv("KHABAR_WAREHOUSE", str(warehouse))
    result = news_pipeline()
    assert isinstance(result, dict)
    return result


def _quarantine(db: Path) -> dict[str, tuple[str, str, int]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT path, stage, reason, attempts FROM main.quarantine").fetchall()
    finally:
        con.close()
    return {path: (stage, reason, attempts) for path, stage, reason, attempts in rows}


def test_inbox_rerun_and_rename_are_not_new_articles(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, warehouse = _inbox(tmp_path), tmp_path / "wh"
    first = _run_inbox(inbox, warehouse, monkeypatch)
    assert first["status"] == "published", first["failures"]
    assert first["new_articles"] == 5 and first["version"] == 1
    before = dataset_rows(warehouse / "khabar.duckdb")

    # nothing new in the inbox: no work, no version
    again = _run_inbox(inbox, warehouse, monkeypatch)
    assert again["status"] == "unchanged" and again["version"] is None
    assert again["new_articles"] == 0
    assert dataset_rows(warehouse / "khabar.duckdb") == before
    assert [v["version"] for v in list_versions(warehouse / "dataset")] == [1]

    # a renamed file is the same article: only its list of paths grows
    old = sorted(inbox.glob("002_*.txt"))[0]
    old.rename(inbox / "renamed.txt")
    renamed = _run_inbox(inbox, warehouse, monkeypatch)
    assert renamed["new_articles"] == 0
    assert renamed["status"] == "published" and renamed["version"] == 2  # paths changed
    after = dataset_rows(warehouse / "khabar.duckdb")
    for table in DATASET_TABLES:
        if table != "articles":
            assert after[table] == before[table], table
    assert [r[0] for r in after["articles"]] == [r[0] for r in before["articles"]]
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    paths = con.execute(
        "SELECT paths FROM main.articles WHERE list_contains(paths, 'renamed.txt')"
    ).fetchall()
    con.close()
    assert paths == [([old.name, "renamed.txt"],)]


def test_bad_files_are_retried_at_most_max_attempts_times(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KHABAR_MAX_ATTEMPTS", "2")
    inbox, warehouse = _inbox(tmp_path, n=1), tmp_path / "wh"
    (inbox / "empty.txt").write_bytes(b"")  # fails at load
    (inbox / "teaser.txt").write_text("Also Read - पूरी खबर यहां पढ़ें\n", encoding="utf-8")
    db = warehouse / "khabar.duckdb"

    first = _run_inbox(inbox, warehouse, monkeypatch)
    assert first["status"] == "published" and first["quarantined"] == 2
    assert _quarantine(db) == {
        "empty.txt": ("load", "empty", 1),
        "teaser.txt": ("clean", "error", 1),
    }
    second = _run_inbox(inbox, warehouse, monkeypatch)
    assert second["status"] == "unchanged" and second["quarantined"] == 2
    assert {p: q[2] for p, q in _quarantine(db).items()} == {"empty.txt": 2, "teaser.txt": 2}
    # past the budget: neither file is tried again, and the run has nothing to do
    third = _run_inbox(inbox, warehouse, monkeypatch)
    assert third["status"] == "unchanged" and third["quarantined"] == 0
    assert third["new_articles"] == 0
    assert {p: q[2] for p, q in _quarantine(db).items()} == {"empty.txt": 2, "teaser.txt": 2}
    assert [v["version"] for v in list_versions(warehouse / "dataset")] == [1]

    # a fixed file is new content: it is processed, whatever its old attempts
    (inbox / "empty.txt").write_text(
        "नई दिल्ली: प्रधानमंत्री नरेंद्र मोदी ने आज जापान के प्रधानमंत्री से मुलाकात की।\n",
        encoding="utf-8",
    )
    fixed = _run_inbox(inbox, warehouse, monkeypatch)
    assert fixed["status"] == "published" and fixed["new_articles"] == 1
    assert fixed["version"] == 2
