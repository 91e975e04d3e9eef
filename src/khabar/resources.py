"""Where the reference data (gazetteers, lexicons) lives.

Reference data is CSV under the repository's ``seeds/`` so that it is reviewed like code;
callers pass explicit paths where they can, this is only the default.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
SEEDS_DIR = REPO_ROOT / "seeds"
SQL_DIR = REPO_ROOT / "sql"
EXPECTATIONS_DIR = REPO_ROOT / "expectations"


def reference_path(name: str) -> Path:
    """Path of a reference CSV in ``seeds/``; fails loudly if it is missing."""
    path = SEEDS_DIR / name
    if not path.is_file():
        raise FileNotFoundError(f"reference data {name!r} not found at {path}")
    return path
