"""What one pipeline run does, as plain functions; the Prefect flow wires them as tasks.

plan (what is new) → stages and rows (``batch``, per batch) → add each batch's rows to
``incoming`` → stage into ``staging`` (``consolidate``) → audit with the quality gate →
promote and publish, or record the failure. Nothing here reads the environment: the flow
passes settings in.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import re
import subprocess
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import duckdb

from khabar import __version__, consolidate
from khabar import batch as _batch
from khabar.publish import analyst, versions
from khabar.publish import docs as run_docs
from khabar.quality.gx import ExpectationResult, ValidationReport, validate_warehouse
from khabar.resources import EXPECTATIONS_DIR, REPO_ROOT, Resources
from khabar.settings import Settings
from khabar.text.load import RawArticle, Rejected, discover, read_articles
from khabar.warehouse import store
from khabar.warehouse.schema import DATASET_TABLES, OPERATIONAL_TABLES, STAGING


@dataclass(frozen=True)
class RunPlan:
    run_id: str
    input_dir: str
    started_at: datetime
    articles: tuple[RawArticle, ...]  # new to the warehouse
    new_paths: dict[str, list[str]]  # known articles found under new names
    rejected: tuple[Rejected, ...]
    given_up: int  # rejected files past their retry budget, not tried again
    input_hash: str
    n_files: int


@dataclass(frozen=True)
class RunOutcome:
    run_id: str
    status: str  # published | unchanged | failed
    version: int | None
    counts: dict[str, int]
    new_articles: int
    quarantined: int
    failures: tuple[str, ...] = ()
    report_path: str | None = None
    summary: dict[str, Any] = field(default_factory=dict)
    docs_path: str | None = None  # the run's validation page under warehouse/docs/


def new_run_id(now: datetime) -> str:
    return f"{now:%Y%m%dT%H%M%S}-{uuid.uuid4().hex[:8]}"


def code_version() -> str:
    """Package version and, in a git checkout, the commit (with +dirty for local edits)."""
    if REPO_ROOT is None:  # an installed wheel
        return __version__
    try:
        commit = subprocess.run(
            ["git", "-C", str(REPO_ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ""
    return f"{__version__}+{commit}" if commit else __version__


def plan(
    input_dir: Path,
    db_path: Path,
    max_bytes: int,
    max_attempts: int,
    published_window: tuple[date, date] | None = None,
) -> RunPlan:
    """Find the articles this run must process: new texts only, by content hash."""
    started = datetime.now(UTC).replace(tzinfo=None)
    files, rejected = discover(input_dir, published_window)
    articles, unreadable = read_articles(files, max_bytes)
    rejected += unreadable
    with store.connect(db_path) as con:
        known = store.known_articles(con)
        attempts = store.quarantine_attempts(con)
        exhausted = store.exhausted_articles(con, max_attempts)
    new = [a for a in articles if a.article_id not in known and a.article_id not in exhausted]
    new_paths = {
        a.article_id: sorted(set(a.paths) - set(known[a.article_id]))
        for a in articles
        if a.article_id in known and set(a.paths) - set(known[a.article_id])
    }
    retry = [r for r in rejected if attempts.get(store.quarantine_key(r), 0) < max_attempts]
    digest = hashlib.sha256()
    for article in articles:
        digest.update(f"{article.article_id}:{','.join(article.paths)}\n".encode())
    for item in sorted(rejected, key=lambda r: (r.path, r.reason)):
        digest.update(f"rejected:{item.path}:{item.content_hash}:{item.reason}\n".encode())
    return RunPlan(
        run_id=new_run_id(started),
        input_dir=str(input_dir),
        started_at=started,
        articles=tuple(new),
        new_paths=new_paths,
        rejected=tuple(retry),
        given_up=len(rejected) - len(retry) + sum(a.article_id in exhausted for a in articles),
        input_hash=digest.hexdigest()[:16],
        n_files=len(files),
    )


def begin(settings: Settings, run: RunPlan) -> list[str]:
    """Record the run's start (no new rows are waiting yet), and mark ``crashed`` every
    earlier run still recorded as ``running`` whose process is gone. Returns their ids."""
    _hold(settings.runs_dir, run.run_id)
    try:
        return _begin(settings, run)
    except BaseException:
        _release(settings.runs_dir, run.run_id)
        raise


def _begin(settings: Settings, run: RunPlan) -> list[str]:
    with store.connect(settings.db_path) as con:
        noticed = datetime.now(UTC).replace(tzinfo=None)
        crashed = [r for r in store.running_runs(con) if not _alive(settings.runs_dir, r)]
        for run_id in crashed:
            store.end_run(con, run_id, "crashed", noticed, [_crash_note(run.run_id, noticed)])
        store.reset_incoming(con)
        store.start_run(
            con,
            run.run_id,
            run.input_dir,
            run.input_hash,
            code_version(),
            run.n_files,
            run.started_at,
        )
    _write_report(
        settings.runs_dir,
        {"run_id": run.run_id, "status": "running", "started_at": run.started_at.isoformat()},
    )
    for run_id in crashed:
        _lock_path(settings.runs_dir, run_id).unlink(missing_ok=True)
        _update_report(
            settings.runs_dir,
            run_id,
            {
                "status": "crashed",
                "finished_at": noticed.isoformat(),
                "failures": [_crash_note(run.run_id, noticed)],
            },
        )
    return crashed


def fail(settings: Settings, run_id: str, reasons: Sequence[str]) -> None:
    """Record a run that raised (a task crashed, publishing failed) as ``failed`` with the
    reasons, so its row does not stay ``running``. When even that cannot be written (a full
    disk) the row stays ``running`` and the next run marks it ``crashed``."""
    finished = datetime.now(UTC).replace(tzinfo=None)
    try:
        with store.connect(settings.db_path) as con:
            store.end_run(con, run_id, "failed", finished, reasons)
        _update_report(
            settings.runs_dir,
            run_id,
            {"status": "failed", "finished_at": finished.isoformat(), "failures": list(reasons)},
        )
    finally:
        _release(settings.runs_dir, run_id)


def _crash_note(run_id: str, noticed: datetime) -> str:
    return (
        f"crashed: still 'running' when run {run_id} started at {noticed:%Y-%m-%d %H:%M:%S} UTC;"
        " its process had ended without finishing (killed, out of memory, machine stopped)"
    )


# Run id -> open descriptor of its lock file, locked while this process runs it. The kernel
# drops the lock when the process dies, however it dies: a later run that can take the lock
# knows the run is not running any more, one that cannot leaves the run alone (it is alive).
_HELD: dict[str, int] = {}


def _lock_path(runs_dir: Path, run_id: str) -> Path:
    return runs_dir / f"{run_id}.lock"


def _hold(runs_dir: Path, run_id: str) -> None:
    path = _lock_path(runs_dir, run_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_RDWR, 0o644)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _HELD[run_id] = fd


def _release(runs_dir: Path, run_id: str) -> None:
    fd = _HELD.pop(run_id, None)
    if fd is not None:
        _lock_path(runs_dir, run_id).unlink(missing_ok=True)
        os.close(fd)


def _alive(runs_dir: Path, run_id: str) -> bool:
    """Whether a process still runs ``run_id`` (holds its lock file)."""
    try:
        fd = os.open(_lock_path(runs_dir, run_id), os.O_RDWR)
    except FileNotFoundError:
        return False  # never held (a run from before lock files) or already released
    try:
        fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(fd)
    return False


@contextmanager
def incoming(db_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The connection a run adds its batches through, open while they come back. Closing
    a DuckDB file checkpoints it, which rewrites each table's last, partly filled row
    group: a connection per batch made that the flow process's largest cost while the
    batches ran (40 batches of 256 articles: 13 s, against 6 s through one connection)."""
    with store.connect(db_path) as con:
        yield con


