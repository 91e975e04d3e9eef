"""Published dataset versions: one Delta Lake table per dataset table, plus a version log.

Each publish merges the validated ``main`` tables into ``dataset/<table>/`` (Delta, written
with ``deltalake``) so only changed rows are written, one commit per table carrying the run's
metadata. Delta versions are per table and a crash can leave some tables a commit ahead, so
the khabar version a user cites lives in ``dataset/_khabar_versions/NNNNNN.json``: written
last and atomically, it maps version N to the Delta version of every table. A reader that
resolves N through the log never sees a half-published version; the next publish merges
from whatever state the tables are in, so orphaned commits from a killed run are harmless.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.fs as pa_fs
from deltalake import CommitProperties, DeltaTable, write_deltalake

from khabar.publish.codebook import describe_arrow, dictionary
from khabar.warehouse.schema import DATASET_TABLES

LOG_DIR = "_khabar_versions"
_ENTRY = re.compile(r"^(\d{6})\.json$")
_IDENT = re.compile(r"[a-z_][a-z0-9_]*")
_TYPE = re.compile(r"[A-Z][A-Z0-9_]*(\[\])?")  # a column type DuckDB reports: VARCHAR[], DATE
_DELETE_FLAG = "_khabar_delete"


@dataclass(frozen=True, slots=True)
class PublishRequest:
    run_id: str
    code_version: str
    input_hash: str
    validation: dict[str, Any]
    created_at: datetime


@dataclass(frozen=True, slots=True)
class TableSync:
    """What one publish did to one Delta table."""

    delta_version: int
    rows: int
    inserted: int
    updated: int
    deleted: int


def table_path(dataset_dir: Path, table: str) -> Path:
    return dataset_dir / table


def list_versions(dataset_dir: Path) -> list[dict[str, Any]]:
    """Log entries of every complete version, oldest first."""
    log = dataset_dir / LOG_DIR
    if not log.is_dir():
        return []
    found = [
        json.loads(child.read_text(encoding="utf-8"))
        for child in log.iterdir()
        if _ENTRY.match(child.name)
    ]
    return sorted(found, key=lambda entry: int(entry["version"]))


def latest_version(dataset_dir: Path) -> int | None:
    versions = list_versions(dataset_dir)
    return int(versions[-1]["version"]) if versions else None


def get_version(dataset_dir: Path, version: int | None = None) -> dict[str, Any]:
    """The log entry of ``version`` (the latest when None); a missing one is an error."""
    if version is None:
        version = latest_version(dataset_dir)
        if version is None:
            raise FileNotFoundError(f"no published versions in {dataset_dir}")
    path = dataset_dir / LOG_DIR / f"{version:06d}.json"
    if not path.is_file():
        raise FileNotFoundError(f"dataset version {version} does not exist in {dataset_dir}")
    entry: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return entry


def delta_table(dataset_dir: Path, table: str, version: int | None = None) -> DeltaTable:
    """``table`` as of khabar ``version``, pinned to the Delta version the log recorded."""
    entry = get_version(dataset_dir, version)
    delta_versions: Mapping[str, int] = entry["delta_versions"]
    if table not in delta_versions:
        raise ValueError(f"version {entry['version']} has no table {table!r}")
    return DeltaTable(str(table_path(dataset_dir, table)), version=delta_versions[table])


def read_table(dataset_dir: Path, table: str, version: int | None = None) -> pa.Table:
    """``table`` as of khabar ``version``, in memory.

    Not a lazy ``to_pyarrow_dataset()``: delta-rs merges write ``string_view`` Parquet
    columns, and a pyarrow dataset then fails on every string filter DuckDB pushes into it.
    """
    return to_arrow(delta_table(dataset_dir, table, version), table_path(dataset_dir, table))


def to_arrow(pinned: DeltaTable, path: Path) -> pa.Table:
    """The pinned Delta table at ``path`` read through pyarrow's own local filesystem.

    deltalake's default is a Python filesystem whose prefetched buffers are Python objects:
    one freed on an Arrow I/O thread while the interpreter exits takes the GIL and aborts the
    process ("terminate called without an active exception") after the work is done.
    """
    files = pa_fs.SubTreeFileSystem(str(path.resolve()), pa_fs.LocalFileSystem())
    return pinned.to_pyarrow_table(filesystem=files)


def publish(
    con: duckdb.DuckDBPyConnection,
    dataset_dir: Path,
    request: PublishRequest,
    schema: str = "main",
    fingerprint: str = "",
    *,
    after_table: Callable[[str], None] | None = None,
) -> int:
    """Merge the tables of ``schema`` into the Delta tables as the next version; its number.

    ``after_table`` is called after each table's commit (tests use it to crash mid-publish).
    """
    _check_ident(schema)
    log = dataset_dir / LOG_DIR
    log.mkdir(parents=True, exist_ok=True)
    _remove_stale_temporaries(log)
    version = (latest_version(dataset_dir) or 0) + 1
    validation = json.dumps(request.validation, sort_keys=True, default=str)
    synced: dict[str, TableSync] = {}
    for table in DATASET_TABLES:
        metadata = {
            "khabar_version": str(version),
            "khabar_run_id": request.run_id,
            "khabar_created_at": request.created_at.isoformat(timespec="seconds"),
            "khabar_code_version": request.code_version,
            "khabar_input_hash": request.input_hash,
            "khabar_fingerprint": fingerprint,
            "khabar_validation": validation,
        }
        synced[table] = sync_table(con, schema, table, table_path(dataset_dir, table), metadata)
        if after_table is not None:
            after_table(table)
    entry = {
        "version": version,
        "run_id": request.run_id,
        "created_at": request.created_at.isoformat(timespec="seconds"),
        "code_version": request.code_version,
        "input_hash": request.input_hash,
        "fingerprint": fingerprint,
        "row_counts": {t: s.rows for t, s in synced.items()},
        "delta_versions": {t: s.delta_version for t, s in synced.items()},
        "changes": {
            t: {"inserted": s.inserted, "updated": s.updated, "deleted": s.deleted}
            for t, s in synced.items()
        },
        "validation": request.validation,
    }
    _write_entry(log, version, entry)
    return version


def sync_table(
    con: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    path: Path,
    metadata: Mapping[str, str],
) -> TableSync:
    """Make the Delta table at ``path`` equal ``schema.table`` with one commit.

    The change set (new or changed rows, deleted keys) is computed against the table's
    current Delta state, not the last logged version, so it is correct after a crash left
    the table ahead. An unchanged table still gets an empty commit with the metadata: every
    table advances once per khabar version.
    """
    _check_ident(schema)
    _check_ident(table)
    commit = CommitProperties(custom_metadata=dict(metadata))
    target = str(path)
    if not DeltaTable.is_deltatable(target):
        # The data dictionary goes into the Delta schema (each field's metadata
        # "description") when the table is made; merges and appends keep it.
        (doc,) = dictionary((table,))
        source = describe_arrow(
            _arrow(con.execute(f"SELECT * FROM {schema}.{table} ORDER BY 1")), doc
        )
        write_deltalake(
            target, source, mode="error", description=doc.comment, commit_properties=commit
        )
        return TableSync(DeltaTable(target).version(), source.num_rows, source.num_rows, 0, 0)
    current = DeltaTable(target)
    changes = _change_set(con, schema, table, current)
    count = con.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()
    rows = int(count[0]) if count else 0
    if changes.num_rows == 0:
        write_deltalake(
            target, changes.drop([_DELETE_FLAG]), mode="append", commit_properties=commit
        )
        return TableSync(DeltaTable(target).version(), rows, 0, 0, 0)
    key = changes.schema.names[0]
    _check_ident(key)
    metrics = (
        current.merge(
            changes,
            predicate=f"t.{key} = s.{key}",
            source_alias="s",
            target_alias="t",
            commit_properties=commit,
        )
        .when_matched_delete(f"s.{_DELETE_FLAG}")
        .when_matched_update_all(f"NOT s.{_DELETE_FLAG}", except_cols=[_DELETE_FLAG])
        .when_not_matched_insert_all(f"NOT s.{_DELETE_FLAG}", except_cols=[_DELETE_FLAG])
        .execute()
    )
    return TableSync(
        DeltaTable(target).version(),
        rows,
        int(metrics.get("num_target_rows_inserted", 0)),
        int(metrics.get("num_target_rows_updated", 0)),
        int(metrics.get("num_target_rows_deleted", 0)),
    )


def _change_set(
    con: duckdb.DuckDBPyConnection, schema: str, table: str, current: DeltaTable
) -> pa.Table:
    """Rows of ``schema.table`` that are new or differ from the Delta table, plus the Delta
    rows whose key is gone, ordered by key.

    Deleted rows carry ``_khabar_delete = true``. DuckDB reads the Delta table's current
    Parquet files itself (delta-rs writes no deletion vectors) and compares (key, row hash)
    pairs, so neither table is held in memory whole, only the pairs and the changed rows.
    The Parquet columns are cast to the warehouse's types first: equal rows, equal hashes.
    """
    described = [
        (str(r[0]), str(r[1])) for r in con.execute(f"DESCRIBE {schema}.{table}").fetchall()
    ]
    columns = [name for name, _ in described]
    for name, kind in described:
        _check_ident(name)
        if not _TYPE.fullmatch(kind):
            raise ValueError(f"unexpected column type {kind!r} in {schema}.{table}")
    key = columns[0]
    select = ", ".join(f'"{c}"' for c in columns)
    stored = ", ".join(f'CAST("{c}" AS {kind}) AS "{c}"' for c, kind in described)
    empty = _arrow(con.execute(f"SELECT {select} FROM {schema}.{table} LIMIT 0"))
    files = current.file_uris()
    parquet = "read_parquet(?)" if files else f"(SELECT {select} FROM {schema}.{table} LIMIT 0)"
    result = con.execute(
        f'WITH src AS (SELECT "{key}" AS k, hash({select}) AS h FROM {schema}.{table}), '
        f"cur AS (SELECT {stored} FROM {parquet}), "
        f"changed AS (SELECT k FROM (SELECT k, h FROM src "
        f'EXCEPT SELECT "{key}", hash({select}) FROM cur)) '
        f"SELECT {select}, false AS {_DELETE_FLAG} FROM {schema}.{table} "
        f'WHERE "{key}" IN (SELECT k FROM changed) '
        f'UNION ALL SELECT {select}, true FROM cur WHERE "{key}" NOT IN (SELECT k FROM src) '
        "ORDER BY 1",
        [files] if files else [],
    )
    return _arrow(result).cast(empty.schema.append(pa.field(_DELETE_FLAG, pa.bool_())))


def _arrow(result: duckdb.DuckDBPyConnection) -> pa.Table:
    """DuckDB 1.4 returns a reader or a table from ``.arrow()`` depending on the call."""
    data: Any = result.arrow()
    if isinstance(data, pa.RecordBatchReader):
        return data.read_all()
    assert isinstance(data, pa.Table)
    return data


def _write_entry(log: Path, version: int, entry: dict[str, Any]) -> None:
    """Write the log entry durably and atomically: its appearance is the publish."""
    final = log / f"{version:06d}.json"
    if final.exists():
        raise FileExistsError(f"{final} exists; published versions are never overwritten")
    tmp = log / f".{version:06d}.json.tmp-{os.getpid()}"
    with tmp.open("w", encoding="utf-8") as handle:
        json.dump(entry, handle, indent=2, default=str)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, final)
    directory = os.open(log, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def _remove_stale_temporaries(log: Path) -> None:
    """A crash mid-publish can leave a temporary log entry; it was never a version."""
    for child in log.iterdir():
        if child.name.startswith(".") and ".tmp-" in child.name:
            child.unlink(missing_ok=True)


def _check_ident(name: str) -> None:
    """Identifiers come from code and the DDL, never from input; refuse anything else."""
    if not _IDENT.fullmatch(name):
        raise ValueError(f"bad identifier {name!r}")
