"""The data dictionary: the ``COMMENT ON`` statements beside each table's DDL in ``sql/``.

They are the one source of every column's meaning; from them come the DuckDB catalogue
comments (warehouse and analyst file), the ``description`` of each Parquet field an export
writes, ``CODEBOOK.md`` and ``datapackage.json``. A comment is prose with optional labelled
parts, in this order: ``Unit:``, ``Values: a | b | c``, ``References: table.column``,
``Example:``. ``python -m khabar.publish.codebook`` prints the codebook (``make codebook``).
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from khabar.resources import SQL_DIR
from khabar.warehouse.schema import ALL_TABLES, DATASET_TABLES, create_tables, ddl, split_ddl

_LABELS = ("Unit", "Values", "References", "Example")
_PART = re.compile(r"(?:^|\s)(" + "|".join(_LABELS) + r"): ")
# DuckDB column types as Frictionless field types (Table Schema).
_FIELD_TYPES = {
    "VARCHAR": "string",
    "INTEGER": "integer",
    "BIGINT": "integer",
    "DOUBLE": "number",
    "DATE": "date",
    "BOOLEAN": "boolean",
    "TIMESTAMP": "datetime",
    "JSON": "object",
}


@dataclass(frozen=True, slots=True)
class ColumnDoc:
    name: str
    sql_type: str
    nullable: bool
    comment: str
    meaning: str
    unit: str | None
    values: tuple[str, ...]
    references: str | None  # "table.column" of a key this column holds
    example: str | None


@dataclass(frozen=True, slots=True)
class TableDoc:
    name: str
    comment: str
    primary_key: tuple[str, ...]
    columns: tuple[ColumnDoc, ...]

    @property
    def published(self) -> bool:
        return self.name in DATASET_TABLES

    def column(self, name: str) -> ColumnDoc:
        for column in self.columns:
            if column.name == name:
                return column
        raise KeyError(f"{self.name} has no column {name!r}")


def comment_statements(table: str, sql_dir: Path = SQL_DIR) -> str:
    """The ``COMMENT ON`` statements of ``table``'s DDL file (after its CREATE TABLE)."""
    return split_ddl(ddl(table, sql_dir))[1]


def apply_comments(
    con: duckdb.DuckDBPyConnection, tables: Iterable[str] = ALL_TABLES, sql_dir: Path = SQL_DIR
) -> None:
    """Comment tables that were made without their DDL (``CREATE TABLE … AS``)."""
    for table in tables:
        statements = comment_statements(table, sql_dir)
        if statements:
            con.execute(statements)


def dictionary(tables: Iterable[str] = ALL_TABLES, sql_dir: Path = SQL_DIR) -> tuple[TableDoc, ...]:
    """Every table's and column's documentation, as DuckDB reads it from the DDL."""
    names = tuple(tables)
    con = duckdb.connect()
    try:
        create_tables(con, tables=names, sql_dir=sql_dir)
        return tuple(_table_doc(con, name) for name in names)
    finally:
        con.close()


def _table_doc(con: duckdb.DuckDBPyConnection, table: str) -> TableDoc:
    row = con.execute(
        "SELECT comment FROM duckdb_tables() WHERE schema_name = 'main' AND table_name = ?",
        [table],
    ).fetchone()
    keys = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() "
        "WHERE schema_name = 'main' AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    columns = con.execute(
        "SELECT column_name, data_type, is_nullable, comment FROM duckdb_columns() "
        "WHERE schema_name = 'main' AND table_name = ? ORDER BY column_index",
        [table],
    ).fetchall()
    return TableDoc(
        name=table,
        comment=str(row[0] or "") if row else "",
        primary_key=tuple(keys[0]) if keys else (),
        columns=tuple(
            _column_doc(str(n), str(t), bool(nl), str(c or "")) for n, t, nl, c in columns
        ),
    )


def _column_doc(name: str, sql_type: str, nullable: bool, comment: str) -> ColumnDoc:
    parts = parse_comment(comment)
    values = parts.get("Values")
    return ColumnDoc(
        name=name,
        sql_type=sql_type,
        nullable=nullable,
        comment=comment,
        meaning=parts[""],
        unit=parts.get("Unit"),
        values=tuple(v.strip() for v in values.split("|")) if values else (),
        references=parts.get("References"),
        example=parts.get("Example"),
    )


def parse_comment(comment: str) -> dict[str, str]:
    """The prose (key ``""``) and each labelled part of a comment, final full stops off."""
    pieces = _PART.split(comment.strip())
    parts = {"": pieces[0].strip()}
    for label, text in zip(pieces[1::2], pieces[2::2], strict=True):
        parts[label] = text.strip().removesuffix(".")
    return parts


