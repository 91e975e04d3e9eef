"""``analyst.duckdb``: a file for readers that the writer never holds open.

DuckDB lets one process write a file and no other process read it meanwhile: a reader of
``khabar.duckdb`` made the next run fail, and a run kept readers out. So after each publish
the run writes ``main`` (which then holds exactly the published version, with the data
dictionary's comments), the analyst views and ``khabar_version`` into a new file beside it
and renames that over ``analyst.duckdb``.
A reader that has the old file open keeps reading the old version from its open file; the
next one to open the name gets the new version. Nothing in the file is ``incoming`` or
``staging``: only what passed the gate.
"""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from khabar.publish.codebook import apply_comments
from khabar.publish.sql import VIEWS_DIR, view_files
from khabar.warehouse.schema import ALL_TABLES

ANALYST_FILE = "analyst.duckdb"


def write_analyst_db(
    con: duckdb.DuckDBPyConnection,
    target: Path,
    version: int,
    run_id: str,
    views_dir: Path = VIEWS_DIR,
) -> Path:
    """Copy ``main``'s tables from the writer's connection ``con`` into a new file, add the
    views and the version, and rename it over ``target`` (atomic on one file system).

    The tables are copied by DuckDB itself (``CREATE TABLE … AS``, same column types, no
    keys: readers need none). On a 1,000-article warehouse (2 loaded cores) that took 1.2 s,
    against 3.0 s into tables with the DDL's primary keys and 4.3 s through Arrow; the
    whole write, fsync and rename included, 1.6-3.7 s."""
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _remove(tmp)
    # ATTACH takes no bound parameters; the path is the warehouse's, never input data.
    con.execute(f"ATTACH '{str(tmp).replace(chr(39), chr(39) * 2)}' AS {_ALIAS}")
    try:
        for table in ALL_TABLES:
            con.execute(f"CREATE TABLE {_ALIAS}.main.{table} AS SELECT * FROM main.{table}")
    except BaseException:
        con.execute(f"DETACH {_ALIAS}")
        _remove(tmp)
        raise
    con.execute(f"DETACH {_ALIAS}")
    out = duckdb.connect(str(tmp))
    try:
        apply_comments(out, ALL_TABLES)  # CREATE TABLE … AS copies no comments
        for view in view_files(views_dir):
            out.execute(view.read_text(encoding="utf-8"))
        out.execute(
            "CREATE TABLE khabar_version AS SELECT ?::INTEGER AS version, ? AS run_id",
            [version, run_id],
        )
        out.execute("CHECKPOINT")
    except BaseException:
        out.close()
        _remove(tmp)
        raise
    out.close()
    with open(tmp, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(tmp, target)
    _fsync_dir(target.parent)
    return target


_ALIAS = "khabar_analyst_out"


def _remove(path: Path) -> None:
    for leftover in (path, path.with_name(path.name + ".wal")):
        leftover.unlink(missing_ok=True)


def _fsync_dir(directory: Path) -> None:
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
