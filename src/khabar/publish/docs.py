"""Validation docs per run under ``warehouse/docs/``: GX Data Docs and a summary page.

``<run_id>/<table>.html`` are GX's own Data Docs pages, rendered from the gate's result
objects (the gate's context is ephemeral, so GX's store-driven site builder has nothing
to build from). ``<run_id>.html`` is a self-contained summary (no scripts, no external
assets, readable offline) that links them; ``index.html`` lists every run.
"""

from __future__ import annotations

from html import escape
from pathlib import Path

from khabar.quality.gx import ExpectationResult, ValidationReport, render_data_docs

_STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:70em;color:#222}
table{border-collapse:collapse;width:100%;margin:1em 0}
th,td{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}
th{background:#f3f3f3}.ok{color:#16713a}.fail{color:#b00020;font-weight:bold}
.warn{color:#8a5a00;font-weight:bold}
td.detail{font-family:monospace;font-size:.85em;word-break:break-all}
"""


def write_run_docs(
    docs_dir: Path,
    run_id: str,
    status: str,
    version: int | None,
    report: ValidationReport,
) -> Path:
    """Write ``docs_dir/<run_id>.html`` and refresh ``docs_dir/index.html``; the page's path."""
    docs_dir.mkdir(parents=True, exist_ok=True)
    gx_pages = render_data_docs(report, docs_dir / run_id)
    links = {table: f"{run_id}/{path.name}" for table, path in gx_pages.items()}
    page = docs_dir / f"{run_id}.html"
    page.write_text(render_run(run_id, status, version, report, links), encoding="utf-8")
    _write_index(docs_dir)
    return page


def render_run(
    run_id: str,
    status: str,
    version: int | None,
    report: ValidationReport,
    gx_pages: dict[str, str] | None = None,
) -> str:
    """The run's summary page; ``gx_pages`` maps a table to its GX Data Docs page (relative)."""
    pages = gx_pages or {}
    failures = report.failures()
    verdict = "passed" if report.success else "failed"
    by_table: dict[str, list[ExpectationResult]] = {}
    for result in report.results:
        by_table.setdefault(result.table, []).append(result)
    summary_rows = "".join(
        f"<tr><td><a href='#{escape(t)}'>{escape(t)}</a></td><td>{len(rs)}</td>"
        f"<td class='{'fail' if any(r.blocks for r in rs) else 'ok'}'>"
        f"{sum(r.blocks for r in rs)}</td><td>{_gx_link(pages.get(t))}</td></tr>"
        for t, rs in by_table.items()
    )
    sections = "".join(
        f"<h2 id='{escape(t)}'>{escape(t)}</h2><table><tr><th>expectation</th>"
        "<th>result</th><th>detail</th></tr>"
        + "".join(
            f"<tr><td>{escape(r.expectation)}</td>"
            f"<td class='{_verdict(r)[0]}'>{_verdict(r)[1]}</td>"
            f"<td class='detail'>{escape(r.detail)}</td></tr>"
            for r in rs
        )
        + "</table>"
        for t, rs in by_table.items()
    )
    published = "not published" if version is None else f"published as version {version}"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>khabar run {escape(run_id)}: validation {verdict}</title>"
        f"<style>{_STYLE}</style></head><body>"
        f"<h1>Run <code>{escape(run_id)}</code>: validation "
        f"<span class='{'ok' if report.success else 'fail'}'>{verdict}</span></h1>"
        f"<p>Status <b>{escape(status)}</b>, {published}. "
        f"{len(report.results) - len(failures)} of {len(report.results)} expectations passed."
        " <a href='index.html'>All runs</a></p>"
        "<table><tr><th>table</th><th>expectations</th><th>failed</th>"
        "<th>GX Data Docs</th></tr>"
        f"{summary_rows}</table>{sections}</body></html>\n"
    )


def _gx_link(href: str | None) -> str:
    return f"<a href='{escape(href)}'>{escape(href)}</a>" if href else "-"


def _write_index(docs_dir: Path) -> None:
    pages = sorted((p for p in docs_dir.glob("*.html") if p.name != "index.html"), reverse=True)
    items = "".join(f"<li><a href='{escape(p.name)}'>{escape(p.stem)}</a></li>" for p in pages)
    (docs_dir / "index.html").write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>khabar validation docs</title><style>{_STYLE}</style></head><body>"
        f"<h1>khabar validation docs</h1><p>One page per run, newest first.</p>"
        f"<ul>{items}</ul></body></html>\n",
        encoding="utf-8",
    )


def _verdict(result: ExpectationResult) -> tuple[str, str]:
    """CSS class and label: a failed warning is shown, and does not count as a failure."""
    if result.success:
        return "ok", "ok"
    return ("warn", "warning") if result.warns else ("fail", "FAILED")