def undocumented(docs: Iterable[TableDoc]) -> list[str]:
    """``table`` or ``table.column`` for every table or column without a meaning."""
    missing = []
    for doc in docs:
        if not doc.comment.strip():
            missing.append(doc.name)
        missing += [f"{doc.name}.{c.name}" for c in doc.columns if not c.meaning]
    return missing


def describe_arrow(data: pa.Table, doc: TableDoc) -> pa.Table:
    """``data`` with each field's comment as its ``description`` metadata, and the table's
    as the schema's (kept in the Parquet file's Arrow schema)."""
    fields = [
        field.with_metadata(
            {**(field.metadata or {}), b"description": _utf8(doc.column(field.name).comment)}
        )
        for field in data.schema
    ]
    schema = pa.schema(
        fields, metadata={**(data.schema.metadata or {}), b"description": _utf8(doc.comment)}
    )
    return data.cast(schema)


def _utf8(text: str) -> bytes:
    return text.encode("utf-8")


def render_codebook(
    docs: Iterable[TableDoc],
    *,
    title: str = "khabar codebook",
    intro: str = "",
    omitted: Mapping[str, Iterable[str]] | None = None,
) -> str:
    """Markdown: a table list, then per table its key, joins and columns with their types,
    meanings, units, allowed values and examples. ``omitted`` names columns an export left
    out (listed, marked as not in the files)."""
    left_out = {t: set(cols) for t, cols in (omitted or {}).items()}
    docs = tuple(docs)
    lines = [f"# {title}", ""]
    if intro:
        lines += [intro, ""]
    lines += [
        "Generated from the `COMMENT ON` statements in `sql/` by `make codebook`; do not edit.",
        "Offsets are Unicode code points into `articles.text`, start inclusive, end exclusive.",
        "",
        "| table | published | key | rows are |",
        "|---|---|---|---|",
    ]
    for doc in docs:
        lines.append(
            f"| [`{doc.name}`](#{doc.name}) | {'yes' if doc.published else 'no (operational)'} "
            f"| `{', '.join(doc.primary_key)}` | {_cell(doc.comment)} |"
        )
    for doc in docs:
        lines += ["", f"## {doc.name}", "", doc.comment, ""]
        lines.append(f"Primary key: `{', '.join(doc.primary_key)}`.")
        joins = [c for c in doc.columns if c.references]
        if joins:
            lines += ["", "Joins:", ""]
            lines += [f"- `{doc.name}.{c.name}` → `{c.references}`" for c in joins]
        gone = left_out.get(doc.name, set())
        if gone:
            lines += [
                "",
                "Not in this export (`--no-text`): "
                + ", ".join(f"`{c}`" for c in sorted(gone))
                + ".",
            ]
        lines += [
            "",
            "| column | type | null | meaning | unit | allowed values | example |",
            "|---|---|---|---|---|---|---|",
        ]
        for c in doc.columns:
            lines.append(
                f"| `{c.name}` | {c.sql_type} | {'yes' if c.nullable else 'no'} "
                f"| {_cell(c.meaning)} | {_cell(c.unit or '')} "
                f"| {_cell(', '.join(f'`{v}`' for v in c.values))} | {_cell(c.example or '')} |"
            )
    return "\n".join(lines) + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def table_schema(doc: TableDoc, columns: Iterable[str] | None = None) -> dict[str, Any]:
    """The Frictionless Table Schema of ``doc`` (only ``columns`` when given): fields with
    types, descriptions, required and enum constraints, the primary key and the foreign
    keys of its scalar key columns."""
    keep = set(columns) if columns is not None else {c.name for c in doc.columns}
    fields = []
    foreign = []
    for c in doc.columns:
        if c.name not in keep:
            continue
        field: dict[str, Any] = {
            "name": c.name,
            "type": _field_type(c.sql_type),
            "description": c.comment,
            "x-duckdb-type": c.sql_type,
        }
        constraints: dict[str, Any] = {}
        if not c.nullable:
            constraints["required"] = True
        if c.values and not c.sql_type.endswith("[]"):
            constraints["enum"] = list(c.values)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
        if c.references and not c.sql_type.endswith("[]"):
            table, column = c.references.split()[0].split(".", 1)
            foreign.append({"fields": c.name, "reference": {"resource": table, "fields": column}})
    schema: dict[str, Any] = {"fields": fields, "primaryKey": list(doc.primary_key)}
    if foreign:
        schema["foreignKeys"] = foreign
    return schema


def _field_type(sql_type: str) -> str:
    """A list column is ``any``: Frictionless reads Parquet through pandas, whose cells are
    numpy arrays, and its ``array`` type accepts only Python lists or JSON text."""
    return "any" if sql_type.endswith("[]") else _FIELD_TYPES[sql_type.upper()]


def main() -> int:
    sys.stdout.write(render_codebook(dictionary()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
