"""``analyst.duckdb``: a file for readers that the writer never holds open.

DuckDB lets one process write a file and no other process read it meanwhile: a reader of
``khabar.duckdb`` made the next run fail, and a run kept readers out. So after each publish
the run writes ``main`` (which then holds exactly the published version), the analyst views
and ``khabar_version`` into a new file beside it and renames that over ``analyst.duckdb``.
A reader that has the old file open keeps reading the old version from its open file; the
next one to open the name gets the new version. Nothing in the file is ``incoming`` or
``staging``: only what passed the gate.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from khabar.publish.sql import VIEWS_DIR, view_files
from khabar.warehouse.schema import ALL_TABLES, create_tables

ANALYST_FILE = "analyst.duckdb"


def write_analyst_db(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    version: int,
    run_id: str,
    views_dir: Path = VIEWS_DIR,
) -> Path:
    """Copy ``main``'s tables from the writer's connection ``con`` into a new file, add the
    views and the version, and rename it over ``target`` (atomic on one file system)."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    for leftover in (tmp, tmp.with_name(tmp.name + ".wal")):
        leftover.unlink(missing_ok=True)
    out = duckdb.connect(str(tmp))
    try:
        create_tables(out)  # the DDL of sql/: the same column types as the warehouse
        for table in ALL_TABLES:
            # streamed in record batches: a table is never held whole in memory
            rows = con.execute(f"SELECT * FROM main.{table}").fetch_record_batch()
            out.register("_rows", rows)
            out.execute(f"INSERT INTO main.{table} BY NAME SELECT * FROM _rows")
            out.unregister("_rows")
        for view in view_files(views_dir):
            out.execute(view.read_text(encoding="utf-8"))
        out.execute(
            "CREATE TABLE khabar_version AS SELECT ?::INTEGER AS version, ? AS run_id",
            [version, run_id],
        )
        out.execute("CHECKPOINT")
    except BaseException:
        out.close()
        tmp.unlink(missing_ok=True)
        raise
    out.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
