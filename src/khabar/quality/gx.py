"""The Great Expectations gate: audit warehouse tables in a named schema before publishing.

A run writes its candidate state into ``staging`` and only a passing validation lets it
replace ``main``, so every suite runs against an explicit schema on the connection the
pipeline already holds (a second read-write connection would hit DuckDB's file lock).

Suites live in ``expectations/<table>.json`` so they are reviewed like code. Each expectation
carries ``meta.name``, the stable name reports and tests refer to; a suite's
``meta.references`` lists the other tables its queries join by unqualified name.
``meta.severity: "warning"`` marks an expectation that flags rows for a person to look at
(a planned event dated before anyone reported it, a table that grew or shrank more than
the drift ratio) without failing the gate; every other expectation is an ``error``.
"""

from __future__ import annotations

import importlib
import json
import logging
import math
import os
import re
import time
import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from khabar.quality import _duckdb_shim
from khabar.resources import EXPECTATIONS_DIR
from khabar.warehouse.schema import ALL_TABLES, DATASET_TABLES

_log = logging.getLogger(__name__)

# Column-map expectations report a bounded sample; unexpected-rows queries need COMPLETE to
# return their rows at all (GX caps them at MAX_RESULT_RECORDS). One format for both would
# either drop the rows or fetch every unexpected value of a column.
_SUMMARY: dict[str, Any] = {"result_format": "SUMMARY", "partial_unexpected_count": 5}
_COMPLETE: dict[str, Any] = {"result_format": "COMPLETE"}
_UNEXPECTED_ROWS = "unexpected_rows_expectation"
_SAMPLE_ROWS = 3
_OFFENDING_ROWS = 50  # rows kept per failed expectation to find the files behind them
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
SEVERITIES = ("error", "warning")
# The suite parameters the row-count drift expectations read (``{"$PARAMETER": name}``).
_DRIFT_MIN, _DRIFT_MAX = "published_rows_min", "published_rows_max"


@dataclass(frozen=True)
class ExpectationResult:
    """One expectation's outcome; ``detail`` is for people (kwargs, observed value, sample)."""

    table: str
    expectation: str
    success: bool
    detail: str
    # The offending rows (or {column: value} for a column expectation's sample), so a run can
    # name the articles, and the files, that failed it.
    rows: tuple[dict[str, Any], ...] = field(default=(), compare=False, repr=False)
    severity: str = "error"

    @property
    def blocks(self) -> bool:
        """A failed ``error`` expectation fails the gate; a failed ``warning`` only reports."""
        return not self.success and self.severity == "error"

    @property
    def warns(self) -> bool:
        return not self.success and self.severity == "warning"


@dataclass(frozen=True)
class ValidationReport:
    """Every expectation's outcome; the gate passes unless an ``error`` expectation fails."""

    success: bool
    results: tuple[ExpectationResult, ...]
    # GX's own result object per validated table, kept for its Data Docs renderer.
    gx_results: tuple[tuple[str, Any], ...] = field(default=(), compare=False, repr=False)

    def failures(self) -> tuple[ExpectationResult, ...]:
        return tuple(r for r in self.results if r.blocks)

    def warnings(self) -> tuple[ExpectationResult, ...]:
        """Failed ``warning`` expectations: their rows are listed, nothing is blocked."""
        return tuple(r for r in self.results if r.warns)

    def summary(self) -> dict[str, object]:
        """A JSON-able digest for run records: counts per table and what failed."""
        tables: dict[str, dict[str, int]] = {}
        for r in self.results:
            counts = tables.setdefault(r.table, {"evaluated": 0, "failed": 0, "warned": 0})
            counts["evaluated"] += 1
            counts["failed"] += r.blocks
            counts["warned"] += r.warns
        failures = self.failures()
        warned = self.warnings()
        return {
            "success": self.success,
            "evaluated": len(self.results),
            "failed": len(failures),
            "warned": len(warned),
            "tables": tables,
            "failures": [
                {"table": r.table, "expectation": r.expectation, "detail": r.detail}
                for r in failures
            ],
            "warnings": [
                {
                    "table": r.table,
                    "expectation": r.expectation,
                    "detail": r.detail,
                    "rows": json.loads(_json(list(r.rows))),
                }
                for r in warned
            ],
        }

    def render(self) -> str:
        """A multi-line report for the CLI: one line per table, then each failure's detail."""
        passed = sum(r.success for r in self.results)
        verdict = "PASSED" if self.success else "FAILED"
        warned = len(self.warnings())
        lines = [
            f"validation {verdict}: {passed}/{len(self.results)} expectations passed"
            + (f", {warned} warning{'s' * (warned != 1)}" if warned else "")
        ]
        by_table: dict[str, list[ExpectationResult]] = {}
        for r in self.results:
            by_table.setdefault(r.table, []).append(r)
        for table, results in by_table.items():
            failed = [r for r in results if r.blocks]
            warns = [r for r in results if r.warns]
            status = ", ".join(
                [f"{len(failed)} failed"] * bool(failed) + [f"{len(warns)} warned"] * bool(warns)
            )
            lines.append(f"  {table:<15} {len(results):>3} expectations  {status or 'ok'}")
            lines.extend(f"    x {r.expectation}: {r.detail}" for r in failed)
            lines.extend(f"    ! {r.expectation} (warning): {r.detail}" for r in warns)
        return "\n".join(lines)


