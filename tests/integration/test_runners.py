"""Task runners: the bounded local pool, the process pool and Dask give the same warehouse;
only the driver writes to DuckDB."""

from __future__ import annotations

import gc
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
import pytest

from khabar.settings import Settings
from tests.integration.conftest import dataset_rows, run_flow

# Quarantine rows without the run ids, which differ between any two runs.
_QUARANTINE = "SELECT path, content_hash, stage, reason, detail, attempts FROM main.quarantine"


def _all_rows(db: Path) -> dict[str, list[tuple[Any, ...]]]:
    found = dataset_rows(db)
    con = duckdb.connect(str(db), read_only=True)
    try:
        found["quarantine"] = con.execute(_QUARANTINE + " ORDER BY ALL").fetchall()
        return found
    finally:
        con.close()


def _record_pids(
    monkeypatch: pytest.MonkeyPatch, log: Path, module: Any, names: tuple[str, ...]
) -> None:
    """Wrap ``module.<name>`` so each call appends "name pid" to ``log``: a file, because a
    call on a Dask worker runs in another process."""
    for name in names:
        real = getattr(module, name)

        def wrapper(
            *args: Any, _real: Callable[..., Any] = real, _name: str = name, **kwargs: Any
        ) -> Any:
            with log.open("a", encoding="utf-8") as handle:
                handle.write(f"{_name} {os.getpid()}\n")
            return _real(*args, **kwargs)

        monkeypatch.setattr(module, name, wrapper)


def _pids(log: Path) -> dict[str, set[int]]:
    found: dict[str, set[int]] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        name, pid = line.split()
        found.setdefault(name, set()).add(int(pid))
    return found


def _with_bad_files(seed_dir: Path) -> Path:
    (seed_dir / "empty.txt").write_bytes(b"")
    (seed_dir / "teaser.txt").write_text("Also Read - पूरी खबर यहां पढ़ें\n", encoding="utf-8")
    return seed_dir


def test_local_runner_is_bounded_by_max_workers() -> None:
    from prefect.task_runners import ThreadPoolTaskRunner

    from flows.pipeline import task_runner_for

    runner = task_runner_for(Settings(max_workers=3))
    assert isinstance(runner, ThreadPoolTaskRunner)
    with runner:
        assert runner._executor is not None
        assert runner._executor._max_workers == 3


