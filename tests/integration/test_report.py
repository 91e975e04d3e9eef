"""``khabar report`` on the published seeds, opened in a real headless Chromium.

Chromium comes from the OS packages (Debian's ``chromium``), driven by the ``playwright``
package with ``executable_path``: Playwright's own browser downloads are never used. Where
Chromium is missing the browser test is skipped, unless ``CI`` or
``KHABAR_REQUIRE_BROWSER`` is set (``.ci/run`` sets it and installs Chromium): then it fails.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from khabar.publish import report
from khabar.publish.sql import open_session
from khabar.publish.versions import get_version
from tests.conftest import CODE_PATH

CHARTS = ("chart-monthly", "chart-pairs", "chart-network")
# Flags for a container without a GPU, a sandbox-capable kernel, D-Bus or a network.
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def _browser_required() -> bool:
    return bool(os.environ.get("CI") or os.environ.get("KHABAR_REQUIRE_BROWSER"))


@pytest.fixture(scope="module")
def page(published_seeds: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The page ``khabar report`` writes for the latest version of the seeds."""
    out = tmp_path_factory.mktemp("report")
    env = {
        **os.environ,
        "KHABAR_WAREHOUSE": str(published_seeds / "warehouse"),
        "PYTHONPATH": CODE_PATH,
    }
    result = subprocess.run(
        [sys.executable, "-m", "flows.cli", "report", "--to", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    written = out / "khabar-v1.html"
    assert str(written) in result.stdout
    assert [p.name for p in out.iterdir()] == [written.name]  # one file, no temporary
    return written


@pytest.fixture(scope="module")
def data(published_seeds: Path) -> report.ReportData:
    dataset = published_seeds / "warehouse" / "dataset"
    con = open_session(dataset, 1)
    try:
        return report.collect(con, get_version(dataset, 1))
    finally:
        con.close()


def test_page_is_self_contained(page: Path) -> None:
    html = page.read_text(encoding="utf-8")
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", html)
    assert html.count("Plotly.newPlot(") == len(CHARTS)
    assert all(f'id="{chart}"' in html for chart in CHARTS)
    assert "Most reported events" in html and "Quality" in html


def test_page_is_the_same_for_the_same_version(
    page: Path, data: report.ReportData, published_seeds: Path
) -> None:
    analyst = duckdb.connect(str(published_seeds / "warehouse" / "analyst.duckdb"), read_only=True)
    try:
        quarantine = report.quarantined(analyst, data.run_id)
    finally:
        analyst.close()
    again = report.render(dataclasses.replace(data, quarantine=quarantine))
    assert again == page.read_text(encoding="utf-8")


def test_collected_data_is_the_versions(data: report.ReportData, published_seeds: Path) -> None:
    con = duckdb.connect(str(published_seeds / "warehouse" / "analyst.duckdb"), read_only=True)
    try:
        dated = con.execute("SELECT count(*) FROM events WHERE start_date IS NOT NULL").fetchone()
        top = con.execute(
            "SELECT event_id, num_articles, num_mentions FROM events"
            " ORDER BY num_articles DESC, num_mentions DESC, event_id LIMIT 1"
        ).fetchone()
    finally:
        con.close()
    assert dated is not None and sum(n for _, _, n in data.monthly) == dated[0]
    assert top is not None and data.top_events[0].event_id == top[0]
    assert len(data.top_events[0].reports) == top[2]  # every report of it is listed
    assert data.validation["success"] is True and data.version == 1
    assert {p.pair for p in data.pair_events} and data.edges


def test_empty_version_renders_without_charts() -> None:
    empty = report.ReportData(1, "r1", "2026-01-01", {}, {}, (), (), 0, (), ())
    html = report.render(empty)
    assert "Plotly" not in html and html.count("No data in this version.") == len(CHARTS)
    assert "No events in this version." in html


def test_sentence_links_and_marked_triggers(page: Path, data: report.ReportData) -> None:
    html = page.read_text(encoding="utf-8")
    for event in data.top_events:
        assert f"href='#ev-{event.event_id}'" in html
        assert f"id='ev-{event.event_id}'" in html
    marked = re.findall(r"<mark>(.*?)</mark>", html)
    triggers = [r.trigger for e in data.top_events for r in e.reports]
    assert marked == triggers  # each report's trigger, found at its offset


def test_page_in_headless_chromium(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chromium = _chromium()
    if chromium is None:
        if _browser_required():
            pytest.fail("chromium is not installed but CI/KHABAR_REQUIRE_BROWSER is set")
        pytest.skip("chromium is not installed (apt-get install chromium); not in CI")
    from playwright.sync_api import TimeoutError as PlaywrightTimeout
    from playwright.sync_api import sync_playwright

    console: list[tuple[str, str]] = []
    requests: list[str] = []
    shot = tmp_path / "report.png"
    with sync_playwright() as playwright:
        # A fresh profile of its own: nothing cached or installed from an earlier run.
        browser = playwright.chromium.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=chromium,
            args=CHROMIUM_FLAGS[1:],  # Playwright adds --headless itself
            viewport={"width": 1400, "height": 1000},
        )
        try:
            tab = browser.new_page()
            tab.on("console", lambda m: console.append((m.type, m.text)))
            tab.on("pageerror", lambda e: console.append(("pageerror", str(e))))
            tab.on("request", lambda r: requests.append(r.url))
            tab.goto(page.as_uri(), wait_until="load")
            # Plotted charts get this class; without them the asserts below say why.
            with contextlib.suppress(PlaywrightTimeout):
                tab.wait_for_function(
                    f"document.querySelectorAll('.js-plotly-plot').length === {len(CHARTS)}",
                    timeout=15_000,
                )
            charts: dict[str, Any] = tab.evaluate(
                """() => Object.fromEntries(Array.from(
                    document.querySelectorAll('.js-plotly-plot'),
                    d => [d.id, {
                        traces: d.data.length,
                        values: d.data.reduce((n, t) => n + (t.x ? t.x.length : 0), 0),
                        drawn: d.querySelectorAll('.point').length,
                    }]))"""
            )
            tab.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    with capsys.disabled():  # in the test log whether the test passes or not
        print(f"\nscreenshot of {page.name}: {shot}")
    assert shot.stat().st_size > 10_000 and shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert [m for m in console if m[0] in ("error", "pageerror")] == []
    assert requests == [page.as_uri()]  # the file itself, nothing else
    assert sorted(charts) == sorted(CHARTS)
    for chart, drawn in charts.items():
        assert drawn["traces"] > 0 and drawn["values"] > 0 and drawn["drawn"] > 0, chart
