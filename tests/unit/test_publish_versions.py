"""The Delta publish layer on a small hand-made warehouse: versions, merges, crash safety."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
from deltalake import DeltaTable

from khabar.publish import versions
from khabar.warehouse.schema import DATASET_TABLES, create_tables


def add_article(con: duckdb.DuckDBPyConnection, n: int, person: str = "per_a") -> None:
    """One article with a sentence, a mention, a date and an event report."""
    a, s = f"art{n}", f"art{n}-0"
    con.execute(
        "INSERT INTO articles VALUES (?, [?], 'src', NULL, '2025-01-0' || ?, 'क ख', 'क ख', "
        "[0, 0, 3], 'hi', 0.99, 3, 0)",
        [a, f"{n:03d}.txt", str(n)],
    )
    con.execute("INSERT INTO sentences VALUES (?, ?, 0, 0, 3, 'क ख', 'hi', 0.9)", [s, a])
    con.execute(
        "INSERT INTO entities SELECT ?, 'PER', 'क', NULL, NULL, NULL, 'generated' "
        "WHERE ? NOT IN (SELECT entity_id FROM entities)",
        [person, person],
    )
    con.execute(
        "INSERT INTO mentions VALUES (?, ?, ?, 0, 1, 'क', 'PER', ?, NULL, 'gazetteer', 1.0)",
        [f"m{n}", a, s, person],
    )
    con.execute(
        "INSERT INTO dates VALUES (?, ?, ?, 2, 3, 'ख', 'DATE', '2025-01-01', "
        "DATE '2025-01-01', DATE '2025-01-01', 'day', 'explicit')",
        [f"d{n}", a, s],
    )
    con.execute(
        "INSERT INTO event_mentions VALUES (?, 'ev1', ?, ?, 0, 1, 'क', 'CONSULT', 'meet', "
        "'occurred', [?], [], NULL, '2025-01-01', 'sentence', false, [0, 1], 0.8, "
        "DATE '2025-01-01', DATE '2025-01-01', 'day')",
        [f"em{n}", a, s, person],
    )
    con.execute("DELETE FROM events")
    con.execute(
        "INSERT INTO events SELECT 'ev1', 'CONSULT', 'meet', [?], [], NULL, '2025-01-01', "
        "DATE '2025-01-01', DATE '2025-01-01', 'day', 'occurred', count(*), count(*), "
        "DATE '2025-01-01', 0.8, 'k' FROM event_mentions",
        [person],
    )


def request(run: str) -> versions.PublishRequest:
    return versions.PublishRequest(run, "0.1.0+test", f"hash-{run}", {"success": True}, NOW)


NOW = datetime(2026, 1, 1, 12, 0, 0)


@pytest.fixture
def con(tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = duckdb.connect(str(tmp_path / "k.duckdb"))
    create_tables(connection)
    yield connection
    connection.close()


def rows(con: duckdb.DuckDBPyConnection, table: str) -> list[tuple[object, ...]]:
    return con.execute(f"SELECT * FROM main.{table} ORDER BY 1").fetchall()


def published_rows(dataset: Path, table: str, version: int | None) -> list[tuple[object, ...]]:
    data = versions.read_table(dataset, table, version)
    scratch = duckdb.connect()
    scratch.register("t", data)
    result = scratch.execute("SELECT * FROM t ORDER BY 1").fetchall()
    scratch.close()
    return result


def test_versions_advance_together_and_old_ones_stay_readable(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    assert versions.list_versions(dataset) == [] and versions.latest_version(dataset) is None
    add_article(con, 1)
    add_article(con, 2)
    v1_rows = {t: rows(con, t) for t in DATASET_TABLES}
    assert versions.publish(con, dataset, request("r1"), fingerprint="f1") == 1
    add_article(con, 3, person="per_b")
    con.execute("UPDATE articles SET source = 'changed' WHERE article_id = 'art1'")
    con.execute("DELETE FROM dates WHERE date_id = 'd2'")
    assert versions.publish(con, dataset, request("r2"), fingerprint="f2") == 2

    log = versions.list_versions(dataset)
    assert [e["version"] for e in log] == [1, 2]
    first, second = log
    for key in ("run_id", "created_at", "code_version", "input_hash", "row_counts", "validation"):
        assert key in first
    assert first["fingerprint"] == "f1" and second["input_hash"] == "hash-r2"
    assert set(first["delta_versions"]) == set(DATASET_TABLES)
    # every table advances exactly once per version, changed or not
    assert all(
        second["delta_versions"][t] == first["delta_versions"][t] + 1
        for t in first["delta_versions"]
    )
    assert second["row_counts"]["articles"] == 3 and second["row_counts"]["dates"] == 2
    assert second["changes"]["articles"] == {"inserted": 1, "updated": 1, "deleted": 0}
    assert second["changes"]["dates"] == {"inserted": 1, "updated": 0, "deleted": 1}
    assert second["changes"]["sentences"] == {"inserted": 1, "updated": 0, "deleted": 0}
    for table in DATASET_TABLES:
        assert published_rows(dataset, table, 1) == v1_rows[table], table
        assert published_rows(dataset, table, 2) == rows(con, table), table


def test_each_commit_carries_the_run_metadata(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    add_article(con, 1)
    versions.publish(con, dataset, request("r1"))
    versions.publish(con, dataset, request("r2"))  # nothing changed: empty commits
    for table in DATASET_TABLES:
        history = DeltaTable(str(dataset / table)).history()  # newest first
        assert [h["khabar_version"] for h in history] == ["2", "1"]
        assert [h["khabar_run_id"] for h in history] == ["r2", "r1"]
        assert history[0]["khabar_input_hash"] == "hash-r2"
        assert history[0]["khabar_code_version"] == "0.1.0+test"
        assert '"success": true' in history[0]["khabar_validation"]
        assert history[0]["operationMetrics"].get("num_added_rows", 0) == 0


def test_delta_tables_carry_the_data_dictionary(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    from khabar.publish.codebook import dictionary

    dataset = tmp_path / "dataset"
    add_article(con, 1)
    versions.publish(con, dataset, request("r1"))
    add_article(con, 2)
    versions.publish(con, dataset, request("r2"))  # a merge keeps the schema's metadata
    for doc in dictionary(DATASET_TABLES):
        table = DeltaTable(str(dataset / doc.name))
        assert table.metadata().description == doc.comment
        fields = json.loads(table.schema().to_json())["fields"]
        assert {f["name"]: f["metadata"]["description"] for f in fields} == {
            c.name: c.comment for c in doc.columns
        }


def test_a_rerun_writes_only_the_new_rows(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    dataset = tmp_path / "dataset"
    for n in range(1, 6):
        add_article(con, n)
    versions.publish(con, dataset, request("r1"))
    files_before = set(DeltaTable(str(dataset / "articles")).file_uris())
    add_article(con, 6)
    versions.publish(con, dataset, request("r2"))
    table = DeltaTable(str(dataset / "articles"))
    merge = table.history()[0]
    assert merge["operation"] == "MERGE"
    metrics = merge["operationMetrics"]
    assert metrics["num_target_rows_inserted"] == 1
    assert metrics["num_target_rows_copied"] == 0  # no existing row rewritten
    assert files_before < set(table.file_uris())  # old files kept, one added


def test_a_crash_mid_publish_is_invisible_and_the_next_publish_heals(
    con: duckdb.DuckDBPyConnection, tmp_path: Path
) -> None:
    dataset = tmp_path / "dataset"
    add_article(con, 1)
    versions.publish(con, dataset, request("r1"))
    v1 = {t: published_rows(dataset, t, 1) for t in DATASET_TABLES}
    add_article(con, 2)

    class Killed(Exception):
        pass

    def crash_after_entities(table: str) -> None:
        if table == "entities":
            raise Killed

    with pytest.raises(Killed):
        versions.publish(con, dataset, request("r2"), after_table=crash_after_entities)
    assert versions.latest_version(dataset) == 1
    assert DeltaTable(str(dataset / "articles")).version() == 1  # the table did advance
    for table in DATASET_TABLES:
        assert published_rows(dataset, table, 1) == v1[table]
        assert published_rows(dataset, table, None) == v1[table]  # None: latest logged
    (dataset / versions.LOG_DIR / ".000002.json.tmp-1").write_text("{}", encoding="utf-8")

    assert versions.publish(con, dataset, request("r3")) == 2
    assert [e["version"] for e in versions.list_versions(dataset)] == [1, 2]
    assert not list((dataset / versions.LOG_DIR).glob(".*"))
    entry = versions.get_version(dataset, 2)
    assert entry["run_id"] == "r3"
    assert entry["delta_versions"]["articles"] == 2  # the orphaned commit is skipped over
    assert entry["changes"]["articles"] == {"inserted": 0, "updated": 0, "deleted": 0}
    for table in DATASET_TABLES:
        assert published_rows(dataset, table, 2) == rows(con, table), table
        assert published_rows(dataset, table, 1) == v1[table], table


def test_missing_versions_are_clear_errors(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="no published versions"):
        versions.get_version(tmp_path)
    (tmp_path / versions.LOG_DIR).mkdir()
    with pytest.raises(FileNotFoundError, match="version 7 does not exist"):
        versions.get_version(tmp_path, 7)


def test_identifiers_are_checked(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="bad identifier"):
        versions.publish(con, tmp_path, request("r"), schema="main; DROP TABLE x")