def _gx() -> Any:
    """Import GX lazily (seconds of import time) with analytics off; it must work offline."""
    os.environ["GX_ANALYTICS_ENABLED"] = "false"
    return importlib.import_module("great_expectations")


def _read_spec(table: str, expectations_dir: Path) -> dict[str, Any]:
    path = expectations_dir / f"{table}.json"
    if not path.is_file():
        raise FileNotFoundError(f"no expectation suite for {table!r} at {path}")
    spec: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    if spec.get("name") != table:
        raise ValueError(f"{path}: suite name {spec.get('name')!r} is not the table {table!r}")
    names = [(e.get("meta") or {}).get("name") for e in spec.get("expectations", [])]
    if not names or not all(names) or len(set(names)) != len(names):
        raise ValueError(f"{path}: every expectation needs a unique meta.name")
    for e in spec["expectations"]:
        if e["meta"].get("severity", "error") not in SEVERITIES:
            raise ValueError(f"{path}: {e['meta']['name']}: severity is not one of {SEVERITIES}")
    return spec


def suite_references(table: str, expectations_dir: Path = EXPECTATIONS_DIR) -> tuple[str, ...]:
    """The tables a suite's queries join by unqualified name (its ``meta.references``)."""
    spec = _read_spec(table, expectations_dir)
    return tuple((spec.get("meta") or {}).get("references", ()))


def load_suite(table: str, expectations_dir: Path = EXPECTATIONS_DIR) -> Any:
    """The ``gx.ExpectationSuite`` in ``expectations/<table>.json``.

    GX logs and drops an expectation whose configuration is invalid; here that is an error,
    because a silently smaller suite would let bad data through.
    """
    spec = _read_spec(table, expectations_dir)
    suite = _gx().ExpectationSuite(
        name=spec["name"], expectations=spec["expectations"], meta=spec.get("meta")
    )
    if len(suite.expectations) != len(spec["expectations"]):
        raise ValueError(
            f"suite {table!r}: {len(spec['expectations'])} expectations in the file, "
            f"{len(suite.expectations)} accepted by GX (see its log for the invalid one)"
        )
    return suite


