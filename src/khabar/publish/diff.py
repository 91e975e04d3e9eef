"""What changed between two published versions: rows per table, events added or merged,
and the event ids A cited that B retired.

Rows are matched by each table's key (its first column): a key only in B is added, only in A
removed, in both with any column different changed. Events are re-merged over the whole
warehouse on every run, so their rows alone do not say whether a new report started a new
event or joined an old one; the event mentions do. An event id hashes the event's content,
so a refined or merged event has a new id: ``event_id_history`` leads each retired id to
its successor.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import duckdb

from khabar.publish import versions
from khabar.warehouse.schema import DATASET_TABLES


@dataclass(frozen=True, slots=True)
class TableDiff:
    table: str
    key: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class VersionDiff:
    old: int
    new: int
    tables: tuple[TableDiff, ...]
    events_added: tuple[str, ...]  # events of B none of whose mentions were in A
    events_merged: tuple[str, ...]  # events of B that joined A's reports with new ones
    # (event id of A, the event id of B it resolves to, reason), for A's ids not in B
    events_retired: tuple[tuple[str, str | None, str], ...] = ()

    def table(self, name: str) -> TableDiff:
        return next(t for t in self.tables if t.table == name)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def diff_versions(dataset_dir: Path, old: int, new: int) -> VersionDiff:
    """Compare versions ``old`` and ``new`` of the dataset (either order is allowed)."""
    versions.get_version(dataset_dir, old)  # fail early and clearly on a missing version
    versions.get_version(dataset_dir, new)
    con = duckdb.connect()
    try:
        tables = []
        for table in DATASET_TABLES:
            if not (_has(dataset_dir, table, old) and _has(dataset_dir, table, new)):
                continue  # a table added after the older version was published
            a = versions.read_table(dataset_dir, table, old)
            b = versions.read_table(dataset_dir, table, new)
            con.register("a", a)
            con.register("b", b)
            tables.append(_table_diff(con, table, a.schema.names, b.schema.names))
            con.unregister("a")
            con.unregister("b")
        con.register("a_em", versions.read_table(dataset_dir, "event_mentions", old))
        con.register("b_em", versions.read_table(dataset_dir, "event_mentions", new))
        added, merged = _event_changes(con)
    finally:
        con.close()
    retired = _retired(dataset_dir, old, new) if old < new else ()
    return VersionDiff(old, new, tuple(tables), added, merged, retired)


def _retired(dataset_dir: Path, old: int, new: int) -> tuple[tuple[str, str | None, str], ...]:
    before = set(versions.read_table(dataset_dir, "events", old).column("event_id").to_pylist())
    after = set(versions.read_table(dataset_dir, "events", new).column("event_id").to_pylist())
    history = (
        versions.read_table(dataset_dir, "event_id_history", new).to_pylist()
        if _has(dataset_dir, "event_id_history", new)
        else []
    )
    steps = [(h["old_event_id"], h["new_event_id"], h["version"], h["reason"]) for h in history]
    found = resolve_event_ids(sorted(before - after), steps, after, since=old)
    return tuple((event_id, *found[event_id]) for event_id in sorted(found))


def _has(dataset_dir: Path, table: str, version: int) -> bool:
    return table in versions.get_version(dataset_dir, version)["delta_versions"]


def resolve_event_ids(
    ids: list[str],
    history: list[tuple[str, str, int, str]],
    current: set[str],
    since: int = 0,
) -> dict[str, tuple[str | None, str]]:
    """Each id -> (the id in ``current`` it became, reason of its first retirement),
    following ``event_id_history`` rows (old, new, version, reason) of versions after
    ``since``; (None, "unresolved") when the rows lead nowhere in ``current``."""
    latest: dict[str, tuple[int, str, str]] = {}
    for old_id, new_id, version, reason in history:
        if version > since and (old_id not in latest or version > latest[old_id][0]):
            latest[old_id] = (version, new_id, reason)
    found: dict[str, tuple[str | None, str]] = {}
    for event_id in ids:
        at, seen, first = event_id, {event_id}, None
        while at not in current and at in latest:
            _, at, reason = latest[at]
            first = first or reason
            if at in seen:
                break
            seen.add(at)
        found[event_id] = (at, first or "kept") if at in current else (None, "unresolved")
    return found


def _table_diff(
    con: duckdb.DuckDBPyConnection, table: str, old_columns: list[str], new_columns: list[str]
) -> TableDiff:
    key = new_columns[0]
    common = [c for c in new_columns if c in old_columns]  # a new column alone changes nothing
    for name in common:
        versions._check_ident(name)
    cols = ", ".join(f'"{c}"' for c in common)
    k = f'"{key}"'

    def keys(sql: str) -> tuple[str, ...]:
        return tuple(str(row[0]) for row in con.execute(sql).fetchall())

    return TableDiff(
        table,
        key,
        added=keys(f"SELECT {k} FROM b WHERE {k} NOT IN (SELECT {k} FROM a) ORDER BY 1"),
        removed=keys(f"SELECT {k} FROM a WHERE {k} NOT IN (SELECT {k} FROM b) ORDER BY 1"),
        changed=keys(
            f"SELECT {k} FROM (SELECT {cols} FROM b EXCEPT SELECT {cols} FROM a) "
            f"WHERE {k} IN (SELECT {k} FROM a) ORDER BY 1"
        ),
    )


def _event_changes(con: duckdb.DuckDBPyConnection) -> tuple[tuple[str, ...], tuple[str, ...]]:
    rows = con.execute(
        """
        SELECT b.event_id,
               count(a.event_mention_id) AS old_reports,
               count(*) - count(a.event_mention_id) AS new_reports,
               count(DISTINCT a.event_id) AS old_events
        FROM b_em AS b
        LEFT JOIN a_em AS a USING (event_mention_id)
        GROUP BY b.event_id
        ORDER BY b.event_id
        """
    ).fetchall()
    added = tuple(str(r[0]) for r in rows if r[1] == 0)
    merged = tuple(str(r[0]) for r in rows if r[1] > 0 and (r[2] > 0 or r[3] > 1))
    return added, merged
