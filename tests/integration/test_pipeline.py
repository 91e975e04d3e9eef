"""The whole flow on the seeds: counts, idempotence, incremental runs, bad input."""

from __future__ import annotations

import json
import time
from pathlib import Path

import duckdb
import pytest

from khabar.nlp.events import Places
from khabar.publish.versions import list_versions, read_table
from khabar.warehouse.schema import DATASET_TABLES
from khabar.warehouse.store import fingerprint
from tests.conftest import SHARED
from tests.integration.conftest import NEW_ARTICLE, run_flow


def _snapshot(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM main.{t} ORDER BY 1").fetchall() for t in DATASET_TABLES
        }
    finally:
        con.close()


def test_seeds_end_to_end_idempotent_and_incremental(
    seed_dir: Path, tmp_path: Path, expected: dict[str, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "wh"
    first = run_flow(seed_dir, warehouse)
    assert first["status"] == "published", first["failures"]
    assert first["version"] == 1
    counts = first["counts"]
    assert counts["articles"] == 5
    assert counts["event_id_history"] == 0  # a first version retires no event id
    assert all(counts[t] > 0 for t in DATASET_TABLES if t != "event_id_history"), counts
    db = warehouse / "khabar.duckdb"
    before = _snapshot(db)

    con = duckdb.connect(str(db), read_only=True)
    texts = dict(con.execute("SELECT article_id, text FROM main.articles").fetchall())
    # offsets: the stored surface equals the slice of the stored text, for every table
    for table, surface in (
        ("mentions", "surface"),
        ("dates", "surface"),
        ("sentences", "text"),
        ("event_mentions", "trigger"),
    ):
        start, end = (
            ("trigger_start", "trigger_end")
            if table == "event_mentions"
            else ("start_char", "end_char")
        )
        for article_id, s, e, value in con.execute(
            f"SELECT article_id, {start}, {end}, {surface} FROM main.{table}"
        ).fetchall():
            assert texts[article_id][s:e] == value
    # page furniture yields nothing
    forbidden = expected["must_not_extract"]["entities"]  # type: ignore[index]
    surfaces = [r[0] for r in con.execute("SELECT surface FROM main.mentions").fetchall()]
    sentences = [r[0] for r in con.execute("SELECT text FROM main.sentences").fetchall()]
    for name in forbidden:
        assert not any(name in s for s in surfaces), name
        assert not any(name in s for s in sentences), name
    con.close()

    second = run_flow(seed_dir, warehouse)
    assert second["status"] == "unchanged"
    assert second["version"] is None
    assert _snapshot(db) == before
    assert [m["version"] for m in list_versions(warehouse / "dataset")] == [1]
    # nothing new and the tables are version 1's: no staging, no GX audit, no docs page
    assert second["validation"]["skipped"] == "nothing new since version 1"
    assert second["docs"] is None and not (warehouse / "docs" / f"{second['run_id']}.html").exists()

    (seed_dir / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    # 5 articles to 6 is more than 1.1 times: a drift warning, listed, and still published.
    monkeypatch.setenv("KHABAR_ROW_DRIFT_RATIO", "1.1")
    third = run_flow(seed_dir, warehouse)
    assert third["status"] == "published" and third["version"] == 2
    assert third["new_articles"] == 1
    drift = {w["table"] for w in third["validation"]["warnings"]}
    assert "articles" in drift and third["validation"]["failed"] == 0, third["validation"]
    after = _snapshot(db)
    new_id = _new_id(db)
    for table in ("articles", "sentences", "mentions", "dates"):
        old, new = {repr(r) for r in before[table]}, {repr(r): r for r in after[table]}
        assert old <= set(new), f"{table} lost or changed rows"
        added = [row for key, row in new.items() if key not in old]
        article_column = 0 if table == "articles" else 1
        assert added and {row[article_column] for row in added} == {new_id}, table
    manifest = list_versions(warehouse / "dataset")[-1]
    assert manifest["row_counts"]["articles"] == 6
    assert read_table(warehouse / "dataset", "articles", 1).num_rows == 5  # v1 is untouched


def _new_id(db: Path) -> str:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            "SELECT article_id FROM main.articles WHERE list_contains(paths, '005_new.txt')"
        ).fetchone()
        assert row is not None
        return str(row[0])
    finally:
        con.close()


def test_the_run_reports_its_progress_per_batch(seed_dir: Path, tmp_path: Path) -> None:
    """A progress bar in Prefect (an artifact) and a line per batch with the total, the rate
    and the time left."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        ArtifactFilter,
        ArtifactFilterKey,
        LogFilter,
        LogFilterFlowRunId,
    )
    from prefect.client.schemas.sorting import ArtifactSort, LogSort

    from flows.pipeline import PROGRESS_KEY

    summary = run_flow(seed_dir, tmp_path / "wh", batch_size=2)  # batches of 2, 2 and 1
    assert summary["status"] == "published", summary["failures"]
    with get_client(sync_client=True) as client:
        (bar,) = client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=[PROGRESS_KEY])),
            sort=ArtifactSort.CREATED_DESC,
            limit=1,
        )
        assert bar.type == "progress"
        assert bar.data == 100.0
        assert bar.description == f"articles analysed in run {summary['run_id']}"
        assert bar.flow_run_id is not None
        deadline = time.monotonic() + 30  # logs reach the API in batches, in the background
        while True:
            logs = client.read_logs(
                log_filter=LogFilter(flow_run_id=LogFilterFlowRunId(any_=[bar.flow_run_id])),
                sort=LogSort.TIMESTAMP_ASC,
            )
            lines = [log.message for log in logs if log.message.startswith("batch ")]
            if len(lines) >= 3 or time.monotonic() > deadline:
                break
            time.sleep(0.5)
    assert [line.split(",")[0] for line in lines] == [
        "batch 1/3 done: 2/5 articles (40.0%)",
        "batch 2/3 done: 4/5 articles (80.0%)",
        "batch 3/3 done: 5/5 articles (100.0%)",
    ]
    assert all(" articles/s" in line for line in lines)
    assert all(" left" in line for line in lines[:2]) and " left" not in lines[2]


def test_bad_input_is_quarantined_and_the_rest_completes(seed_dir: Path, tmp_path: Path) -> None:
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "binary.txt").write_bytes(bytes(range(256)) * 40)
    (seed_dir / "latin1.txt").write_bytes("Déjà vu: café à Moscou".encode("latin-1"))
    (seed_dir / "huge.txt").write_bytes(("भारत और रूस। " * 1_000_000).encode("utf-8")[:20_000_000])
    first_seed = sorted(seed_dir.glob("000_*.txt"))[0]
    (seed_dir / "000_copy.txt").write_bytes(first_seed.read_bytes())
    # precomposed nukta letters (U+0958, U+095B): NFC makes the clean text longer than raw
    nukta = (
        "\u0958\u093e\u0928\u0942\u0928 \u092e\u0902\u0924\u094d\u0930\u0940 \u0928\u0947"
        " \u095b\u094b\u0930 \u0926\u093f\u092f\u093e\u0964\n"
    )
    (seed_dir / "nukta.txt").write_text(nukta * 3, encoding="utf-8")
    warehouse = tmp_path / "wh"
    result = run_flow(seed_dir, warehouse)
    assert result["status"] == "published", result["failures"]
    assert result["counts"]["articles"] == 6
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    reasons = dict(con.execute("SELECT path, reason FROM main.quarantine").fetchall())
    assert reasons == {
        "empty.txt": "empty",
        "binary.txt": "binary",
        "latin1.txt": "encoding",
        "huge.txt": "too_large",
    }
    grown = con.execute(
        "SELECT n_chars, n_removed_chars FROM main.articles WHERE list_contains(paths, 'nukta.txt')"
    ).fetchone()
    assert grown is not None and grown[0] > len(nukta * 3) and grown[1] >= 0, grown
    details = [r[0] for r in con.execute("SELECT detail FROM main.quarantine").fetchall()]
    assert all(len(d) > 10 for d in details)
    paths = con.execute(
        "SELECT paths FROM main.articles WHERE list_contains(paths, '000_copy.txt')"
    ).fetchone()
    assert paths is not None and sorted(paths[0]) == ["000_6afbd132748e1bdb.txt", "000_copy.txt"]
    con.close()
    # a rerun retries the bad files (one more attempt) but changes no data
    again = run_flow(seed_dir, warehouse)
    assert again["status"] == "unchanged"
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    attempts = {r[0] for r in con.execute("SELECT attempts FROM main.quarantine").fetchall()}
    assert attempts == {2}
    con.close()


def test_missing_metadata_leaves_relative_dates_unresolved(tmp_path: Path, seed_dir: Path) -> None:
    (seed_dir.parent / "articles.csv").unlink()
    warehouse = tmp_path / "wh"
    result = run_flow(seed_dir, warehouse)
    assert result["status"] == "published", result["failures"]
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    rows = con.execute(
        "SELECT surface, value, anchor FROM main.dates WHERE surface IN ('आज', 'अगले महीने')"
    ).fetchall()
    con.close()
    assert rows, "relative expressions are still found"
    assert all(value is None or value.startswith("X") for _, value, _ in rows)


@pytest.mark.parametrize("injection", ["orphan_mention", "duplicate_event", "impossible_date"])
def test_gate_blocks_publish(
    injection: str, seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    warehouse = tmp_path / "wh"
    assert run_flow(seed_dir, warehouse)["version"] == 1
    db = warehouse / "khabar.duckdb"
    before = _snapshot(db)
    (seed_dir / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")

    from khabar import consolidate

    real_merge = consolidate.merge_events

    def corrupt(con: duckdb.DuckDBPyConnection, places: Places | None = None) -> None:
        real_merge(con, places)
        if injection == "orphan_mention":
            con.execute(
                "UPDATE staging.mentions SET entity_id = 'per_nobody' "
                "WHERE mention_id = (SELECT min(mention_id) FROM staging.mentions)"
            )
        elif injection == "duplicate_event":
            con.execute(
                "INSERT INTO staging.events SELECT 'dup' || event_id, * EXCLUDE (event_id) "
                "FROM staging.events LIMIT 1"
            )
        else:
            con.execute(
                "UPDATE staging.dates SET start_date = DATE '2999-01-01' "
                "WHERE date_id = (SELECT min(date_id) FROM staging.dates)"
            )

    monkeypatch.setattr(consolidate, "merge_events", corrupt)
    result = run_flow(seed_dir, warehouse)
    assert result["status"] == "failed"
    assert result["version"] is None
    assert result["failures"]
    assert _snapshot(db) == before  # main untouched
    assert [m["version"] for m in list_versions(warehouse / "dataset")] == [1]
    con = duckdb.connect(str(db), read_only=True)
    status, failures = con.execute(
        "SELECT status, failures FROM main.runs ORDER BY started_at DESC LIMIT 1"
    ).fetchone()  # type: ignore[misc]
    staged = con.execute("SELECT count(*) FROM staging.articles").fetchone()
    con.close()
    assert status == "failed" and failures
    assert staged == (6,)  # the failed run's rows stay staged for inspection
    report = json.loads(Path(result["report"]).read_text(encoding="utf-8"))
    assert report["status"] == "failed"

    monkeypatch.undo()
    healed = run_flow(seed_dir, warehouse)
    assert healed["status"] == "published" and healed["version"] == 2


def test_fingerprint_sees_any_change(tmp_path: Path) -> None:
    from khabar.warehouse.store import connect

    with connect(tmp_path / "k.duckdb") as con:
        empty = fingerprint(con)
        con.execute("INSERT INTO main.entities VALUES ('x', 'PER', 'क', 'k', NULL, NULL, 'kb')")
        one = fingerprint(con)
        con.execute("UPDATE main.entities SET name_en = 'K'")
        assert len({str(empty), str(one), str(fingerprint(con))}) == 3


def test_shared_seeds_match_the_repo_copy() -> None:
    for path in sorted((SHARED / "seeds").glob("*.txt")):
        repo_copy = Path(__file__).resolve().parents[2] / "seeds" / "articles" / path.name
        assert repo_copy.read_bytes() == path.read_bytes()
