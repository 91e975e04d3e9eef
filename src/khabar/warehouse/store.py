"""The DuckDB warehouse: tables created, filled, copied and read; no language logic.

Write-audit-publish: a run's batches wait in ``incoming``; ``consolidate.stage`` rebuilds
``staging`` as ``main`` plus those rows (with what it derives from them) through the
functions here; the quality gate audits ``staging``; only then does ``promote`` copy it
over ``main`` in one transaction. A failed run leaves ``main`` untouched and its staged
rows in place for inspection.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import duckdb
import polars as pl

from khabar.text.load import Rejected
from khabar.warehouse import WarehouseLocked
from khabar.warehouse.ids import stable_id
from khabar.warehouse.schema import (
    DATASET_TABLES,
    DOCUMENT_TABLES,
    INCOMING_TABLES,
    STAGING,
    create_tables,
)

INCOMING = "incoming"  # schema of the current run's new rows until they are staged


_log = logging.getLogger(__name__)

# Seconds ``connect`` waits for another process's lock on the file (KHABAR_LOCK_WAIT); the
# flow and the CLI set it from the settings once, as every run step opens the file itself.
_lock_wait = 60.0


def set_lock_wait(seconds: float) -> None:
    global _lock_wait
    _lock_wait = max(0.0, float(seconds))


@contextmanager
def connect(db_path: Path, read_only: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open the warehouse, creating its tables on first use; wait out another process's
    lock on it for at most the lock wait."""
    if read_only and not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `khabar run` first")
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = open_waiting(db_path, read_only, _lock_wait)
    try:
        if not read_only:
            # One transaction: the DDL files' COMMENT statements (the data dictionary) are
            # about 130 catalogue writes, each its own commit otherwise.
            con.execute("BEGIN TRANSACTION")
            try:
                create_tables(con)
                create_tables(con, STAGING, DATASET_TABLES)
            except BaseException:
                con.execute("ROLLBACK")
                raise
            con.execute("COMMIT")
        yield con
    finally:
        con.close()


def open_waiting(db_path: Path, read_only: bool, wait: float) -> duckdb.DuckDBPyConnection:
    """``duckdb.connect``, retried with growing pauses (0.1 s doubling up to 5 s, each
    logged) while another process holds the file's lock, for at most ``wait`` seconds."""
    started = time.monotonic()
    pause = 0.1
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as exc:
            holder = lock_holder(str(exc))
            if holder is None:
                raise
            waited = time.monotonic() - started
            if waited >= wait:
                raise WarehouseLocked(
                    f"{db_path} is locked by another process ({holder}); gave up after "
                    f"{waited:.1f} s (KHABAR_LOCK_WAIT={wait:g})"
                ) from exc
            pause = min(pause, wait - waited)
            _log.warning(
                "%s is locked by another process (%s); trying again in %.1f s "
                "(waited %.1f of %g s, KHABAR_LOCK_WAIT)",
                db_path,
                holder,
                pause,
                waited,
                wait,
            )
            time.sleep(pause)
            pause = min(pause * 2, 5.0)


def lock_holder(message: str) -> str | None:
    """What DuckDB says holds the lock ("/usr/bin/python3 (PID 42) by user x"), "unknown
    holder" for another lock message, None when the error is not about a lock."""
    if "Could not set lock" not in message and "Conflicting lock" not in message:
        return None
    found = re.search(r"Conflicting lock is held in (.+?\(PID \d+\))", message)
    return found.group(1).strip() if found else "unknown holder"


@dataclass(frozen=True, slots=True)
class StageSummary:
    new_articles: int
    new_paths: int
    changed: bool
    counts: dict[str, int]


def known_articles(con: duckdb.DuckDBPyConnection) -> dict[str, list[str]]:
    """Article ids already validated, with their recorded paths."""
    rows = con.execute("SELECT article_id, paths FROM main.articles").fetchall()
    return {article_id: list(paths) for article_id, paths in rows}