def validate_warehouse(
    con: duckdb.DuckDBPyConnection,
    schema: str = "main",
    tables: Sequence[str] | None = None,
    expectations_dir: Path = EXPECTATIONS_DIR,
    row_drift: float | None = None,
) -> ValidationReport:
    """Run the suites of ``tables`` against ``schema`` on the caller's open connection.

    ``tables`` defaults to every table in ``main`` and to the dataset tables elsewhere
    (operational tables are never staged). A table, or a table its suite joins, that is
    missing from ``schema`` is a failure: DuckDB would otherwise resolve the unqualified
    name in ``main`` and validate staging against the published state.

    ``row_drift``: a table of ``schema`` other than ``main`` with more than ``row_drift``
    times, or less than 1/``row_drift`` of, the rows of the published table in ``main``
    fails its ``row_count_drift`` warning. Without it, or against an empty ``main``, that
    expectation has no bounds.
    """
    if not _IDENT.fullmatch(schema):
        raise ValueError(f"bad schema name {schema!r}")
    if tables is None:
        tables = ALL_TABLES if schema == "main" else DATASET_TABLES
    started = time.perf_counter()
    present = _tables_in(con, schema)
    results: list[ExpectationResult] = []
    raw: list[tuple[str, Any]] = []
    published = _tables_in(con, "main") if schema != "main" and row_drift else set()
    with _quiet(), _duckdb_shim.using_schema(con, schema):
        gx = _gx()
        context = gx.get_context(
            mode="ephemeral",
            project_config=gx.data_context.types.base.DataContextConfig(
                analytics_enabled=False,
                progress_bars=gx.data_context.types.base.ProgressBarsConfig(globally=False),
                store_backend_defaults=gx.data_context.types.base.InMemoryStoreBackendDefaults(),
            ),
        )
        source = context.data_sources.add_sql(
            name="khabar",
            connection_string=_duckdb_shim.ENGINE_URL,
            kwargs=_duckdb_shim.engine_kwargs(con),
        )
        for table in tables:
            missing = [
                t for t in (table, *suite_references(table, expectations_dir)) if t not in present
            ]
            if missing:
                detail = f"missing in schema {schema!r}: {', '.join(missing)}"
                results.append(ExpectationResult(table, "tables_exist", False, detail))
                continue
            suite = load_suite(table, expectations_dir)
            baseline = _count(con, table) if table in published else 0
            parameters = _drift_bounds(baseline, row_drift)
            try:
                table_results, outcome = _validate_table(
                    gx, source, schema, table, suite, parameters
                )
                results.extend(table_results)
                raw.append((table, outcome))
            except Exception as exc:  # fail closed: an error is a failed gate, not a crash
                _log.exception("validating %s.%s failed", schema, table)
                detail = f"{type(exc).__name__}: {exc}"
                results.append(ExpectationResult(table, "suite_ran", False, detail))
    _log.info(
        "validated %d tables in %s in %.2fs", len(tables), schema, time.perf_counter() - started
    )
    return ValidationReport(not any(r.blocks for r in results), tuple(results), tuple(raw))


def _drift_bounds(published_rows: int, ratio: float | None) -> dict[str, int | None]:
    """The row-count window a staged table stays in without a drift warning."""
    if not ratio or published_rows == 0:
        return {_DRIFT_MIN: 0, _DRIFT_MAX: None}
    if ratio < 1:
        raise ValueError(f"row drift ratio {ratio} is below 1")
    return {
        _DRIFT_MIN: math.ceil(published_rows / ratio),
        _DRIFT_MAX: math.floor(published_rows * ratio),
    }


def _count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    # table is one of the warehouse's own table names (checked against the catalogue).
    row = con.execute(f"SELECT count(*) FROM main.{table}").fetchone()
    return int(row[0]) if row else 0


def render_data_docs(report: ValidationReport, out_dir: Path) -> dict[str, Path]:
    """GX Data Docs pages, one per validated table, rendered by GX's own page renderer.

    The gate's context is ephemeral (no result store, so no site builder); the renderer
    works from the result objects alone. The pages load GX's usual CSS and JS from CDNs:
    offline they show unstyled but complete.
    """
    if not report.gx_results:
        return {}
    _gx()
    renderer = importlib.import_module("great_expectations.render.renderer")
    view = importlib.import_module("great_expectations.render.view")
    out_dir.mkdir(parents=True, exist_ok=True)
    pages: dict[str, Path] = {}
    with _quiet():
        for table, outcome in report.gx_results:
            document = renderer.ValidationResultsPageRenderer().render(outcome)
            page = out_dir / f"{table}.html"
            page.write_text(view.DefaultJinjaPageView().render(document), encoding="utf-8")
            pages[table] = page
    return pages


def _tables_in(con: duckdb.DuckDBPyConnection, schema: str) -> set[str]:
    rows = con.execute(
        "SELECT table_name FROM information_schema.tables"
        " WHERE table_catalog = current_database() AND table_schema = ?",
        [schema],
    ).fetchall()
    return {str(r[0]) for r in rows}


@contextmanager
def _quiet() -> Iterator[None]:
    """Silence GX's and duckdb-engine's warnings for the validation call only."""
    gx_logger = logging.getLogger("great_expectations")
    level = gx_logger.level
    gx_logger.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        gx_logger.setLevel(level)


