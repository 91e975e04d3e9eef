"""Byte-identical check for behaviour-preserving refactors: a SHA-256 per warehouse table.

    .venv/bin/python benchmarks/hash_tables.py [--corpus seeds 1000] [--seed 7] [--keep DIR]

For each corpus it runs the pipeline the way a user does (``khabar run``, in a child process,
with a fresh warehouse and a fresh ``PREFECT_HOME`` in a temporary directory and no
``KHABAR_*`` setting inherited except those named below), then prints, per table of the
warehouse's ``main`` schema, the row count and the SHA-256 of a canonical serialisation:
the rows sorted by the table's primary key (from the catalogue), each row one line of
JSON (``[column, value]`` pairs in DDL order; floats as ``repr``, dates and timestamps as ISO
text, lists as lists). Run it before a refactor and after it: every hash must be equal.

Corpora: ``seeds`` is ``seeds/articles/`` (the seed run); ``1000`` (or any N) is the
throughput benchmark's corpus ``benchmarks/_corpus/n<N>/``, built by
``benchmarks/throughput.py``'s ``build_corpus`` from ``--seed`` (7, its default) when missing.

Columns left out, because they differ from run to run whatever the code does:

- ``runs.run_id``, ``runs.started_at``, ``runs.finished_at``: the run's clock and a random
  suffix (``runner.new_run_id``);
- ``runs.code_version``: ``git describe --dirty`` of the checkout, which is what changes in
  a refactor;
- ``runs.input_dir``: the absolute input path (the same corpus in two checkouts differs);
- ``quarantine.first_run_id``, ``quarantine.last_run_id``: run ids.

``runs.validation`` (the GX summary: expectations evaluated and failed per table) is kept.
``runs`` has no key left once ``run_id`` is out: its rows are sorted by their serialisation.
Every dataset table (articles, sentences, entities, mentions, dates, events,
event_mentions, event_id_history) is hashed whole: no column of theirs depends on the clock
or the run id. A one-run corpus retires no event id, so event_id_history is empty there.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))  # this checkout's table list, whichever venv runs it
from khabar.warehouse.schema import ALL_TABLES  # noqa: E402

SEEDS = ROOT / "seeds" / "articles"
EXCLUDED: dict[str, tuple[str, ...]] = {
    "runs": ("run_id", "started_at", "finished_at", "code_version", "input_dir"),
    "quarantine": ("first_run_id", "last_run_id"),
}
# The khabar CLI of this checkout, whichever interpreter runs this script.
_CLI = "import sys; from flows.cli import main; sys.argv[0] = 'khabar'; sys.exit(main())"


def _columns_and_key(con: Any, table: str) -> tuple[list[str], list[str]]:
    """Columns in DDL order and the primary key, from the warehouse's own catalogue (the
    tables were created from ``sql/<table>.sql``)."""
    columns = [
        row[0]
        for row in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_schema = 'main' "
            "AND table_name = ? ORDER BY ordinal_position",
            [table],
        ).fetchall()
    ]
    found = con.execute(
        "SELECT constraint_column_names FROM duckdb_constraints() WHERE schema_name = 'main' "
        "AND table_name = ? AND constraint_type = 'PRIMARY KEY'",
        [table],
    ).fetchone()
    return columns, list(found[0]) if found else []


def _canonical(value: Any) -> Any:
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [_canonical(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _canonical(v) for k, v in sorted(value.items())}
    return value


def table_hashes(db_path: Path) -> dict[str, tuple[int, str]]:
    """Per table: (rows, SHA-256 of its canonical serialisation)."""
    import duckdb

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        out: dict[str, tuple[int, str]] = {}
        for table in ALL_TABLES:
            columns, key = _columns_and_key(con, table)
            kept = [c for c in columns if c not in EXCLUDED.get(table, ())]
            select = ", ".join(f'"{c}"' for c in kept)
            order = ", ".join(f'"{c}"' for c in key if c in kept)
            sql = f"SELECT {select} FROM main.{table}" + (f" ORDER BY {order}" if order else "")
            lines = [
                json.dumps(
                    [[c, _canonical(v)] for c, v in zip(kept, row, strict=True)],
                    ensure_ascii=False,
                    separators=(",", ":"),
                )
                for row in con.execute(sql).fetchall()
            ]
            if not order:
                lines.sort()
            digest = hashlib.sha256()
            for line in lines:
                digest.update(line.encode("utf-8") + b"\n")
            out[table] = (len(lines), digest.hexdigest())
        return out
    finally:
        con.close()


def run_pipeline(corpus: Path, work: Path) -> Path:
    """``khabar run`` on ``corpus`` into a fresh warehouse under ``work``; its DuckDB file."""
    warehouse = work / "warehouse"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KHABAR_", "PREFECT_"))}
    env.update(
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        PREFECT_HOME=str(work / "prefect"),
        DO_NOT_TRACK="1",
        GX_ANALYTICS_ENABLED="false",
        PREFECT_SERVER_ANALYTICS_ENABLED="false",
    )
    cmd = [sys.executable, "-c", _CLI, "run", "--input", str(corpus), "--warehouse", str(warehouse)]
    done = subprocess.run(cmd, env=env, cwd=work, capture_output=True, text=True)
    if done.returncode != 0:
        sys.stderr.write(done.stdout[-4000:] + done.stderr[-4000:])
        raise SystemExit(f"khabar run on {corpus} failed (exit {done.returncode})")
    return warehouse / "khabar.duckdb"


def _corpus_dir(name: str, seed: int) -> Path:
    if name == "seeds":
        return SEEDS
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from throughput import build_corpus

    return build_corpus(int(name), seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=["seeds", "1000"])
    parser.add_argument("--seed", type=int, default=7, help="corpus seed (throughput's default)")
    parser.add_argument("--keep", type=Path, help="keep the warehouses under this directory")
    args = parser.parse_args(argv)
    for name in args.corpus:
        corpus = _corpus_dir(name, args.seed)
        with tempfile.TemporaryDirectory(prefix="khabar-hash-") as tmp:
            work = Path(tmp) if args.keep is None else args.keep / name
            work.mkdir(parents=True, exist_ok=True)
            hashes = table_hashes(run_pipeline(corpus, work))
        print(f"# {name}: {corpus.relative_to(ROOT)}")
        for table, (rows, digest) in hashes.items():
            print(f"{table:15} {rows:>8,}  {digest}")
        total = hashlib.sha256("".join(d for _, d in hashes.values()).encode()).hexdigest()
        print(f"{'ALL':15} {'':>8}  {total}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
