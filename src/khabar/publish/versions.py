"""Published dataset versions: Parquet per table plus a manifest, never overwritten.

A version is written to a hidden temporary directory and renamed into place once complete,
so a reader never sees half a version and a crash leaves the previous versions as they were.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from khabar.warehouse.schema import DATASET_TABLES

_VERSION_DIR = re.compile(r"^v(\d+)$")
MANIFEST = "manifest.json"


@dataclass(frozen=True, slots=True)
class PublishRequest:
    run_id: str
    code_version: str
    input_hash: str
    validation: dict[str, Any]
    created_at: datetime


def list_versions(dataset_dir: Path) -> list[dict[str, Any]]:
    """Manifests of every complete version, oldest first."""
    if not dataset_dir.is_dir():
        return []
    found = []
    for child in dataset_dir.iterdir():
        match = _VERSION_DIR.match(child.name)
        if match and (child / MANIFEST).is_file():
            found.append(json.loads((child / MANIFEST).read_text(encoding="utf-8")))
    return sorted(found, key=lambda manifest: int(manifest["version"]))


def latest_version(dataset_dir: Path) -> int | None:
    versions = list_versions(dataset_dir)
    return int(versions[-1]["version"]) if versions else None


def version_dir(dataset_dir: Path, version: int) -> Path:
    path = dataset_dir / f"v{version}"
    if not (path / MANIFEST).is_file():
        raise FileNotFoundError(f"dataset version {version} does not exist in {dataset_dir}")
    return path


def publish(
    con: duckdb.DuckDBPyConnection,
    dataset_dir: Path,
    request: PublishRequest,
    schema: str = "main",
    fingerprint: str = "",
) -> int:
    """Write the tables of ``schema`` as the next version; returns its number."""
    dataset_dir.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(dataset_dir)
    version = (latest_version(dataset_dir) or 0) + 1
    final = dataset_dir / f"v{version}"
    if final.exists():
        raise FileExistsError(f"{final} exists; published versions are never overwritten")
    tmp = dataset_dir / f".v{version}.tmp-{os.getpid()}"
    tmp.mkdir()
    files: dict[str, dict[str, Any]] = {}
    for table in DATASET_TABLES:
        frame = con.execute(f"SELECT * FROM {schema}.{table} ORDER BY 1").pl()
        path = tmp / f"{table}.parquet"
        frame.write_parquet(path, compression="zstd")
        files[table] = {"file": path.name, "rows": frame.height, "sha256": sha256_file(path)}
    manifest = {
        "version": version,
        "run_id": request.run_id,
        "created_at": request.created_at.isoformat(timespec="seconds"),
        "code_version": request.code_version,
        "input_hash": request.input_hash,
        "fingerprint": fingerprint,
        "row_counts": {table: info["rows"] for table, info in files.items()},
        "files": files,
        "validation": request.validation,
    }
    (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
    os.replace(tmp, final)
    return version


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _remove_stale_temporaries(dataset_dir: Path) -> None:
    """A crash mid-publish leaves a temporary directory; it was never a version."""
    for child in dataset_dir.iterdir():
        if child.name.startswith(".v") and ".tmp" in child.name:
            shutil.rmtree(child, ignore_errors=True)
