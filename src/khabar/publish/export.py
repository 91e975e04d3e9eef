"""Export one version as plain files: zstd Parquet per table, a manifest, a README.

For analysts without a Delta reader, and for citing a version in a paper or archive: the
manifest carries each file's sha256 and row count, so a copy can be checked byte for byte.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from khabar.publish import versions
from khabar.warehouse.schema import DATASET_TABLES

MANIFEST = "manifest.json"

_README = """\
# khabar dataset, version {version}

Hindi news turned into events: one zstd Parquet file per table, exported from version
{version} of the khabar dataset (run `{run_id}`, created {created_at}, code `{code_version}`).
Rows are sorted by each table's key, its first column.

| table | rows |
|---|---|
{rows}

`manifest.json` lists each file's sha256 and row count (check with `sha256sum`), the input
hash, the content fingerprint and the validation summary of the run that published it.
Cite the version number. Reading it:

    import polars as pl
    events = pl.read_parquet("events.parquet")

    duckdb -c "SELECT type, count(*) FROM 'events.parquet' GROUP BY type"

Offsets (`start_char`, `end_char`, `trigger_*`) are code points into `articles.text`, end
exclusive. Table meanings are in the khabar README's table catalogue.
"""


def export_version(dataset_dir: Path, version: int, to: Path) -> dict[str, Any]:
    """Write ``version`` into the new directory ``to``; returns the manifest.

    Files go to a temporary sibling that is renamed into place, so ``to`` is complete or
    absent. An existing non-empty ``to`` is refused rather than mixed with old files.
    """
    entry = versions.get_version(dataset_dir, version)
    if to.exists() and (not to.is_dir() or any(to.iterdir())):
        raise FileExistsError(f"{to} exists and is not an empty directory")
    to.parent.mkdir(parents=True, exist_ok=True)
    tmp = to.parent / f".{to.name}.tmp-{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        files: dict[str, dict[str, Any]] = {}
        for table in DATASET_TABLES:
            data = versions.read_table(dataset_dir, table, version)
            data = data.sort_by(data.schema.names[0])
            path = tmp / f"{table}.parquet"
            pq.write_table(data, path, compression="zstd")
            files[table] = {"file": path.name, "rows": data.num_rows, "sha256": sha256_file(path)}
        manifest = {
            "version": entry["version"],
            "run_id": entry["run_id"],
            "created_at": entry["created_at"],
            "exported_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "code_version": entry["code_version"],
            "input_hash": entry["input_hash"],
            "fingerprint": entry.get("fingerprint", ""),
            "delta_versions": entry["delta_versions"],
            "files": files,
            "validation": entry.get("validation"),
        }
        (tmp / MANIFEST).write_text(json.dumps(manifest, indent=2, default=str), encoding="utf-8")
        (tmp / "README.md").write_text(
            _README.format(
                version=entry["version"],
                run_id=entry["run_id"],
                created_at=entry["created_at"],
                code_version=entry["code_version"],
                rows="\n".join(f"| `{t}` | {f['rows']} |" for t, f in files.items()),
            ),
            encoding="utf-8",
        )
        if to.exists():
            to.rmdir()
        os.replace(tmp, to)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return manifest


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
