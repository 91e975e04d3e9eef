"""The ``khabar`` command: run the flow, validate, list, compare, export and query versions,
annotate text.

The library never imports Prefect: ``khabar run`` calls the flow through the
``run_pipeline`` that the console script (``flows.cli``, which sees both) passes to
``main``."""

from __future__ import annotations

import argparse
import functools
import json
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from khabar import __version__
from khabar.errors import plain_error
from khabar.settings import Settings
from khabar.warehouse import WarehouseLocked

_console = Console(stderr=False)
_errors = Console(stderr=True)

# ``flows.pipeline.run_pipeline``: settings and the flow's parameters in, the run summary out.
PipelineRunner = Callable[..., dict[str, Any]]


def main(argv: Sequence[str] | None = None, run_pipeline: PipelineRunner | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if not getattr(args, "command", None):
        parser.print_help()
        return 2
    handlers: dict[str, Callable[[argparse.Namespace], int]] = {
        "run": functools.partial(_run, run_pipeline=run_pipeline),
        "validate": _validate,
        "versions": _versions,
        "diff": _diff,
        "export": _export,
        "sql": _sql,
        "report": _report,
        "annotate": _annotate,
    }
    handler = handlers[args.command]
    try:
        return handler(args)
    except (
        FileNotFoundError,
        FileExistsError,
        NotADirectoryError,
        ValueError,
    ) as exc:
        _errors.print(f"[red]error:[/red] {exc}")
        return 2
    except Exception as exc:
        # A full disk, a read-only or locked warehouse: one line, not a traceback.
        line = plain_error(exc, str(getattr(args, "warehouse", None) or "") or None)
        if line is None:
            raise
        if isinstance(exc, WarehouseLocked) and "; gave up" in str(exc):
            line += " (" + str(exc).rsplit("; ", 1)[-1] + ")"  # how long the writer waited
        _errors.print(f"[red]error:[/red] {escape(line)}", soft_wrap=True)
        return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="khabar", description=__doc__)
    parser.add_argument("--version", action="version", version=f"khabar {__version__}")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the pipeline flow over a directory of articles")
    run.add_argument("--input", type=Path, help="directory of .txt articles (KHABAR_INPUT)")
    run.add_argument("--warehouse", type=Path, help="warehouse directory (KHABAR_WAREHOUSE)")
    run.add_argument("--batch-size", type=int, help="articles per task (KHABAR_BATCH_SIZE)")
    run.add_argument(
        "--runner",
        choices=["local", "processes", "dask"],
        help="task runner for the language stages (KHABAR_RUNNER)",
    )
    run.add_argument(
        "--dask-address",
        help="tcp://HOST:PORT of an existing Dask scheduler; implies --runner dask "
        "(KHABAR_DASK_ADDRESS)",
    )
    run.add_argument("--json", action="store_true", help="print the run's summary as JSON")
    validate = sub.add_parser("validate", help="run the quality suites on the warehouse")
    validate.add_argument("--warehouse", type=Path)
    validate.add_argument(
        "--schema",
        default="main",
        choices=["main", "staging"],
        help="validate the published state (main) or the last staged run",
    )
    validate.add_argument("--json", action="store_true", help="print the report as JSON")
    versions = sub.add_parser("versions", help="list published dataset versions")
    versions.add_argument("--warehouse", type=Path)
    versions.add_argument("--json", action="store_true", help="print the version log as JSON")
    versions.add_argument(
        "--wide", action="store_true", help="one line per row, however wide the terminal"
    )
    diff = sub.add_parser("diff", help="rows added, removed and changed between two versions")
    diff.add_argument("old", type=int, help="version A")
    diff.add_argument("new", type=int, help="version B")
    diff.add_argument("--warehouse", type=Path)
    diff.add_argument("--json", action="store_true", help="print every changed key as JSON")
    export = sub.add_parser(
        "export", help="write a version as a release package DIR/khabar-vN (Parquet + docs)"
    )
    export.add_argument("--version", type=int, help="version to export (default: latest)")
    export.add_argument("--to", type=Path, required=True, help="directory to put khabar-vN in")
    export.add_argument(
        "--no-text",
        action="store_true",
        help="leave the article text out (ids and offsets stay), for sharing without it",
    )
    export.add_argument("--json", action="store_true", help="print the manifest as JSON")
    export.add_argument("--warehouse", type=Path)
    sql = sub.add_parser("sql", help="DuckDB over a version: tables and analyst views")
    sql.add_argument("-c", "--command", dest="query", help="run one query and exit")
    sql.add_argument("--version", type=int, help="version to open (default: latest)")
    sql.add_argument(
        "--format",
        choices=["table", "csv", "json", "parquet"],
        default=None,
        help="table (default), csv, json (an array of row objects per statement), or "
        "parquet (one statement's result, to --out)",
    )
    sql.add_argument("--out", type=Path, help="with --format parquet: a new file to write")
    sql.add_argument("--csv", action="store_true", help="the same as --format csv")
    sql.add_argument(
        "--csv-raw",
        action="store_true",
        help="with csv: write text starting with = + - @ as it is, without the leading '",
    )
    sql.add_argument("--warehouse", type=Path)
    report = sub.add_parser("report", help="one self-contained HTML page of a version's data")
    report.add_argument("--version", type=int, help="version to draw (default: latest)")
    report.add_argument("--to", type=Path, required=True, help="directory for the page")
    report.add_argument("--warehouse", type=Path)
    annotate = sub.add_parser("annotate", help="annotate text, print JSON (no warehouse)")
    annotate.add_argument("file", nargs="?", type=Path, help="a UTF-8 text file")
    annotate.add_argument(
        "--published",
        type=date.fromisoformat,
        help="document date YYYY-MM-DD that anchors relative dates",
    )
    annotate.add_argument(
        "--jsonl", action="store_true", help='read {"id","text","published"} lines on stdin'
    )
    return parser