def add_rows(con: duckdb.DuckDBPyConnection, part: int, found: _batch.BatchRows) -> None:
    """Keep batch ``part``'s rows in the warehouse file until ``stage_added``: the flow adds
    each batch as it arrives and can let it go (``begin`` emptied them for the run)."""
    store.add_incoming(con, part, found.tables)


def stage_added(
    settings: Settings, run: RunPlan, resources: Resources | None = None
) -> store.StageSummary:
    """``main`` + the rows added since ``begin`` into ``staging``, consolidated (entities,
    events, the event ids retired as of the version the run would publish). Rows go in by
    article id whatever order the batches came in. ``resources``: the ones the run's
    stages read (default: the shipped ones), so the knowledge base is not loaded twice."""
    version = (versions.latest_version(settings.dataset_dir) or 0) + 1
    kb, places = (resources.kb, resources.places) if resources is not None else (None, None)
    with store.connect(settings.db_path) as con:
        return consolidate.stage(con, run.new_paths, version, kb, places)


def audit(
    db_path: Path, expectations_dir: Path = EXPECTATIONS_DIR, row_drift: float | None = None
) -> ValidationReport:
    """Run every suite: dataset tables in ``staging``, operational tables in ``main``;
    ``row_drift`` bounds each staged table's rows against the published one's."""
    with store.connect(db_path) as con:
        staged = validate_warehouse(con, STAGING, DATASET_TABLES, expectations_dir, row_drift)
        operational = validate_warehouse(con, "main", OPERATIONAL_TABLES, expectations_dir)
    return ValidationReport(
        staged.success and operational.success,
        staged.results + operational.results,
        staged.gx_results + operational.gx_results,
    )


