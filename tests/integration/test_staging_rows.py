"""Staging from batch rows: batches may finish in any order, the staged rows may not care."""

from __future__ import annotations

from pathlib import Path

import duckdb

from khabar import batch, runner, stages
from khabar.resources import shipped
from khabar.settings import Settings
from khabar.warehouse import store
from khabar.warehouse.schema import DATASET_TABLES, INCOMING_TABLES


def _staged(db: Path) -> dict[str, list[tuple[object, ...]]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM staging.{t}").fetchall() for t in DATASET_TABLES}
    finally:
        con.close()


def _stage(
    settings: Settings, run: runner.RunPlan, parts: list[batch.BatchRows]
) -> store.StageSummary:
    """The flow's path: each batch's rows added to ``incoming`` as it comes back, then staged."""
    with runner.incoming(settings.db_path) as con:
        for part, rows in enumerate(parts):
            runner.add_rows(con, part, rows)
    return runner.stage_added(settings, run)


def test_batches_in_any_order_stage_the_rows_of_one_batch(seed_dir: Path, tmp_path: Path) -> None:
    plans = []
    for name in ("whole", "parts"):
        settings = Settings(warehouse=tmp_path / name)
        db = settings.db_path
        db.parent.mkdir()
        run = runner.plan(seed_dir, db, 2_000_000, 3)
        runner.begin(settings, run)
        plans.append((settings, run))
    docs, rejected = stages.run_all(stages.start(plans[0][1].articles), shipped("model"))
    assert len(docs) == 5 and not rejected

    _stage(plans[0][0], plans[0][1], [batch.batch_rows(docs)])
    parts = [batch.batch_rows(docs[3:]), batch.batch_rows(docs[:1]), batch.batch_rows([])]
    parts.append(batch.batch_rows(docs[1:3]))
    summary = _stage(plans[1][0], plans[1][1], parts)

    whole, pieces = _staged(plans[0][0].db_path), _staged(plans[1][0].db_path)
    assert whole == pieces  # same rows in the same order
    assert summary.new_articles == 5
    # every table has rows; no event id is retired by a first version
    assert all(whole[t] for t in DATASET_TABLES if t != "event_id_history")


def test_rows_a_crashed_run_left_behind_are_never_staged(seed_dir: Path, tmp_path: Path) -> None:
    settings = Settings(warehouse=tmp_path)
    db = settings.db_path
    first = runner.plan(seed_dir, db, 2_000_000, 3)
    runner.begin(settings, first)
    docs, _ = stages.run_all(stages.start(first.articles), shipped("model"))
    with runner.incoming(db) as con:
        runner.add_rows(con, 1, batch.batch_rows(docs[:2]))  # ... and the run dies here

    second = runner.plan(seed_dir, db, 2_000_000, 3)
    runner.begin(settings, second)
    kept = batch.batch_rows(docs[2:3])
    with runner.incoming(db) as con:
        runner.add_rows(con, 1, kept)
    summary = runner.stage_added(settings, second)

    assert summary.new_articles == 1
    con = duckdb.connect(str(db), read_only=True)
    try:
        staged = con.execute("SELECT article_id FROM staging.articles").fetchall()
        assert staged == [(docs[2].article.article_id,)]
        for table in INCOMING_TABLES:
            assert con.execute(f"SELECT count(*) FROM incoming.{table}").fetchone() == (0,)
    finally:
        con.close()
