"""A DuckDB session over one published version: the tables as views, plus the analyst views.

DuckDB's ``delta_scan`` needs the delta extension, which DuckDB downloads at run time; where
that is impossible the tables come from ``deltalake`` as in-memory Arrow tables instead
(``versions.read_table`` says why not lazy datasets). Either way each table is pinned to the
Delta version the version log recorded, so a session never sees a half-published version.

A session is read-only by construction: once the tables and views are set up, DuckDB's
external access is switched off and the configuration locked, so no statement can ATTACH a
file, COPY to one, read any file, or INSTALL/LOAD an extension; its only storage is memory.
No directory is left readable: DuckDB's ``allowed_directories`` would let ``COPY … TO``
write there too, over a published Parquet file; so ``delta_scan`` tables are read into
memory during set-up, as the Arrow tables are.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
from deltalake import DeltaTable

from khabar.publish import versions
from khabar.resources import SQL_DIR
from khabar.warehouse.schema import DATASET_TABLES

VIEWS_DIR = SQL_DIR / "views"


def open_session(
    dataset_dir: Path,
    version: int | None = None,
    *,
    try_extension: bool = True,
    views_dir: Path = VIEWS_DIR,
) -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB connection with version ``version`` (latest when None) as views."""
    entry = versions.get_version(dataset_dir, version)
    con = duckdb.connect()
    use_extension = try_extension and _load_delta_extension(con)
    for table in DATASET_TABLES:
        pinned = versions.delta_table(dataset_dir, table, int(entry["version"]))
        if use_extension and pinned.version() == _current_version(dataset_dir, table):
            path = str(versions.table_path(dataset_dir, table))
            con.sql("SELECT * FROM delta_scan(?)", params=[path]).create(table)
        else:
            con.register(table, versions.to_arrow(pinned, versions.table_path(dataset_dir, table)))
    for view in view_files(views_dir):
        con.execute(view.read_text(encoding="utf-8"))
    con.execute(
        "CREATE TEMP TABLE khabar_version AS SELECT ?::INTEGER AS version, ? AS run_id",
        [int(entry["version"]), str(entry["run_id"])],
    )
    lock_down(con)
    return con


def lock_down(con: duckdb.DuckDBPyConnection) -> None:
    """No file access, no extensions, and no way back."""
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")


def view_files(views_dir: Path = VIEWS_DIR) -> list[Path]:
    """The analyst views, one ``CREATE VIEW`` per file, in name order."""
    return sorted(views_dir.glob("*.sql"))


def query(
    con: duckdb.DuckDBPyConnection, sql: str | duckdb.Statement
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """Column names and rows of ``sql``; a statement without a result gives no columns."""
    result = con.execute(sql)
    if result.description is None:
        return [], []
    return [str(d[0]) for d in result.description], result.fetchall()


def results(
    con: duckdb.DuckDBPyConnection, sql: str
) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
    """Column names and rows of every statement of ``sql``, in order (DuckDB's own
    ``execute`` returns only the last one's)."""
    for statement in con.extract_statements(sql):
        yield query(con, statement)


def arrow_result(con: duckdb.DuckDBPyConnection, sql: str) -> pa.Table:
    """The result of ``sql``, which must be one statement that returns rows, as Arrow."""
    statements = con.extract_statements(sql)
    if len(statements) != 1:
        raise ValueError(f"expected one statement, got {len(statements)}")
    result = con.execute(statements[0])
    if result.description is None:
        raise ValueError("the statement returns no rows")
    data: Any = result.arrow()
    return data.read_all() if isinstance(data, pa.RecordBatchReader) else data


def _load_delta_extension(con: duckdb.DuckDBPyConnection) -> bool:
    """Load the delta extension if it is installed; never download it."""
    try:
        con.execute("SET autoinstall_known_extensions = false")
        con.execute("LOAD delta")
    except duckdb.Error:
        return False
    return True


def _current_version(dataset_dir: Path, table: str) -> int:
    return DeltaTable(str(versions.table_path(dataset_dir, table))).version()
