"""Real Prefect runs against a real DuckDB file: one ephemeral Prefect API per session."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REPO, SEEDS

# A sixth article beside the seeds: what an incremental run adds.
NEW_ARTICLE = (
    "नई दिल्ली: विदेश मंत्री एस. जयशंकर ने 3 मार्च 2026 को नई दिल्ली में रूस के विदेश मंत्री "
    "सर्गेई लावरोव से मुलाकात की। दोनों नेताओं ने व्यापार पर चर्चा की।\n"
)


@pytest.fixture(scope="session", autouse=True)
def prefect_harness() -> Iterator[None]:
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=120):
        yield


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    """A private copy of the seed articles and their metadata CSV."""
    target = tmp_path / "articles"
    shutil.copytree(SEEDS, target)
    shutil.copy(REPO / "seeds" / "articles.csv", tmp_path / "articles.csv")
    return target


@pytest.fixture(scope="session")
def published_seeds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A directory laid out like the repository after ``make run``: ``warehouse/`` with
    version 1 of the seeds, ``seeds/`` beside it. One flow run for the whole session: tests
    that use it only read it (or write beside the warehouse, never into it)."""
    root = tmp_path_factory.mktemp("seeds-published")
    articles = root / "input" / "articles"
    shutil.copytree(SEEDS, articles)
    shutil.copy(REPO / "seeds" / "articles.csv", root / "input" / "articles.csv")
    summary = run_flow(articles, root / "warehouse")
    assert summary["status"] == "published", summary
    (root / "seeds").symlink_to(REPO / "seeds")
    return root


def run_flow(input_dir: Path, warehouse: Path, **kwargs: Any) -> dict[str, Any]:
    """The flow's summary; a failed run (a Failed flow run, which raises) gives its own."""
    from flows.pipeline import RunFailed, news_pipeline

    try:
        result = news_pipeline(input_dir=str(input_dir), warehouse=str(warehouse), **kwargs)
    except RunFailed as failed:
        return failed.summary
    assert isinstance(result, dict)
    return result


def dataset_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every published table's rows, sorted, read without locking the warehouse: two runs
    that must leave the same dataset compare equal."""
    import duckdb

    from khabar.warehouse.schema import DATASET_TABLES

    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            t: con.execute(f"SELECT * FROM main.{t} ORDER BY ALL").fetchall()
            for t in DATASET_TABLES
        }
    finally:
        con.close()