def quarantine_attempts(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    rows = con.execute("SELECT quarantine_id, attempts FROM main.quarantine").fetchall()
    return dict(rows)


def exhausted_articles(con: duckdb.DuckDBPyConnection, max_attempts: int) -> set[str]:
    """Ids of articles that failed a language stage on ``max_attempts`` runs (a stage failure
    records the article id as its content hash)."""
    rows = con.execute(
        "SELECT DISTINCT content_hash FROM main.quarantine "
        "WHERE stage <> 'load' AND content_hash IS NOT NULL AND attempts >= ?",
        [max_attempts],
    ).fetchall()
    return {str(row[0]) for row in rows}


def quarantine_key(item: Rejected) -> str:
    return stable_id(item.path, item.content_hash, item.stage)


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN, then COMMIT, or ROLLBACK when the block raises."""
    con.execute("BEGIN")
    try:
        yield
        con.execute("COMMIT")
    except Exception:
        _rollback(con)
        raise


def stage_incoming(
    con: duckdb.DuckDBPyConnection, new_paths: Mapping[str, list[str]]
) -> dict[str, int]:
    """Inside the caller's transaction: ``staging`` := ``main`` + the document rows waiting
    in ``incoming``, and the new paths of known articles. Returns the rows added per
    document table."""
    for table in DATASET_TABLES:
        if _same_rows(con, table):
            continue  # staging already holds main's rows (the last run was promoted)
        _refill(con, STAGING, table, "main")
    added = {table: _insert_by_article(con, table) for table in DOCUMENT_TABLES}
    for article_id, paths in sorted(new_paths.items()):
        con.execute(
            "UPDATE staging.articles SET paths = list_sort(list_distinct("
            "list_concat(paths, ?::VARCHAR[]))) WHERE article_id = ?",
            [paths, article_id],
        )
    return added


def stage_summary(
    con: duckdb.DuckDBPyConnection, new_articles: int, new_paths: int
) -> StageSummary:
    counts = table_counts(con, STAGING)
    changed = fingerprint(con, STAGING) != fingerprint(con, "main")
    return StageSummary(new_articles, new_paths, changed, counts)


def add_new(con: duckdb.DuckDBPyConnection, table: str, key: str, rows: pl.DataFrame) -> None:
    """Add to ``staging.table`` the rows whose ``key`` it does not hold yet."""
    if not rows.height:
        return
    con.register("_new_rows", rows)
    con.execute(
        f"INSERT INTO {STAGING}.{table} BY NAME SELECT * FROM _new_rows "
        f"WHERE {key} NOT IN (SELECT {key} FROM {STAGING}.{table})"
    )
    con.unregister("_new_rows")


def replace(con: duckdb.DuckDBPyConnection, tables: Mapping[str, pl.DataFrame]) -> None:
    """``staging.<table>`` := the frame's rows, for each table given."""
    for table, rows in tables.items():
        _empty(con, STAGING, table)
        con.register("_new_rows", rows)
        con.execute(f"INSERT INTO {STAGING}.{table} BY NAME SELECT * FROM _new_rows")
        con.unregister("_new_rows")


def _rollback(con: duckdb.DuckDBPyConnection) -> None:
    """Roll back after a failure; when DuckDB has already ended the transaction (a full disk
    does), the failure that did it is the one to raise, not "no transaction is active"."""
    try:
        con.execute("ROLLBACK")
    except duckdb.Error:
        pass


def reset_incoming(con: duckdb.DuckDBPyConnection) -> None:
    """Empty ``incoming``: new rows wait there, batch by batch, until they are staged, so a
    run holds one batch in memory rather than all of them."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {INCOMING}")
    for table in INCOMING_TABLES:
        con.execute(f"CREATE OR REPLACE TABLE {INCOMING}.{table} AS "
                    f"SELECT *, 0::INTEGER AS _part, 0::UINTEGER AS _row FROM main.{table} LIMIT 0")


def add_incoming(
    con: duckdb.DuckDBPyConnection, part: int, tables: Mapping[str, pl.DataFrame]
) -> None:
    """Add one batch's rows (each table sorted by article) to ``incoming`` as batch ``part``."""
    con.execute("BEGIN")
    try:
        for table in INCOMING_TABLES:
            frame = tables[table]
            if not frame.height:
                continue
            con.register("_new_rows", frame.with_row_index("_row"))
            con.execute(
                f"INSERT INTO {INCOMING}.{table} BY NAME "
                "SELECT *, ?::INTEGER AS _part FROM _new_rows",
                [part],
            )
            con.unregister("_new_rows")
        con.execute("COMMIT")
    except Exception:
        _rollback(con)
        raise


def incoming_names(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(entity id, surface) of every incoming mention: what names generated entities."""
    rows = con.execute(f"SELECT entity_id, surface FROM {INCOMING}.mentions").fetchall()
    return [(str(entity_id), str(surface)) for entity_id, surface in rows]


def incoming_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    found = con.execute(f"SELECT count(*) FROM {INCOMING}.{table}").fetchone()
    return int(found[0]) if found else 0


def event_reports(
    con: duckdb.DuckDBPyConnection,
) -> tuple[pl.DataFrame, dict[str, date | None]]:
    """Every stored event report: the staged ``event_mentions`` rows, then those waiting in
    ``incoming`` in article order; and the staged articles' publication dates."""
    staged = con.execute(f"SELECT * FROM {STAGING}.event_mentions").pl()
    waiting = con.execute(
        f"SELECT * EXCLUDE (_part, _row) FROM {INCOMING}.event_mentions "
        "ORDER BY article_id, _part, _row"
    ).pl()
    published = dict(
        con.execute(f"SELECT article_id, published_date FROM {STAGING}.articles").fetchall()
    )
    return pl.concat([staged, waiting]), published


def event_assignment(con: duckdb.DuckDBPyConnection, schema: str) -> dict[str, str]:
    """Event mention id -> event id, in ``schema``."""
    rows = con.execute(
        f"SELECT event_mention_id, event_id FROM {_schema(schema)}.event_mentions"
    ).fetchall()
    return {str(mention): str(event) for mention, event in rows}


def event_ids(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    rows = con.execute(f"SELECT event_id FROM {_schema(schema)}.events").fetchall()
    return {str(row[0]) for row in rows}


def _schema(name: str) -> str:
    if name not in ("main", STAGING):
        raise ValueError(f"no dataset schema {name!r}")
    return name


def _insert_by_article(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Stage the incoming rows ordered by article, each article's rows in their order: each
    batch is sorted by article and an article is in one batch only, so (article, batch,
    row) orders them as one sorted frame would, whatever the batch size or the order the
    batches finished in. Returns how many rows were added."""
    inserted = con.execute(
        f"INSERT INTO staging.{table} BY NAME SELECT * EXCLUDE (_part, _row) "
        f"FROM {INCOMING}.{table} ORDER BY article_id, _part, _row"
    ).fetchone()  # DuckDB answers an INSERT with the number of rows it wrote
    return int(inserted[0]) if inserted else 0


def promote(con: duckdb.DuckDBPyConnection) -> None:
    """Replace ``main`` with the audited ``staging`` in one transaction."""
    con.execute("BEGIN")
    try:
        for table in DATASET_TABLES:
            if not _same_rows(con, table):
                _refill(con, "main", table, STAGING)
        con.execute("COMMIT")
    except Exception:
        _rollback(con)
        raise


def _refill(con: duckdb.DuckDBPyConnection, schema: str, table: str, source: str) -> None:
    """``schema.table`` := the rows of ``source.table``."""
    _empty(con, schema, table)
    con.execute(f"INSERT INTO {schema}.{table} SELECT * FROM {source}.{table}")


def _empty(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
    """Empty ``schema.table`` by dropping it and creating it again from its DDL, inside the
    caller's transaction. A DELETE of every row takes each one out of the primary-key
    index: promoting a rerun with one new article at 10,000 articles spent 15 of its 25 s
    there, and 4.5 s in all this way (same rows, same keys and constraints)."""
    con.execute(f"DROP TABLE {schema}.{table}")
    create_tables(con, schema, (table,))


def _same_rows(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    """Whether ``staging.table`` and ``main.table`` hold the same rows: count, XOR and sum
    of the row hashes (a hash scan is a small fraction of the cost of copying the table,
    and a table that has not changed is not copied)."""
    return _row_hashes(con, STAGING, table) == _row_hashes(con, "main", table)


def _row_hashes(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> tuple[int, int, int]:
    """Order-independent digest of a table: row count, XOR and sum of the row hashes."""
    row = con.execute(
        "SELECT count(*), coalesce(bit_xor(hash(t)), 0), coalesce(sum(hash(t)::HUGEINT), 0)"
        f" FROM {schema}.{table} t"
    ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1]), int(row[2])


def table_counts(con: duckdb.DuckDBPyConnection, schema: str = "main") -> dict[str, int]:
    return {
        table: int(con.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0])  # type: ignore[index]
        for table in DATASET_TABLES
    }


def fingerprint(con: duckdb.DuckDBPyConnection, schema: str = "main") -> dict[str, tuple[int, int]]:
    """Order-independent content hash per table: equal fingerprints mean nothing changed."""
    # (count, XOR) only: the published version log stores these pairs.
    return {table: _row_hashes(con, schema, table)[:2] for table in DATASET_TABLES}


def record_quarantine(
    con: duckdb.DuckDBPyConnection, items: Sequence[Rejected], run_id: str
) -> None:
    """Upsert quarantine rows; a file seen again counts one more attempt."""
    for item in items:
        con.execute(
            """
            INSERT INTO main.quarantine VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)
            ON CONFLICT (quarantine_id) DO UPDATE SET
                attempts = quarantine.attempts + 1, reason = excluded.reason,
                detail = excluded.detail, last_run_id = excluded.last_run_id
            """,
            [
                quarantine_key(item),
                item.path,
                item.content_hash,
                item.stage,
                item.reason,
                item.detail,
                run_id,
                run_id,
            ],
        )


def start_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    input_dir: str,
    input_hash: str,
    code_version: str,
    n_files: int,
    started_at: datetime,
) -> None:
    con.execute(
        "INSERT INTO main.runs (run_id, started_at, status, input_dir, input_hash, code_version,"
        " n_files) VALUES (?, ?, 'running', ?, ?, ?, ?)",
        [run_id, started_at, input_dir, input_hash, code_version, n_files],
    )


def finish_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    finished_at: datetime,
    n_new_articles: int,
    n_quarantined: int,
    version: int | None,
    validation: dict[str, Any] | None,
    failures: Sequence[str],
) -> None:
    con.execute(
        "UPDATE main.runs SET status = ?, finished_at = ?, n_new_articles = ?, n_quarantined = ?,"
        " version = ?, validation = ?, failures = ? WHERE run_id = ?",
        [
            status,
            finished_at,
            n_new_articles,
            n_quarantined,
            version,
            json.dumps(validation, default=str) if validation is not None else None,
            list(failures),
            run_id,
        ],
    )


def running_runs(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Ids of runs whose row still says ``running``."""
    rows = con.execute("SELECT run_id FROM main.runs WHERE status = 'running'").fetchall()
    return [str(row[0]) for row in rows]


def end_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    status: str,
    finished_at: datetime,
    failures: Sequence[str],
) -> None:
    """Close a run that did not get to ``finish_run``: ``failed`` (it raised) or ``crashed``
    (its process died; ``finished_at`` is when a later run noticed)."""
    con.execute(
        "UPDATE main.runs SET status = ?, finished_at = ?, failures = ? WHERE run_id = ?",
        [status, finished_at, list(failures), run_id],
    )