def test_processes_runner_is_a_bounded_process_pool() -> None:
    from prefect.task_runners import ProcessPoolTaskRunner

    from flows.pipeline import task_runner_for

    runner = task_runner_for(Settings(runner="processes", max_workers=3))
    assert isinstance(runner, ProcessPoolTaskRunner)
    assert runner._max_workers == 3


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("kind", ["dask", "processes"])
def test_worker_processes_write_the_same_warehouse_as_the_local_runner(
    kind: str, seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from flows.pipeline import run_pipeline
    from khabar import runner, stages

    inbox = _with_bad_files(seed_dir)
    local = run_flow(inbox, tmp_path / "local", batch_size=2)
    assert local["status"] == "published", local["failures"]

    log = tmp_path / "pids.log"
    _record_pids(monkeypatch, log, stages, ("clean_stage", "event_stage"))
    _record_pids(monkeypatch, log, runner, ("plan", "add_rows", "stage_added", "audit", "finish"))
    settings = Settings(runner=kind, max_workers=2, warehouse=tmp_path / kind)
    other = run_pipeline(
        settings, input_dir=str(inbox), warehouse=str(tmp_path / kind), batch_size=2
    )
    assert other["status"] == "published", other["failures"]
    assert other["counts"] == local["counts"] and other["quarantined"] == local["quarantined"] == 2

    assert _all_rows(tmp_path / kind / "khabar.duckdb") == _all_rows(
        tmp_path / "local" / "khabar.duckdb"
    )
    pids = _pids(log)
    # the language stages ran in worker processes, every DuckDB step in this one
    assert pids["clean_stage"] and os.getpid() not in pids["clean_stage"] | pids["event_stage"]
    for name in ("plan", "add_rows", "stage_added", "audit", "finish"):
        assert pids[name] == {os.getpid()}, name


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_the_process_pool_is_gone_before_staging(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its workers hold the NER model and langdetect's profiles: they must not stay alive
    through staging, validation and publishing."""
    import multiprocessing

    from flows.pipeline import run_pipeline
    from khabar import runner

    alive: dict[str, int] = {}
    for name in ("add_rows", "stage_added", "finish"):
        real = getattr(runner, name)

        def count(*args: Any, _real: Callable[..., Any] = real, _name: str = name) -> Any:
            alive[_name] = max(alive.get(_name, 0), len(multiprocessing.active_children()))
            return _real(*args)

        monkeypatch.setattr(runner, name, count)
    import flows.pipeline

    warmed: list[int] = []
    monkeypatch.setattr(flows.pipeline, "warm_up", lambda: warmed.append(os.getpid()))
    settings = Settings(runner="processes", max_workers=2, warehouse=tmp_path / "wh")
    result = run_pipeline(settings, input_dir=str(seed_dir), warehouse=str(tmp_path / "wh"))
    assert result["status"] == "published", result["failures"]
    assert alive["add_rows"] >= 1  # the workers were there while batches came back
    assert alive["stage_added"] == alive["finish"] == 0
    # the workers load langdetect's profiles (~110 MB) themselves; the flow process never
    assert warmed == []


def test_workers_do_not_load_the_warehouse_libraries() -> None:
    """Worker processes import the flow module (Prefect pickles the flow by reference): it
    must not pull in DuckDB, pyarrow or Delta (~70 MB in each worker), which only the
    driver uses."""
    import subprocess
    import sys

    code = (
        "import sys, flows.pipeline; "
        "print(sorted(m for m in ('duckdb', 'pyarrow', 'deltalake', 'khabar.runner', "
        "'great_expectations') if m in sys.modules))"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_at_most_two_batches_per_worker_are_in_flight(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A submitted batch waits pickled (process pool) or as a queued call: submitting every
    batch at once would hold the whole corpus twice. The local runner warms langdetect up
    once, before its threads share it."""
    from prefect.task_runners import ThreadPoolTaskRunner

    import flows.pipeline
    from khabar import batch, runner

    submitted: list[int] = []
    taken: list[int] = []
    in_flight: list[int] = []
    real_submit = ThreadPoolTaskRunner.submit
    real_add = runner.add_rows

    def submit(self: Any, *args: Any, **kwargs: Any) -> Any:
        submitted.append(1)
        in_flight.append(len(submitted) - len(taken))
        return real_submit(self, *args, **kwargs)

    live: list[int] = []

    def add_rows(*args: Any) -> Any:
        taken.append(1)
        live.append(sum(isinstance(o, batch.BatchResult) for o in gc.get_objects()))
        return real_add(*args)

    warmed: list[int] = []
    monkeypatch.setattr(ThreadPoolTaskRunner, "submit", submit)
    monkeypatch.setattr(runner, "add_rows", add_rows)
    monkeypatch.setattr(flows.pipeline, "warm_up", lambda: warmed.append(1))
    monkeypatch.setattr(flows.pipeline, "_COLLECT_ARTICLES", 1)
    monkeypatch.setenv("KHABAR_MAX_WORKERS", "1")
    gc.collect()  # earlier tests' batch results, left in cycles, are not counted
    gc.disable()  # only the flow's own collections run, so the count below is exact
    try:
        result = run_flow(seed_dir, tmp_path / "wh", batch_size=1)
    finally:
        gc.enable()
    assert result["status"] == "published", result["failures"]
    assert len(submitted) == len(taken) == 5  # one batch per seed article
    # two submitted up front; then each taken batch is replaced before its rows are added
    # (so the count includes it): all at once would read 1, 2, 3, 4, 5
    assert in_flight == [1, 2, 3, 3, 3]
    assert warmed == [1]
    # a taken batch's result is freed: alive are the one being added and those in flight
    # (without the flow's collections, the finished futures' cycles keep every one: 1..5)
    assert max(live) <= 3, live


@pytest.mark.slow
@pytest.mark.timeout(600)
def test_cli_runs_on_an_existing_dask_cluster(
    seed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from distributed import Client, LocalCluster

    from flows.cli import main
    from khabar import stages

    log = tmp_path / "pids.log"
    _record_pids(monkeypatch, log, stages, ("date_stage",))
    with (
        LocalCluster(
            n_workers=1, threads_per_worker=1, processes=True, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        workers = set(client.run(os.getpid).values())
        code = main(
            [
                "run",
                "--input",
                str(seed_dir),
                "--warehouse",
                str(tmp_path / "wh"),
                "--dask-address",
                str(cluster.scheduler_address),
            ]
        )
    assert code == 0
    assert _pids(log)["date_stage"] == workers  # the cluster's worker did the stage
    con = duckdb.connect(str(tmp_path / "wh" / "khabar.duckdb"), read_only=True)
    assert con.execute("SELECT count(*) FROM main.articles").fetchone() == (5,)
    con.close()


def test_cli_refuses_a_dask_address_with_the_local_runner(tmp_path: Path) -> None:
    from flows.cli import main

    code = main(
        ["run", "--input", str(tmp_path), "--runner", "local", "--dask-address", "tcp://x:1"]
    )
    assert code == 2


@pytest.mark.parametrize(
    ("n", "size", "workers", "sizes"),
    [
        (10, 4, 2, [4, 4, 2]),  # enough articles: batches of the set size
        (100, 256, 2, [50, 50]),  # few: split so that both workers get one
        (5, 256, 2, [3, 2]),
        (1, 256, 2, [1]),
        (0, 256, 2, []),
        (7, 2, 1, [2, 2, 2, 1]),
        (600, 256, 2, [256, 256, 88]),
    ],
)
def test_batches_are_at_most_the_set_size_and_feed_every_worker(
    n: int, size: int, workers: int, sizes: list[int]
) -> None:
    from flows.pipeline import _batches

    batches = _batches(list(range(n)), size, workers)
    assert [len(b) for b in batches] == sizes
    assert [x for b in batches for x in b] == list(range(n))


@pytest.mark.parametrize(
    ("api_url", "configured", "expected"),
    [
        (None, 20, 120),  # Prefect's default: too short for a loaded CI machine
        (None, 300, 300),  # a larger setting stands
        ("http://127.0.0.1:9/api", 20, 20),  # an existing server: nothing to start, no change
    ],
)
def test_the_ephemeral_server_gets_time_to_start(
    monkeypatch: pytest.MonkeyPatch, api_url: str | None, configured: int, expected: int
) -> None:
    """CI failed once because the CLI's ephemeral server took over Prefect's 20 s to answer."""
    from prefect.settings import (
        PREFECT_API_URL,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
        temporary_settings,
    )

    import flows.pipeline as pipeline_module

    seen: list[int] = []

    class _Flow:
        def with_options(self, **_: Any) -> Callable[..., dict[str, Any]]:
            def call(**__: Any) -> dict[str, Any]:
                seen.append(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())
                return {}

            return call

    class _Server:  # what Prefect's server reads when it starts, without starting one
        api_url = "http://127.0.0.1:9/api"

        def start(self) -> None:
            seen.append(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value())

    monkeypatch.setattr(pipeline_module, "news_pipeline", _Flow())
    monkeypatch.setattr(pipeline_module, "_ephemeral_server", _Server)
    updates = {
        PREFECT_API_URL: api_url,
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: configured,
    }
    with temporary_settings(updates):
        pipeline_module.run_pipeline(Settings(runner="local"))
    # the server starts (for every runner) and the flow runs with the longer timeout
    assert seen == ([expected] if api_url else [expected, expected])