def _settings(args: argparse.Namespace) -> Settings:
    overrides: dict[str, Any] = {}
    if getattr(args, "warehouse", None):
        overrides["warehouse"] = args.warehouse
    return Settings(**overrides)


def _run(args: argparse.Namespace, run_pipeline: PipelineRunner | None) -> int:
    if run_pipeline is None:
        raise ValueError("khabar run needs the Prefect flow: use the khabar command (flows.cli)")
    settings = _settings(args)
    source = args.input or settings.inbox or settings.input
    if not Path(source).is_dir():
        raise NotADirectoryError(f"input directory {source} does not exist")
    if args.dask_address and args.runner not in (None, "dask"):
        raise ValueError(f"--dask-address needs the dask runner, not --runner {args.runner}")
    updates: dict[str, Any] = {}
    if args.dask_address:
        updates = {"runner": "dask", "dask_address": args.dask_address}
    elif args.runner:
        updates = {"runner": args.runner}
    settings = settings.model_copy(update=updates)
    summary = run_pipeline(
        settings,
        input_dir=str(source),
        warehouse=str(settings.warehouse),
        batch_size=args.batch_size,
    )
    if args.json:
        _print_json(summary)
    else:
        _print_summary(summary)
    return 0 if summary["status"] != "failed" else 1


class _PlainErrors(logging.Filter):
    """Prefect logs a failed task or flow with its traceback (once per retry); for a full
    disk, a read-only or a locked warehouse the traceback says nothing the line does not."""

    def filter(self, record: logging.LogRecord) -> bool:
        exc = record.exc_info[1] if record.exc_info else None
        line = plain_error(exc) if exc is not None else None
        if line is not None:
            record.msg, record.args = "%s", (line,)
            record.exc_info, record.exc_text = None, None
        return True


def plain_log_errors() -> None:
    """Put ``_PlainErrors`` on Prefect's log handlers; call it once Prefect is imported (its
    handlers exist only then)."""
    plain = _PlainErrors()
    for name in ("", "prefect", "prefect.flow_runs", "prefect.task_runs"):
        for handler in logging.getLogger(name).handlers:
            if not any(isinstance(f, _PlainErrors) for f in handler.filters):
                handler.addFilter(plain)


