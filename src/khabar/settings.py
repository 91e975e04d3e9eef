"""The one settings object. Every field is read from ``KHABAR_<NAME>`` and documented in the
README; code below the CLI and flows receives values, never reads the environment."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Literal, Self

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from khabar.model import NerMode
from khabar.resources import REPO_ROOT

# A checkout keeps its warehouse and reads its seed articles in the repository; an installed
# wheel works in the current directory.
_HOME = REPO_ROOT if REPO_ROOT is not None else Path()

# The published_date bounds of expectations/articles.json (published_date_in_absolute_bounds).
PUBLISHED_BOUNDS = (date(1800, 1, 1), date(2200, 12, 31))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KHABAR_", extra="ignore")

    warehouse: Path = Field(
        default=_HOME / "warehouse",
        description="Directory of the DuckDB file, the published dataset and run reports.",
    )
    input: Path = Field(
        default=_HOME / "seeds" / "articles",
        description="Directory of .txt articles read by `khabar run` without --input.",
    )
    inbox: Path | None = Field(
        default=None, description="Inbox directory for scheduled runs (overrides input)."
    )
    # Large batches run the vectorised stages (sentence languages, NER) with less overhead
    # per article: 64-article batches took about a fifth longer than 1,000-article ones.
    batch_size: int = Field(
        default=256, ge=1, description="Articles per task batch (at most; see the README)."
    )
    max_workers: int = Field(
        default=2,
        ge=1,
        description="Threads or processes that run batches (local and processes runners); "
        "at most twice as many batches are in flight.",
    )
    max_article_bytes: int = Field(
        default=2_000_000, ge=1, description="Larger files are quarantined as too_large."
    )
    max_attempts: int = Field(
        default=3, ge=1, description="A failing file is retried at most this many runs."
    )
    # Inside the bounds the articles suite checks (1800-01-01 .. 2200-12-31), so an article
    # that passes loading cannot fail the gate for its date and block every later run.
    published_from: date = Field(
        default=date(1900, 1, 1),
        description="Earliest published_date an article's metadata may give; an article "
        "dated earlier is quarantined (reason metadata) at load.",
    )
    published_until: date = Field(
        default=date(2100, 12, 31),
        description="Latest published_date an article's metadata may give; an article "
        "dated later is quarantined (reason metadata) at load.",
    )
    langdetect_seed: int = Field(default=0, description="Seed that makes langdetect repeatable.")
    ner: NerMode = Field(
        default="model",
        description="Entity stage: the gazetteer with the shipped NER model filling its gaps, "
        "or the gazetteer alone (faster, finds only known and rule-found names).",
    )
    runner: Literal["local", "processes", "dask"] = Field(
        default="local",
        description="Prefect task runner: local threads, a local process pool, or Dask.",
    )
    dask_address: str | None = Field(
        default=None, description="tcp://HOST:PORT of an existing Dask scheduler."
    )
    row_drift_ratio: float = Field(
        default=2.0,
        ge=1,
        description="A staged table with more than this many times, or less than its "
        "inverse of, the published table's rows gets a row_count_drift warning (the gate "
        "still passes).",
    )
    lock_wait: float = Field(
        default=60.0,
        ge=0,
        description="Seconds a run (or `khabar validate --schema staging`) waits, with growing "
        "logged pauses, while another process holds khabar.duckdb, before it fails.",
    )

    @model_validator(mode="after")
    def _window_inside_the_suite(self) -> Self:
        low, high = PUBLISHED_BOUNDS
        if not low <= self.published_from <= self.published_until <= high:
            raise ValueError(
                f"published_from {self.published_from} .. published_until "
                f"{self.published_until} must be an ordered window inside {low} .. {high} "
                "(the bounds the articles suite checks)"
            )
        return self

    @property
    def db_path(self) -> Path:
        return self.warehouse / "khabar.duckdb"

    @property
    def analyst_path(self) -> Path:
        """What readers open: the published version, rewritten by rename after each publish."""
        return self.warehouse / "analyst.duckdb"

    @property
    def dataset_dir(self) -> Path:
        return self.warehouse / "dataset"

    @property
    def runs_dir(self) -> Path:
        """Each run's JSON report, and the lock file of a run in progress."""
        return self.warehouse / "runs"

    @property
    def docs_dir(self) -> Path:
        """Each run's validation page (GX Data Docs)."""
        return self.warehouse / "docs"
