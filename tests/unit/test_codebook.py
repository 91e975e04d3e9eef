"""The data dictionary in sql/: every table and column documented, allowed values as the code
and the quality suites have them, and the committed CODEBOOK.md generated from it."""

from __future__ import annotations

import csv
import json

import duckdb
import pytest

from khabar.nlp.events import PLOVER_TYPES
from khabar.publish.codebook import (
    apply_comments,
    dictionary,
    parse_comment,
    render_codebook,
    table_schema,
    undocumented,
)
from khabar.warehouse.schema import ALL_TABLES, create_tables
from tests.conftest import REPO

DOCS = {doc.name: doc for doc in dictionary()}


def test_every_table_and_column_has_a_meaning_and_an_example() -> None:
    assert undocumented(DOCS.values()) == []
    missing = [f"{t}.{c.name}" for t, d in DOCS.items() for c in d.columns if not c.example]
    assert missing == []


def test_committed_codebook_is_current() -> None:
    committed = (REPO / "CODEBOOK.md").read_text(encoding="utf-8")
    assert committed == render_codebook(DOCS.values()), "CODEBOOK.md is stale: make codebook"


def test_codebook_covers_every_column() -> None:
    text = render_codebook(DOCS.values())
    for doc in DOCS.values():
        section = text.split(f"\n## {doc.name}\n", 1)[1].split("\n## ", 1)[0]
        for column in doc.columns:
            assert f"| `{column.name}` | {column.sql_type} |" in section, column.name


def _suite_value_sets() -> dict[tuple[str, str], set[str]]:
    found = {}
    for table in ALL_TABLES:
        suite = json.loads((REPO / "expectations" / f"{table}.json").read_text(encoding="utf-8"))
        for item in suite["expectations"]:
            kwargs = item.get("kwargs", {})
            if "value_set" in kwargs:
                found[(table, kwargs["column"])] = set(kwargs["value_set"])
    return found


def test_allowed_values_are_those_the_suites_check() -> None:
    suites = _suite_value_sets()
    assert suites, "the suites check value sets"
    for (table, column), values in suites.items():
        assert set(DOCS[table].column(column).values) == values, f"{table}.{column}"


def test_event_types_and_modes_are_the_plover_sets_the_code_uses() -> None:
    with (REPO / "seeds" / "event_triggers.csv").open(encoding="utf-8") as handle:
        modes = {row["mode"] for row in csv.DictReader(handle) if row["mode"]}
    for table in ("events", "event_mentions"):
        assert set(DOCS[table].column("type").values) == PLOVER_TYPES
        assert set(DOCS[table].column("mode").values) == modes


def test_references_name_real_key_columns() -> None:
    for doc in DOCS.values():
        for column in doc.columns:
            if column.references:
                table, key = column.references.split()[0].split(".")
                assert DOCS[table].primary_key == (key,), f"{doc.name}.{column.name}"


def test_comments_reach_duckdbs_catalogue_in_every_schema() -> None:
    con = duckdb.connect()
    create_tables(con)
    create_tables(con, "staging", ("events",))
    missing = con.execute(
        "SELECT schema_name, table_name, column_name FROM duckdb_columns() "
        "WHERE NOT internal AND (comment IS NULL OR comment = '')"
    ).fetchall()
    assert missing == []
    # CREATE TABLE … AS copies no comment; apply_comments gives them (the analyst file).
    con.execute("CREATE SCHEMA copy; USE copy; CREATE TABLE events AS SELECT * FROM main.events")
    apply_comments(con, ("events",))
    (comment,) = con.execute(
        "SELECT comment FROM duckdb_columns() WHERE schema_name = 'copy' "
        "AND table_name = 'events' AND column_name = 'status'"
    ).fetchone() or (None,)
    assert comment == DOCS["events"].column("status").comment
    con.close()


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("Just prose.", {"": "Just prose."}),
        (
            "Offsets. Unit: code points. Values: a | b. References: t.k. Example: 3.",
            {
                "": "Offsets.",
                "Unit": "code points",
                "Values": "a | b",
                "References": "t.k",
                "Example": "3",
            },
        ),
        ("Key. Example: CONSULT|meet|x.", {"": "Key.", "Example": "CONSULT|meet|x"}),
    ],
)
def test_parse_comment(comment: str, expected: dict[str, str]) -> None:
    assert parse_comment(comment) == expected


def test_table_schema_keys_and_constraints() -> None:
    schema = table_schema(DOCS["event_mentions"])
    assert schema["primaryKey"] == ["event_mention_id"]
    assert {fk["fields"] for fk in schema["foreignKeys"]} == {
        "event_id",
        "article_id",
        "sentence_id",
        "location_id",
    }
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["status"]["constraints"] == {
        "required": True,
        "enum": ["occurred", "ongoing", "planned", "reported"],
    }
    assert fields["actors"]["type"] == "any" and "enum" not in fields["actors"].get(
        "constraints", {}
    )
    assert "constraints" not in fields["date_value"]
    trimmed = table_schema(DOCS["articles"], ["article_id", "paths"])
    assert [f["name"] for f in trimmed["fields"]] == ["article_id", "paths"]


def test_a_warehouse_made_before_the_dictionary_gets_it_on_connect() -> None:
    from khabar.warehouse.schema import ddl, split_ddl

    con = duckdb.connect()
    con.execute(split_ddl(ddl("events"))[0])  # the table as an older khabar made it
    create_tables(con, tables=("events",))
    comments = dict(
        con.execute(
            "SELECT column_name, comment FROM duckdb_columns() WHERE table_name = 'events'"
        ).fetchall()
    )
    assert comments == {c.name: c.comment for c in DOCS["events"].columns}
    con.close()
