"""Every table is a set of files under one stem: DDL, GX suite, README catalogue row."""

from __future__ import annotations

import re

import polars as pl
import pytest

from khabar.warehouse.schema import ALL_TABLES, frame
from tests.conftest import REPO


def _catalogue() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Table catalogue", 1)[1].split("\n## ", 1)[0]
    return set(re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE))


@pytest.mark.parametrize("table", ALL_TABLES)
def test_table_has_ddl_suite_and_catalogue_row(table: str) -> None:
    assert (REPO / "sql" / f"{table}.sql").is_file(), f"sql/{table}.sql missing"
    assert (REPO / "expectations" / f"{table}.json").is_file(), f"expectations/{table}.json missing"
    assert table in _catalogue(), f"README table catalogue has no row for {table}"


def test_no_stray_files() -> None:
    """A DDL or suite without a table is as wrong as a table without them."""
    tables = set(ALL_TABLES)
    assert {p.stem for p in (REPO / "sql").glob("*.sql")} == tables
    assert {p.stem for p in (REPO / "expectations").glob("*.json")} == tables
    assert _catalogue() == tables


@pytest.mark.parametrize("table", ALL_TABLES)
def test_frame_schemas_match_ddl(table: str) -> None:
    """The DDL is the one declaration: the frame schema read from it has DuckDB's own
    names, order and types for every table."""
    import duckdb

    from khabar.warehouse.schema import create_tables, frame_schema, frame_type

    con = duckdb.connect()
    create_tables(con, tables=(table,))
    described = con.execute(f"DESCRIBE {table}").fetchall()
    assert frame_schema(table) == {name: frame_type(kind) for name, kind, *_ in described}
    assert frame(table, []).schema == frame_schema(table)


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("VARCHAR", pl.Utf8()),
        ("INTEGER[]", pl.List(pl.Int32())),
        ("VARCHAR[]", pl.List(pl.Utf8())),
        ("DOUBLE", pl.Float64()),
        ("DATE", pl.Date()),
    ],
)
def test_frame_type(sql: str, expected: pl.DataType) -> None:
    from khabar.warehouse.schema import frame_type

    assert frame_type(sql) == expected


def test_an_unknown_sql_type_is_an_error() -> None:
    from khabar.warehouse.schema import frame_type

    with pytest.raises(ValueError, match="no frame type"):
        frame_type("HUGEINT")


def test_packages_are_all_listed_in_pyproject() -> None:
    import tomllib

    config = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = config["tool"]["setuptools"]
    listed = {p for p in setuptools["packages"] if not p.startswith("khabar.data.")}
    found = {
        ".".join(p.parent.relative_to(REPO / "src").parts)
        for p in (REPO / "src" / "khabar").rglob("__init__.py")
    } | {"flows"}
    assert found == listed
    # the reference data the wheel ships, mapped from the repository's top-level folders
    data = {p: setuptools["package-dir"][p] for p in setuptools["packages"] if p not in listed}
    assert data == {f"khabar.data.{d}": d for d in ("seeds", "sql", "expectations", "models")}