def _print_summary(summary: dict[str, Any]) -> None:
    from khabar.warehouse.schema import DATASET_TABLES  # the run has imported DuckDB already

    _console.print(f"khabar run {summary['run_id']}: [bold]{summary['status']}[/bold]")
    table = Table()
    table.add_column("table")
    table.add_column("rows", justify="right")
    for name in DATASET_TABLES:
        table.add_row(name, str(summary["counts"].get(name, 0)))
    table.add_row("new articles", str(summary["new_articles"]))
    table.add_row("quarantined", str(summary["quarantined"]))
    table.add_row("version", "-" if summary["version"] is None else str(summary["version"]))
    _console.print(table)
    for failure in summary["failures"]:
        _errors.print(f"[red]failed:[/red] {escape(failure)}")
    seconds = summary.get("stage_seconds") or {}
    if seconds:
        _console.print(
            "language stages, seconds summed over batches: "
            + ", ".join(f"{name} {sec:.1f}" for name, sec in seconds.items())
        )
    _console.print(f"report: {summary['report']}")
    if summary.get("docs"):
        _console.print(f"validation docs: {summary['docs']}")


def _validate(args: argparse.Namespace) -> int:
    from khabar.quality.gx import validate_warehouse
    from khabar.warehouse.schema import ALL_TABLES, DATASET_TABLES
    from khabar.warehouse.store import connect, set_lock_wait

    settings = _settings(args)
    if not settings.db_path.exists() and not settings.analyst_path.exists():
        raise FileNotFoundError(f"no warehouse at {settings.warehouse}")
    tables = ALL_TABLES if args.schema == "main" else DATASET_TABLES
    # The published state is read from the analyst file, which no run ever holds: validating
    # while a run writes khabar.duckdb neither waits for it nor makes it wait.
    path = settings.db_path
    if args.schema == "main" and settings.analyst_path.exists():
        path = settings.analyst_path
    set_lock_wait(settings.lock_wait)
    with connect(path, read_only=True) as con:
        report = validate_warehouse(con, args.schema, tables, row_drift=settings.row_drift_ratio)
    if args.json:
        _print_json({"path": str(path), "schema": args.schema, **report.summary()})
        return 0 if report.success else 1
    _console.print(f"validated {path} ({args.schema})", markup=False, highlight=False)
    _console.print(report.render(), markup=False, highlight=False)
    return 0 if report.success else 1


def _versions(args: argparse.Namespace) -> int:
    from khabar.publish.versions import list_versions

    settings = _settings(args)
    found = list_versions(settings.dataset_dir)
    if args.json:
        _print_json(found)
        return 0
    console = Console(width=_WIDE) if args.wide else _console
    if not found:
        _console.print(f"no published versions in {settings.dataset_dir}")
        _print_runs(settings.warehouse, console)
        return 0
    table = Table(title=f"versions in {settings.dataset_dir}")
    for column in ("version", "created", "run", "articles", "events", "rows", "validation"):
        table.add_column(column, overflow="fold")  # a narrow terminal wraps ids, never cuts
    for entry in found:
        counts = entry["row_counts"]
        validation = entry.get("validation") or {}
        table.add_row(
            str(entry["version"]),
            entry["created_at"],
            entry["run_id"],
            str(counts.get("articles", 0)),
            str(counts.get("events", 0)),
            str(sum(counts.values())),
            "passed" if validation.get("success", True) else "failed",
        )
    console.print(table)
    _print_runs(settings.warehouse, console)
    return 0


# What a run's status means (the ``runs`` table and ``runs/<run_id>.json``).
RUN_STATES = {
    "running": "in progress (a killed run stays so until the next run starts)",
    "published": "passed the quality gate and published a new version",
    "unchanged": "passed, nothing new: no new version",
    "failed": "the quality gate failed or a step raised; nothing published (see failures)",
    "crashed": "its process died (killed, out of memory); a later run noticed; nothing published",
}
_RECENT_RUNS = 10
_WIDE = 10_000  # columns of --wide output: rich then never wraps a row


def _print_json(value: Any) -> None:
    sys.stdout.write(json.dumps(value, indent=2, ensure_ascii=False, default=str) + "\n")