def finish(
    settings: Settings,
    run: RunPlan,
    staged: store.StageSummary,
    report: ValidationReport,
    rejected: Sequence[Rejected],
) -> RunOutcome:
    """Promote and publish a passing run that changed data; record a failing one."""
    version: int | None = None
    summary = report.summary()
    failures: tuple[str, ...] = ()
    status = "failed"
    with store.connect(settings.db_path) as con:
        if not report.success:
            failures = tuple(_failure_line(con, run, r) for r in report.failures())
        store.record_quarantine(con, rejected, run.run_id)
        if report.success:
            store.promote(con)
            fingerprint, is_latest = _main_is_latest(con, settings.dataset_dir)
            status = "unchanged" if is_latest else "published"
    # Publishing gets a connection of its own: DuckDB keeps the pages promoting read cached
    # (about 0.4 GB at 10,000 articles), and a first publish holds each table in Arrow too.
    with store.connect(settings.db_path) as con:
        if status == "published":
            request = versions.PublishRequest(
                run.run_id,
                code_version(),
                run.input_hash,
                summary,
                datetime.now(UTC).replace(tzinfo=None),
            )
            version = versions.publish(con, settings.dataset_dir, request, fingerprint=fingerprint)
        counts = store.table_counts(con, STAGING if status == "failed" else "main")
        store.finish_run(
            con,
            run.run_id,
            status,
            datetime.now(UTC).replace(tzinfo=None),
            staged.new_articles,
            len(rejected),
            version,
            summary,
            failures,
        )
        if status == "published" or not settings.analyst_path.exists():
            _write_analyst(con, settings)
    docs_path = run_docs.write_run_docs(settings.docs_dir, run.run_id, status, version, report)
    report_path = _write_report(
        settings.runs_dir,
        {
            "run_id": run.run_id,
            "status": status,
            "started_at": run.started_at.isoformat(),
            "finished_at": datetime.now(UTC).replace(tzinfo=None).isoformat(),
            "version": version,
            "docs": str(docs_path),
            "validation": summary,
            "failures": failures,
            "report": report.render(),
        },
    )
    _release(settings.runs_dir, run.run_id)
    return RunOutcome(
        run.run_id,
        status,
        version,
        counts,
        staged.new_articles,
        len(rejected),
        failures,
        str(report_path),
        summary,
        str(docs_path),
    )


def finish_if_unchanged(
    settings: Settings, run: RunPlan, rejected: Sequence[Rejected]
) -> RunOutcome | None:
    """End a run that has nothing to add without staging or validating anything.

    Only when no article is new, no known one gained a path, and the published tables are
    those of the latest version (a publish killed half-way leaves them ahead of it, and then
    the full run must publish). What the gate would check is what it passed before, so the
    scheduled rerun of an unchanged inbox costs a plan, not a GX audit. Quarantine attempts
    are still recorded. None: run the stages as usual.
    """
    if run.articles or run.new_paths:
        return None
    with store.connect(settings.db_path) as con:
        if not _main_is_latest(con, settings.dataset_dir)[1]:
            return None
        store.record_quarantine(con, rejected, run.run_id)
        summary: dict[str, Any] = {
            "success": True,
            "evaluated": 0,
            "failed": 0,
            "tables": {},
            "failures": [],
            "skipped": f"nothing new since version {versions.latest_version(settings.dataset_dir)}",
        }
        counts = store.table_counts(con, "main")
        store.finish_run(
            con,
            run.run_id,
            "unchanged",
            datetime.now(UTC).replace(tzinfo=None),
            0,
            len(rejected),
            None,
            summary,
            (),
        )
        if not settings.analyst_path.exists():
            _write_analyst(con, settings)
    report_path = _write_report(
        settings.runs_dir,
        {
            "run_id": run.run_id,
            "status": "unchanged",
            "started_at": run.started_at.isoformat(),
            "finished_at": datetime.now(UTC).replace(tzinfo=None).isoformat(),
            "version": None,
            "docs": None,
            "validation": summary,
            "failures": [],
        },
    )
    _release(settings.runs_dir, run.run_id)
    return RunOutcome(
        run.run_id, "unchanged", None, counts, 0, len(rejected), (), str(report_path), summary
    )


