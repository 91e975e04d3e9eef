"""Create the warehouse tables from the DDL files in ``sql/``.

Tables exist twice: in ``main`` (the validated state) and in ``staging`` (a run's candidate
state, audited by Great Expectations before it replaces ``main``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import polars as pl

from khabar.resources import SQL_DIR

if TYPE_CHECKING:  # workers read frame schemas from here and must not load DuckDB
    import duckdb

# Tables whose content is the published dataset, in dependency order.
DATASET_TABLES: tuple[str, ...] = (
    "articles",
    "sentences",
    "entities",
    "mentions",
    "dates",
    "events",
    "event_mentions",
    "event_id_history",
)
# Operational tables: written by every run, validated but never staged or published.
OPERATIONAL_TABLES: tuple[str, ...] = ("quarantine", "runs")
ALL_TABLES: tuple[str, ...] = DATASET_TABLES + OPERATIONAL_TABLES
# Tables a batch's rows fill in the ``incoming`` schema: the document tables, staged as they
# are, and ``event_mentions`` holding the batch's event reports (no event id yet), which
# consolidation merges with the stored ones.
DOCUMENT_TABLES: tuple[str, ...] = ("articles", "sentences", "mentions", "dates")
INCOMING_TABLES: tuple[str, ...] = (*DOCUMENT_TABLES, "event_mentions")

STAGING = "staging"


def ddl(table: str, sql_dir: Path = SQL_DIR) -> str:
    """The CREATE TABLE statement for ``table``; one file per table, same stem."""
    return (sql_dir / f"{table}.sql").read_text(encoding="utf-8")


def create_tables(
    con: duckdb.DuckDBPyConnection,
    schema: str = "main",
    tables: tuple[str, ...] = ALL_TABLES,
    sql_dir: Path = SQL_DIR,
) -> None:
    """Create ``tables`` in ``schema`` if missing; DDL is unqualified so it serves any schema.

    A table that already has its comment keeps the comments it has: the ``COMMENT ON``
    statements (about 130 catalogue writes) ran 0.3-1.7 s per connection on a loaded
    2-core machine. A table ``store`` refills is made afresh, so it gets edited comments
    at the next publish that changes it; the analyst file always gets the current ones."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)}")
    commented = {
        str(row[0])
        for row in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = ? AND comment IS NOT NULL",
            [schema],
        ).fetchall()
    }
    con.execute(f"USE {_ident(schema)}")
    try:
        for table in tables:
            create, comments = split_ddl(ddl(table, sql_dir))
            con.execute(create if table in commented else create + comments)
    finally:
        con.execute("USE main")


_COMMENTS = re.compile(r"^COMMENT ON ", flags=re.MULTILINE)


def split_ddl(text: str) -> tuple[str, str]:
    """A DDL file's CREATE TABLE and its ``COMMENT ON`` statements (the data dictionary,
    read by ``khabar.publish.codebook``), which follow it."""
    found = _COMMENTS.search(text)
    return (text[: found.start()], text[found.start() :]) if found else (text, "")


_SCALARS: dict[str, pl.DataType] = {
    "VARCHAR": pl.Utf8(),
    "INTEGER": pl.Int32(),
    "BIGINT": pl.Int64(),
    "DOUBLE": pl.Float64(),
    "DATE": pl.Date(),
    "BOOLEAN": pl.Boolean(),
    "TIMESTAMP": pl.Datetime("us"),
    "JSON": pl.Utf8(),  # DuckDB stores JSON as text
}
_CONSTRAINTS = frozenset({"PRIMARY", "FOREIGN", "UNIQUE", "CHECK", "CONSTRAINT"})


def frame_type(sql_type: str) -> pl.DataType:
    """The polars type of a DDL column type (``VARCHAR[]`` is a list of strings)."""
    if sql_type.endswith("[]"):
        return pl.List(frame_type(sql_type[:-2]))
    try:
        return _SCALARS[sql_type.upper()]
    except KeyError:
        raise ValueError(f"no frame type for SQL type {sql_type!r}") from None


@lru_cache(maxsize=None)
def frame_schema(table: str, sql_dir: Path = SQL_DIR) -> dict[str, pl.DataType]:
    """Column names and polars types of ``table``, read from its DDL: the one declaration
    of a column, so row frames cannot drift from the tables they fill. A plain reading of
    the statement (no DuckDB in the worker processes that build rows); a test holds it to
    DuckDB's own DESCRIBE of every table."""
    text = re.sub(r"--[^\n]*", "", ddl(table, sql_dir))
    text = text[: text.index(";")]  # the CREATE TABLE; the COMMENT statements follow it
    body = text[text.index("(") + 1 : text.rindex(")")]
    columns: dict[str, pl.DataType] = {}
    depth, item = 0, ""
    for ch in body + ",":
        if ch == "," and depth == 0:
            words = item.split()
            if words and words[0].upper() not in _CONSTRAINTS:
                columns[words[0]] = frame_type(words[1])
            item = ""
            continue
        depth += (ch == "(") - (ch == ")")
        item += ch
    return columns


def frame(table: str, rows: Iterable[dict[str, Any]]) -> pl.DataFrame:
    """Rows as a frame with the table's exact column types, even when there are none."""
    return pl.DataFrame(list(rows), schema=frame_schema(table), orient="row")


def _ident(name: str) -> str:
    """Quote an identifier; schemas and tables come from code, never from input."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad identifier {name!r}")
    return f'"{name}"'
