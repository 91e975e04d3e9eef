"""Runs that go wrong say so, and leave nothing behind that blocks or outlives them.

A failed gate, a crashing task or a failed publish end the Prefect flow run Failed and the
``runs`` row ``failed``; an article with an absurd date is quarantined alone; a run killed
with SIGKILL is marked ``crashed`` by the next, which publishes what a clean run would, and
its worker processes and ephemeral Prefect server die with it; a full disk, a read-only or
a locked warehouse is one plain line; a clean run logs no ERROR.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest

from tests.conftest import CODE_PATH, REPO, SEEDS
from tests.integration.conftest import NEW_ARTICLE, dataset_rows, run_flow

# The variables that quiet Prefect and GX: a subprocess gets none of them, so what it logs
# is what khabar's own set-up gives (the test harness sets some of them for itself).
_QUIETING = ("DO_NOT_TRACK", "PREFECT_SERVER_ANALYTICS_ENABLED", "GX_ANALYTICS_ENABLED")
_CLI = "import sys\nfrom flows.cli import main\nsys.exit(main(sys.argv[1:]))\n"


def _env(api: bool) -> dict[str, str]:
    """The environment of a ``khabar`` subprocess: with the harness's Prefect API (fast),
    or without one, so it starts its own ephemeral server as a user's run does."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("PREFECT_API") and k not in _QUIETING
    }
    env["PYTHONPATH"] = CODE_PATH
    if api:
        from prefect.settings import PREFECT_API_URL

        env["PREFECT_API_URL"] = str(PREFECT_API_URL.value())
    return env


def _khabar(args: list[str], api: bool = True, **settings: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", _CLI, *args],
        cwd=REPO,
        env={**_env(api), **settings},
        capture_output=True,
        text=True,
        timeout=600,
    )


def _runs(db: Path) -> list[tuple[str, str, Any, list[str] | None]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute(
            "SELECT run_id, status, finished_at, failures FROM main.runs ORDER BY started_at"
        ).fetchall()
    finally:
        con.close()
    return [(str(r[0]), str(r[1]), r[2], r[3]) for r in rows]


def _seeds(root: Path) -> Path:
    target = root / "articles"
    shutil.copytree(SEEDS, target)
    shutil.copy(REPO / "seeds" / "articles.csv", root / "articles.csv")
    return target


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds run through the real CLI, in a subprocess with its own ephemeral server and
    no analytics variables set (its log must hold no ERROR), then one new article: the
    warehouse a run killed on the way to that second version must end up equal to."""
    root = tmp_path_factory.mktemp("clean")
    seeds = _seeds(root)
    done = _khabar(["run", "--input", str(seeds), "--warehouse", str(root / "wh")], api=False)
    (root / "run.log").write_text(done.stdout + done.stderr, encoding="utf-8")
    assert done.returncode == 0, done.stdout + done.stderr
    (seeds / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    assert run_flow(seeds, root / "wh")["version"] == 2
    return root


def test_a_clean_seed_run_logs_no_error(clean: Path) -> None:
    log = (clean / "run.log").read_text(encoding="utf-8")
    assert "published" in log
    errors = [line for line in log.splitlines() if "ERROR" in line or "Traceback" in line]
    assert errors == []


def _flow_state(monkeypatch: pytest.MonkeyPatch, seeds: Path, warehouse: Path) -> Any:
    """A real flow run's final state, read back from the Prefect API."""
    from prefect import get_client

    from flows.pipeline import news_pipeline

    state = news_pipeline(input_dir=str(seeds), warehouse=str(warehouse), return_state=True)
    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id).state


