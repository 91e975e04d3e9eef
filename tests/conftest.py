"""Shared paths and fixtures."""

from __future__ import annotations

import csv
import os
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# PYTHONPATH for a subprocess that imports khabar and flows from this checkout.
CODE_PATH = os.pathsep.join([str(REPO / "src"), str(REPO)])
SHARED = REPO.parent / "shared"
SEEDS = REPO / "seeds" / "articles"


def seed_metadata() -> dict[str, date]:
    with (REPO / "seeds" / "articles.csv").open(encoding="utf-8") as handle:
        return {
            row["file"]: date.fromisoformat(row["published_date"]) for row in csv.DictReader(handle)
        }


def seed_texts() -> dict[str, str]:
    """Seed texts keyed by their three-digit prefix ("000" …)."""
    return {p.name[:3]: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


@pytest.fixture(scope="session")
def expected() -> dict[str, object]:
    import yaml

    path = SHARED / "seeds" / "expected.yaml"
    if not path.is_file():
        pytest.fail(f"{path} is missing: the shared/ directory must sit beside the repository")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict)
    return data