def _write_analyst(con: duckdb.DuckDBPyConnection, settings: Settings) -> None:
    """Rewrite the readers' file when ``main`` is the latest published version (after a
    publish, or once when the file is missing); never with unpublished rows."""
    if not _main_is_latest(con, settings.dataset_dir)[1]:
        return
    entry = versions.list_versions(settings.dataset_dir)[-1]
    analyst.write_analyst_db(
        con, settings.analyst_path, int(entry["version"]), str(entry["run_id"])
    )


def _main_is_latest(con: duckdb.DuckDBPyConnection, dataset_dir: Path) -> tuple[str, bool]:
    """``main``'s fingerprint, and whether the latest published version has the same."""
    fingerprint = _fingerprint_json(store.fingerprint(con))
    latest = versions.list_versions(dataset_dir)
    return fingerprint, bool(latest) and latest[-1].get("fingerprint") == fingerprint


_ID_COLUMN = re.compile(r"[a-z_][a-z0-9_]*_id")


def _failure_line(con: duckdb.DuckDBPyConnection, run: RunPlan, failed: ExpectationResult) -> str:
    """A failed expectation, with the files of the articles its offending rows belong to."""
    line = f"{failed.table}: {failed.expectation}: {failed.detail}"
    files = _files_of(con, run, _articles_of(con, failed))
    return f"{line}; files: {', '.join(files)}" if files else line


def _articles_of(con: duckdb.DuckDBPyConnection, failed: ExpectationResult) -> set[str]:
    """Article ids behind a failed expectation's rows: their ``article_id``, or an id
    looked up in the staged tables that have it beside ``article_id``."""
    found: set[str] = set()
    for row in failed.rows:
        for column, value in row.items():
            if value is None or not _ID_COLUMN.fullmatch(column):
                continue
            if column == "article_id":
                found.add(str(value))
                continue
            for table in _tables_with(con, column):
                hits = con.execute(
                    f"SELECT DISTINCT article_id FROM {STAGING}.{table} WHERE {column} = ?",
                    [value],
                ).fetchall()
                found.update(str(h[0]) for h in hits if h[0] is not None)
    return found


def _tables_with(con: duckdb.DuckDBPyConnection, column: str) -> list[str]:
    rows_ = con.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = ? "
        "AND column_name = ? AND table_name IN (SELECT table_name FROM "
        "information_schema.columns WHERE table_schema = ? AND column_name = 'article_id')",
        [STAGING, column, STAGING],
    ).fetchall()
    return sorted(str(r[0]) for r in rows_)


def _files_of(con: duckdb.DuckDBPyConnection, run: RunPlan, article_ids: set[str]) -> list[str]:
    """Paths of the articles: under this run's input directory for the ones it brought."""
    new = {a.article_id: a.paths for a in run.articles}
    files: set[str] = set()
    for article_id in sorted(article_ids):
        if article_id in new:
            files.update(str(Path(run.input_dir) / p) for p in new[article_id])
            continue
        hit = con.execute(
            f"SELECT paths FROM {STAGING}.articles WHERE article_id = ?", [article_id]
        ).fetchone()
        files.update(hit[0] if hit and hit[0] else [f"article {article_id}"])
    return sorted(files)


def _update_report(runs_dir: Path, run_id: str, changes: dict[str, Any]) -> None:
    """Merge ``changes`` into a run's JSON report (written at its start)."""
    path = runs_dir / f"{run_id}.json"
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        report = {"run_id": run_id}
    _write_report(runs_dir, {**report, **changes})


def _write_report(runs_dir: Path, report: dict[str, Any]) -> Path:
    """The run's JSON report under the warehouse's ``runs/``."""
    path = runs_dir / f"{report['run_id']}.json"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")
    return path


def _fingerprint_json(fp: dict[str, tuple[int, int]]) -> str:
    return hashlib.sha256(json.dumps(fp, sort_keys=True).encode()).hexdigest()[:32]