def _validate_table(
    gx: Any, source: Any, schema: str, table: str, suite: Any, parameters: dict[str, Any]
) -> tuple[list[ExpectationResult], Any]:
    """The table's results in suite order, and one GX result object for its Data Docs."""
    asset = source.add_table_asset(name=table, table_name=table, schema_name=schema)
    batch = asset.add_batch_definition_whole_table(f"{table}_all").get_batch()
    order = {e.meta["name"]: i for i, e in enumerate(suite.expectations)}
    parts = (
        ([e for e in suite.expectations if e.expectation_type != _UNEXPECTED_ROWS], _SUMMARY),
        ([e for e in suite.expectations if e.expectation_type == _UNEXPECTED_ROWS], _COMPLETE),
    )
    results: list[ExpectationResult] = []
    outcomes: list[Any] = []
    for expectations, result_format in parts:
        if not expectations:
            continue
        part = gx.ExpectationSuite(
            name=f"{table}_{result_format['result_format'].lower()}",
            expectations=[e.configuration for e in expectations],
        )
        outcome = batch.validate(
            part, result_format=result_format, expectation_parameters=parameters
        )
        outcomes.append(outcome)
        results.extend(_result(table, r) for r in outcome.results)
    ordered = sorted(results, key=lambda r: order.get(r.expectation, len(order)))
    return ordered, _merged(gx, table, outcomes)


def _merged(gx: Any, table: str, outcomes: Sequence[Any]) -> Any:
    """The two format-split validations of a table as one result, named for the suite."""
    expectation_results = [r for o in outcomes for r in o.results]
    passed = sum(bool(r.success) for r in expectation_results)
    total = len(expectation_results)
    return gx.core.ExpectationSuiteValidationResult(
        success=all(o.success for o in outcomes),
        results=expectation_results,
        suite_name=table,
        statistics={
            "evaluated_expectations": total,
            "successful_expectations": passed,
            "unsuccessful_expectations": total - passed,
            "success_percent": 100.0 * passed / total if total else None,
        },
        meta=outcomes[0].meta if outcomes else None,
        batch_id=outcomes[0].batch_id if outcomes else None,
    )


def _result(table: str, validation_result: Any) -> ExpectationResult:
    config = validation_result.expectation_config
    name = (config.meta or {}).get("name") or config.type
    error = _exception_message(validation_result.exception_info)
    detail = _detail(config.type, dict(config.kwargs), validation_result.result or {}, error)
    success = bool(validation_result.success) and error is None
    # A warning whose query failed checked nothing: that fails closed like any error.
    severity = "error" if error else str((config.meta or {}).get("severity", "error"))
    return ExpectationResult(
        table,
        str(name),
        success,
        detail,
        _offending(config, validation_result.result or {}),
        severity,
    )


def _offending(config: Any, result: Mapping[str, Any]) -> tuple[dict[str, Any], ...]:
    rows = (result.get("details") or {}).get("unexpected_rows") or []
    found = [dict(r) for r in rows[:_OFFENDING_ROWS] if isinstance(r, Mapping)]
    column = dict(config.kwargs).get("column")
    if isinstance(column, str):
        sample = result.get("partial_unexpected_list") or []
        found += [{column: value} for value in sample[:_OFFENDING_ROWS]]
    return tuple(found)


def _exception_message(info: Any) -> str | None:
    """GX nests exception info per metric for some expectations and flat for others."""
    if not isinstance(info, Mapping):
        return None
    entries = [info] if "raised_exception" in info else list(info.values())
    messages = [
        str(e.get("exception_message"))
        for e in entries
        if isinstance(e, Mapping) and e.get("raised_exception")
    ]
    return "; ".join(messages) or None


def _detail(kind: str, kwargs: dict[str, Any], result: Mapping[str, Any], error: str | None) -> str:
    parts: list[str] = []
    if error:
        parts.append(f"error: {error}")
    if kind != _UNEXPECTED_ROWS:  # the query is in the suite file; the name says what it checks
        shown = {k: v for k, v in kwargs.items() if k not in ("batch_id", "result_format")}
        parts.append(f"{kind}({', '.join(f'{k}={_json(v)}' for k, v in shown.items())})")
    for key in ("observed_value", "unexpected_count", "element_count", "missing_count"):
        if result.get(key) is not None:
            parts.append(f"{key}={_json(result[key])}")
    sample = result.get("partial_unexpected_list")
    if sample:
        parts.append(f"sample={_json(sample)}")
    rows = (result.get("details") or {}).get("unexpected_rows")
    if rows:
        parts.append(f"rows={_json(rows[:_SAMPLE_ROWS])}")
    return "; ".join(parts)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, default=str)
