"""Create the warehouse tables from the DDL files in ``sql/``.

Tables exist twice: in ``main`` (the validated state) and in ``staging`` (a run's candidate
state, audited by Great Expectations before it replaces ``main``).
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from khabar.resources import SQL_DIR

# Tables whose content is the published dataset, in dependency order.
DATASET_TABLES: tuple[str, ...] = (
    "articles",
    "sentences",
    "entities",
    "mentions",
    "dates",
    "events",
    "event_mentions",
)
# Operational tables: written by every run, validated but never staged or published.
OPERATIONAL_TABLES: tuple[str, ...] = ("quarantine", "runs")
ALL_TABLES: tuple[str, ...] = DATASET_TABLES + OPERATIONAL_TABLES

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
    """Create ``tables`` in ``schema`` if missing; DDL is unqualified so it serves any schema."""
    con.execute(f"CREATE SCHEMA IF NOT EXISTS {_ident(schema)}")
    con.execute(f"USE {_ident(schema)}")
    try:
        for table in tables:
            con.execute(ddl(table, sql_dir))
    finally:
        con.execute("USE main")


def _ident(name: str) -> str:
    """Quote an identifier; schemas and tables come from code, never from input."""
    if not name.replace("_", "").isalnum():
        raise ValueError(f"bad identifier {name!r}")
    return f'"{name}"'