def _print_runs(warehouse: Path, console: Console = _console) -> None:
    """The latest runs from their JSON reports (no warehouse lock taken), and the states."""
    reports = []
    for path in (warehouse / "runs").glob("*.json"):
        try:
            reports.append(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            continue
    if not reports:
        return
    reports.sort(key=lambda r: str(r.get("run_id", "")))
    table = Table(title=f"latest runs in {warehouse / 'runs'}")
    for column in ("run", "status", "finished", "version", "first failure"):
        table.add_column(column, overflow="fold")
    for report in reports[-_RECENT_RUNS:]:
        failures = report.get("failures") or []
        table.add_row(
            escape(str(report.get("run_id"))),
            str(report.get("status")),
            str(report.get("finished_at") or "-"),
            "-" if report.get("version") is None else str(report["version"]),
            escape(str(failures[0])[:120]) if failures else "",
        )
    console.print(table)
    console.print(
        "run states: " + "; ".join(f"{state}: {what}" for state, what in RUN_STATES.items())
    )


def _diff(args: argparse.Namespace) -> int:
    from khabar.publish.diff import diff_versions

    result = diff_versions(_settings(args).dataset_dir, args.old, args.new)
    if args.json:
        sys.stdout.write(json.dumps(result.as_dict(), indent=2, ensure_ascii=False) + "\n")
        return 0
    table = Table(title=f"version {result.old} → {result.new}")
    for column in ("table", "key", "added", "removed", "changed"):
        table.add_column(column, justify="left" if column in ("table", "key") else "right")
    for t in result.tables:
        table.add_row(t.table, t.key, str(len(t.added)), str(len(t.removed)), str(len(t.changed)))
    _console.print(table)
    _console.print(f"events added: {len(result.events_added)}")
    for event_id in result.events_added:
        _console.print(f"  + {escape(event_id)}")
    _console.print(f"events merged with earlier reports: {len(result.events_merged)}")
    for event_id in result.events_merged:
        _console.print(f"  ~ {escape(event_id)}")
    _console.print(f"event ids retired (cite the successor): {len(result.events_retired)}")
    for event_id, successor, reason in result.events_retired:
        _console.print(f"  {escape(event_id)} → {escape(successor or '?')} ({reason})")
    return 0


def _export(args: argparse.Namespace) -> int:
    from khabar.publish.export import export_version
    from khabar.publish.versions import latest_version

    dataset_dir = _settings(args).dataset_dir
    version = args.version if args.version is not None else latest_version(dataset_dir)
    if version is None:
        raise FileNotFoundError(f"no published versions in {dataset_dir}")
    manifest = export_version(dataset_dir, version, args.to, text=not args.no_text)
    if args.json:
        _print_json({"path": str(args.to / manifest["package"]), **manifest})
        return 0
    rows = ", ".join(f"{t} {f['rows']}" for t, f in manifest["files"].items())
    _console.print(
        f"exported version {version} to {args.to / manifest['package']}: {rows}",
        markup=False,
        highlight=False,
        soft_wrap=True,
    )
    return 0


def _report(args: argparse.Namespace) -> int:
    import duckdb

    from khabar.publish import report
    from khabar.publish.sql import open_session
    from khabar.publish.versions import get_version

    settings = _settings(args)
    entry = get_version(settings.dataset_dir, args.version)
    quarantine: tuple[dict[str, Any], ...] = ()
    if settings.analyst_path.exists():  # the analyst file has quarantine; no run holds it
        con = duckdb.connect(str(settings.analyst_path), read_only=True)
        try:
            quarantine = report.quarantined(con, str(entry["run_id"]))
        finally:
            con.close()
    session = open_session(settings.dataset_dir, int(entry["version"]))
    try:
        data = report.collect(session, entry, quarantine)
    finally:
        session.close()
    args.to.mkdir(parents=True, exist_ok=True)
    page = args.to / f"khabar-v{data.version}.html"
    tmp = page.with_name(f".{page.name}.tmp")
    tmp.write_text(report.render(data), encoding="utf-8")
    tmp.replace(page)
    _console.print(f"report of version {data.version}: {page}", markup=False, highlight=False)
    return 0


def _sql(args: argparse.Namespace) -> int:
    import duckdb

    from khabar.publish.sql import open_session, results

    fmt = args.format or ("csv" if args.csv else "table")
    if args.csv and fmt != "csv":
        raise ValueError(f"--csv and --format {fmt} disagree")
    if fmt == "parquet" and (args.out is None or args.query is None):
        raise ValueError("--format parquet needs -c QUERY and --out FILE")
    if args.out is not None and fmt != "parquet":
        raise ValueError("--out is for --format parquet")
    if args.out is not None and args.out.exists():
        raise FileExistsError(f"{args.out} exists")
    con = open_session(_settings(args).dataset_dir, args.version)

    def show(text: str) -> None:
        """Every statement of ``text`` in order, each result as it comes."""
        if fmt == "parquet":
            _write_parquet(con, text, args.out)
            return
        for columns, rows in results(con, text):
            if columns:
                _show_result(columns, rows, fmt, args.csv_raw)

    try:
        if args.query is not None:
            try:
                show(args.query)
            except duckdb.Error as exc:
                _errors.print(f"[red]error:[/red] {escape(str(exc))}")
                return 1
            return 0
        _console.print("khabar sql: end statements with ';', quit with .quit or Ctrl-D")
        buffer: list[str] = []
        while True:
            try:
                line = input("khabar> " if not buffer else "   ...> ")
            except EOFError:
                return 0
            if not buffer and line.strip() in (".quit", ".exit"):
                return 0
            buffer.append(line)
            if line.rstrip().endswith(";"):
                try:
                    show("\n".join(buffer))
                except duckdb.Error as exc:
                    _errors.print(f"[red]error:[/red] {escape(str(exc))}")
                buffer.clear()
    finally:
        con.close()


def _show_result(columns: list[str], rows: list[tuple[Any, ...]], fmt: str, raw: bool) -> None:
    import csv

    if fmt == "json":
        objects = [dict(zip(columns, row, strict=True)) for row in rows]
        sys.stdout.write(json.dumps(objects, ensure_ascii=False, default=str) + "\n")
        return
    cells = [[_cell(v) for v in row] for row in rows]
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(columns)
        writer.writerows(cells if raw else ([_spreadsheet_safe(v) for v in row] for row in cells))
        return
    table = Table()
    for column in columns:
        table.add_column(column)
    for row in cells:
        table.add_row(*(escape("NULL" if v is None else str(v)) for v in row))
    _console.print(table)


def _cell(value: Any) -> Any:
    """Lists and structs as JSON (not Python's repr), so they read back as data."""
    if isinstance(value, list | tuple | dict):
        return json.dumps(value, ensure_ascii=False, default=str)
    return value


def _write_parquet(con: Any, text: str, out: Path) -> None:
    """The result of the one statement in ``text`` as a Parquet file, written by pyarrow
    (the session itself can write no file)."""
    import pyarrow.parquet as pq

    from khabar.publish.sql import arrow_result

    data = arrow_result(con, text)
    out.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(data, out, compression="zstd")
    _errors.print(f"wrote {data.num_rows} rows to {out}", markup=False, highlight=False)


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _spreadsheet_safe(value: Any) -> Any:
    """Text a spreadsheet would run as a formula gets a leading ' (as OWASP advises for CSV
    exports); numbers, dates and other text pass unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _annotate(args: argparse.Namespace) -> int:
    from khabar.annotate import annotate
    from khabar.resources import Resources

    if not args.jsonl and args.file is None:
        raise ValueError("give a FILE or --jsonl")
    resources = Resources.load(ner=Settings().ner)
    if args.jsonl:
        return _annotate_jsonl(resources)
    text = args.file.read_bytes().decode("utf-8")
    result = annotate(text, resources, args.published, doc_id=str(args.file))
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


def _annotate_jsonl(resources: Any) -> int:
    """One output line per input line, flushed as it goes; only an unreadable stream fails."""
    from khabar.annotate import annotate, annotate_stream

    def annotator(text: str, published: date | None, doc_id: str | None) -> dict[str, Any]:
        return annotate(text, resources, published, doc_id=doc_id)

    lines = bad = 0
    try:
        for result in annotate_stream(sys.stdin.buffer, annotator):
            lines += 1
            bad += "error" in result
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
            sys.stdout.flush()
    except OSError as exc:
        _errors.print(f"[red]error:[/red] cannot read the input stream: {escape(str(exc))}")
        return 1
    _errors.print(f"khabar annotate: {lines} lines, {bad} with an error", highlight=False)
    return 0