def test_a_failed_gate_fails_the_flow_run_and_names_the_files(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khabar import consolidate
    from khabar.nlp.events import Places

    real_merge = consolidate.merge_events

    def corrupt(con: duckdb.DuckDBPyConnection, places: Places | None = None) -> None:
        real_merge(con, places)
        con.execute(  # one date far in the future: the dates suite rejects it
            "UPDATE staging.dates SET start_date = DATE '2999-01-01' "
            "WHERE date_id = (SELECT min(date_id) FROM staging.dates)"
        )

    monkeypatch.setattr(consolidate, "merge_events", corrupt)
    warehouse = tmp_path / "wh"
    state = _flow_state(monkeypatch, seed_dir, warehouse)
    assert state.is_failed(), state
    assert "dates" in (state.message or "")
    [(_, status, finished, failures)] = _runs(warehouse / "khabar.duckdb")
    assert status == "failed" and finished is not None
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    [(paths,)] = con.execute(
        "SELECT a.paths FROM staging.articles a JOIN staging.dates d USING (article_id) "
        "WHERE d.date_id = (SELECT min(date_id) FROM staging.dates)"
    ).fetchall()
    con.close()
    [culprit] = paths
    named = [f for f in failures if f.startswith("dates:")]
    assert named and named[0].endswith(f"files: {seed_dir / culprit}"), failures


@pytest.mark.parametrize("where", ["stage", "publish"])
def test_a_crash_in_a_task_fails_the_run_and_its_row(
    where: str, seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from khabar import runner
    from khabar.publish import versions

    def broken(*_: object, **__: object) -> object:
        raise OSError(f"injected failure in {where}")

    if where == "stage":
        monkeypatch.setattr(runner, "stage_added", broken)
    else:
        monkeypatch.setattr(versions, "publish", broken)
    warehouse = tmp_path / "wh"
    state = _flow_state(monkeypatch, seed_dir, warehouse)
    assert state.is_failed(), state
    [(run_id, status, finished, failures)] = _runs(warehouse / "khabar.duckdb")
    assert status == "failed" and finished is not None
    assert failures == [f"OSError: injected failure in {where}"]
    report = json.loads((warehouse / "runs" / f"{run_id}.json").read_text(encoding="utf-8"))
    assert report["status"] == "failed"
    assert not list((warehouse / "runs").glob("*.lock"))  # the run let go of its lock


@pytest.mark.parametrize("published", ["0001-01-01", "9999-12-31"])
def test_an_absurd_date_quarantines_that_article_and_the_rest_publish(
    published: str, seed_dir: Path, tmp_path: Path
) -> None:
    bad = sorted(seed_dir.glob("*.txt"))[1]
    sidecar = {"published_date": published, "source": "x"}
    bad.with_suffix(".json").write_text(json.dumps(sidecar), encoding="utf-8")
    warehouse = tmp_path / "wh"
    result = run_flow(seed_dir, warehouse)
    assert result["status"] == "published", result["failures"]
    assert result["counts"]["articles"] == 4
    con = duckdb.connect(str(warehouse / "khabar.duckdb"), read_only=True)
    try:
        rows = con.execute("SELECT path, reason, detail, attempts FROM main.quarantine").fetchall()
    finally:
        con.close()
    [(path, reason, detail, attempts)] = rows
    assert (path, reason, attempts) == (bad.name, "metadata", 1)
    assert published in detail and "KHABAR_PUBLISHED_FROM" in detail
    again = run_flow(seed_dir, warehouse)  # retried, as every quarantined file is
    assert again["status"] == "unchanged" and again["quarantined"] == 1


def _descendants(pid: int) -> set[int]:
    """Every process below ``pid`` now, from /proc (Linux)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found: set[int] = set()
    frontier = {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def _alive(pids: set[int]) -> set[int]:
    living = set()
    for pid in pids:
        try:
            state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if state != "Z":
            living.add(pid)
    return living


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()[:200]
    except OSError:
        return "?"


_PAUSED = (
    "import sys, time, pathlib\n"
    "import flows.pipeline as pipeline\n"
    "from khabar import runner\n"
    "from khabar.publish import versions\n"
    "marker, where = pathlib.Path(sys.argv[1]), sys.argv[2]\n"
    "def pause():\n"
    "    marker.write_text(where)\n"
    "    time.sleep(600)\n"
    "if where == 'analysis':\n"
    "    real_add = runner.add_rows\n"
    "    def add_rows(*args):\n"
    "        real_add(*args)\n"
    "        pause()\n"
    "    runner.add_rows = add_rows\n"
    "else:\n"
    "    real_sync = versions.sync_table\n"
    "    def sync_table(con, schema, table, path, metadata):\n"
    "        result = real_sync(con, schema, table, path, metadata)\n"
    "        if table == 'entities':\n"
    "            pause()\n"
    "        return result\n"
    "    versions.sync_table = sync_table\n"
    "from flows.cli import main\n"
    "sys.exit(main(sys.argv[3:]))\n"
)


@pytest.fixture
def killed() -> Iterator[list[subprocess.Popen[bytes]]]:
    procs: list[subprocess.Popen[bytes]] = []
    yield procs
    for proc in procs:  # a failed test stops the whole group it started
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)


@pytest.mark.parametrize(
    ("where", "runner_name"), [("analysis", "processes"), ("publish", "local")]
)
def test_sigkill_leaves_no_process_and_the_next_run_marks_it_crashed(
    where: str,
    runner_name: str,
    clean: Path,
    tmp_path: Path,
    killed: list[subprocess.Popen[bytes]],
) -> None:
    seeds = _seeds(tmp_path)
    warehouse = tmp_path / "wh"
    assert run_flow(seeds, warehouse)["version"] == 1
    (seeds / "005_new.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    marker = tmp_path / "paused"
    args = ["run", "--input", str(seeds), "--warehouse", str(warehouse), "--runner", runner_name]
    proc = subprocess.Popen(
        [sys.executable, "-c", _PAUSED, str(marker), where, *args],
        cwd=REPO,
        env=_env(api=False),  # its own ephemeral server, which must die with it
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # only for the clean-up above: the test kills the pid alone
    )
    killed.append(proc)
    deadline = time.monotonic() + 300
    while not marker.exists():
        assert proc.poll() is None, "the run ended before it paused"
        assert time.monotonic() < deadline, f"the run never reached {where}"
        time.sleep(0.2)
    children = _descendants(proc.pid)
    assert children, "the run has its server (and workers) as child processes"
    if runner_name == "processes":
        assert len(children) >= 2  # the server and a worker at least
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    gone_by = time.monotonic() + 5
    while _alive(children) and time.monotonic() < gone_by:
        time.sleep(0.1)
    left = {pid: _command(pid) for pid in _alive(children)}
    assert not left, f"children outlived the killed run: {left}"

    db = warehouse / "khabar.duckdb"
    [_, (killed_id, status, _, _)] = _runs(db)
    assert status == "running"  # what the kill left
    healed = run_flow(seeds, warehouse)
    assert healed["status"] == "published" and healed["version"] == 2, healed["failures"]
    [(status, finished, failures)] = [r[1:] for r in _runs(db) if r[0] == killed_id]
    assert status == "crashed" and finished is not None
    assert failures and healed["run_id"] in failures[0]
    assert dataset_rows(db) == dataset_rows(clean / "wh" / "khabar.duckdb")
    report = json.loads((warehouse / "runs" / f"{killed_id}.json").read_text(encoding="utf-8"))
    assert report["status"] == "crashed"
    versions_out = _khabar(["versions", "--warehouse", str(warehouse)])
    assert "crashed" in versions_out.stdout and "run states" in versions_out.stdout


def test_a_running_run_is_not_marked_crashed(seed_dir: Path, tmp_path: Path) -> None:
    """A run whose process is alive (it holds its lock) stays ``running``."""
    from khabar import runner
    from khabar.settings import Settings

    settings = Settings(warehouse=tmp_path / "wh")
    db = settings.db_path
    live = runner.plan(seed_dir, db, 10**6, 3)
    runner.begin(settings, live)
    try:
        other = runner.plan(seed_dir, db, 10**6, 3)
        assert runner.begin(settings, other) == []
        assert {status for _, status, _, _ in _runs(db)} == {"running"}
    finally:
        runner.fail(settings, live.run_id, ["test over"])
        runner.fail(settings, other.run_id, ["test over"])


def test_run_reports_and_locks_go_where_the_settings_say(seed_dir: Path, tmp_path: Path) -> None:
    """The warehouse layout (runs/, docs/) is the settings', not the DuckDB file's folder."""
    from khabar import runner
    from khabar.settings import Settings

    class Elsewhere(Settings):
        @property
        def runs_dir(self) -> Path:
            return tmp_path / "reports"

    settings = Elsewhere(warehouse=tmp_path / "wh")
    run = runner.plan(seed_dir, settings.db_path, 10**6, 3)
    runner.begin(settings, run)
    assert (tmp_path / "reports" / f"{run.run_id}.lock").exists()
    runner.fail(settings, run.run_id, ["test over"])
    report = json.loads((tmp_path / "reports" / f"{run.run_id}.json").read_text("utf-8"))
    assert report["status"] == "failed"
    assert not (tmp_path / "wh" / "runs").exists()
    assert not (tmp_path / "reports" / f"{run.run_id}.lock").exists()


def _one_error_line(done: subprocess.CompletedProcess[str]) -> str:
    output = done.stdout + done.stderr
    assert done.returncode == 1, output
    assert "Traceback" not in output, output
    assert "cannot rollback" not in output
    errors = [line for line in done.stderr.splitlines() if line.startswith("error:")]
    assert len(errors) == 1, output
    return errors[0]


def test_a_locked_warehouse_names_the_path_and_the_holder(seed_dir: Path, tmp_path: Path) -> None:
    db = tmp_path / "wh" / "khabar.duckdb"
    db.parent.mkdir()
    duckdb.connect(str(db)).close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import duckdb, sys, time\ncon = duckdb.connect(sys.argv[1])\nprint('held', "
            "flush=True)\ntime.sleep(300)\n",
            str(db),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = _khabar(
            ["run", "--input", str(seed_dir), "--warehouse", str(db.parent)],
            KHABAR_LOCK_WAIT="2",  # the writer's bounded back-off, kept short here
        )
    finally:
        holder.kill()
        holder.wait(timeout=30)
    line = _one_error_line(done)
    assert str(db) in line and f"process {holder.pid}" in line, line


def _mount_tmpfs(path: Path, size: str) -> None:
    path.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)], capture_output=True
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here (needs root): {mounted.stderr!r}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB file system: the seeds' warehouse needs about 11 MiB."""
    path = tmp_path / "disk"
    _mount_tmpfs(path, "4m")
    yield path
    subprocess.run(["umount", "-l", str(path)], check=False)


def test_a_full_disk_is_one_line_naming_the_first_cause(seed_dir: Path, small_disk: Path) -> None:
    done = _khabar(["run", "--input", str(seed_dir), "--warehouse", str(small_disk / "wh")])
    line = _one_error_line(done)
    assert "No space left on device" in line, line
    assert str(small_disk / "wh") in line, line


def test_a_read_only_warehouse_is_one_line(seed_dir: Path, tmp_path: Path) -> None:
    warehouse = tmp_path / "ro"
    if os.geteuid() == 0:  # root writes through file modes: a read-only file system
        _mount_tmpfs(warehouse, "64m")
    else:
        warehouse.mkdir()
    try:
        duckdb.connect(str(warehouse / "khabar.duckdb")).close()
        if os.geteuid() == 0:
            subprocess.run(["mount", "-o", "remount,ro", str(warehouse)], check=True)
        else:
            (warehouse / "khabar.duckdb").chmod(0o444)
            warehouse.chmod(0o555)
        done = _khabar(["run", "--input", str(seed_dir), "--warehouse", str(warehouse)])
    finally:
        if os.geteuid() == 0:
            subprocess.run(["umount", "-l", str(warehouse)], check=False)
        else:
            warehouse.chmod(0o755)
    line = _one_error_line(done)
    assert "read-only" in line and str(warehouse) in line, line
