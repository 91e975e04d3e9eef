"""Promoting the audited ``staging`` to ``main``: the tables keep their DDL, and a promote
that fails part-way leaves ``main`` as it was."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from khabar import batch, runner, stages
from khabar.resources import shipped
from khabar.settings import Settings
from khabar.warehouse import store
from khabar.warehouse.schema import DATASET_TABLES, create_tables
from tests.integration.conftest import NEW_ARTICLE

Rows = dict[str, list[tuple[object, ...]]]


def _stage(seed_dir: Path, db: Path) -> None:
    run = runner.plan(seed_dir, db, 2_000_000, 3)
    settings = Settings(warehouse=db.parent)
    runner.begin(settings, run)
    docs, rejected = stages.run_all(stages.start(run.articles), shipped("model"))
    assert docs and not rejected
    with runner.incoming(db) as con:
        runner.add_rows(con, 0, batch.batch_rows(docs))
    runner.stage_added(settings, run)


def _rows(con: duckdb.DuckDBPyConnection, schema: str) -> Rows:
    return {
        t: con.execute(f"SELECT * FROM {schema}.{t} ORDER BY ALL").fetchall()
        for t in DATASET_TABLES
    }


def _constraints(con: duckdb.DuckDBPyConnection, schema: str) -> list[tuple[object, ...]]:
    return con.execute(
        "SELECT table_name, constraint_type, constraint_column_names FROM duckdb_constraints()"
        " WHERE schema_name = ? ORDER BY ALL",
        [schema],
    ).fetchall()


def _promoted_twice(seed_dir: Path, db: Path) -> None:
    """Seeds promoted, then a sixth article staged (every dataset table but entities
    changes), not yet promoted."""
    _stage(seed_dir, db)
    with store.connect(db) as con:
        store.promote(con)
    (seed_dir / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    _stage(seed_dir, db)


def test_promote_replaces_main_and_keeps_its_keys(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "khabar.duckdb"
    _promoted_twice(seed_dir, db)
    with store.connect(db) as con:
        store.promote(con)
        assert _rows(con, "main") == _rows(con, "staging")
        assert len(_rows(con, "main")["articles"]) == 6
        fresh = duckdb.connect()
        create_tables(fresh, "main")
        assert _constraints(con, "main") == _constraints(fresh, "main")
        fresh.close()
        with pytest.raises(duckdb.ConstraintException):
            con.execute("INSERT INTO main.mentions SELECT * FROM main.mentions LIMIT 1")


def test_a_promote_that_fails_part_way_leaves_main_as_it_was(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "khabar.duckdb"
    _promoted_twice(seed_dir, db)
    emptied: list[str] = []
    real_empty = store._empty

    def failing(con: duckdb.DuckDBPyConnection, schema: str, table: str) -> None:
        real_empty(con, schema, table)
        emptied.append(table)
        if len(emptied) == 2:
            raise OSError("disk full")

    with store.connect(db) as con:
        before, keys = _rows(con, "main"), _constraints(con, "main")
        assert len(before["articles"]) == 5
        monkeypatch.setattr(store, "_empty", failing)
        with pytest.raises(OSError, match="disk full"):
            store.promote(con)
    assert emptied == ["articles", "sentences"]  # two tables were gone inside the transaction
    with store.connect(db) as con:
        assert _rows(con, "main") == before
        assert _constraints(con, "main") == keys
