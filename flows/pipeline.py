"""The khabar pipeline as a Prefect flow: one task per batch of articles for the language
stages, then staging, validation and publishing in the flow's own process.

Bodies are thin: each task calls one ``khabar`` function and returns data. Retries are on
the I/O tasks only; the language stages are deterministic, retrying them cannot help.
"""

from __future__ import annotations

import gc
import os
import subprocess
import time
from collections import deque
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

# Task results stay in memory: they are large batches, and caching by input would hash them.
from prefect import flow, get_run_logger, task
from prefect.artifacts import (
    create_markdown_artifact,
    create_progress_artifact,
    update_progress_artifact,
)
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.settings import (
    PREFECT_API_URL,
    PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS,
    temporary_settings,
)
from prefect.states import Failed
from prefect.task_runners import ProcessPoolTaskRunner, TaskRunner, ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from khabar import batch, stages
from khabar.nlp.language import warm_up
from khabar.procs import die_with_parent, watch_parent
from khabar.progress import Progress
from khabar.resources import Resources
from khabar.settings import Settings
from khabar.text.load import RawArticle, Rejected

if TYPE_CHECKING:
    # Imported where used: worker processes import this module (Prefect pickles the flow by
    # reference) and need none of what ``runner`` loads: DuckDB, pyarrow, Delta (~70 MB).
    from khabar import runner


@task(name="load", retries=2, retry_delay_seconds=1, cache_policy=NO_CACHE, persist_result=False)
def load(input_dir: Path, settings: Settings) -> runner.RunPlan:
    from khabar import runner

    run = runner.plan(
        input_dir,
        settings.db_path,
        settings.max_article_bytes,
        settings.max_attempts,
        (settings.published_from, settings.published_until),
    )
    crashed = runner.begin(settings, run)
    if crashed:
        get_run_logger().warning(
            "runs %s were still 'running' with no process left: marked crashed",
            ", ".join(crashed),
        )
    return run


def _analyse_task(steps: Sequence[stages.Step]) -> Any:
    """The task for one batch: every language stage, down to table rows. One task per
    batch, not per stage: documents then never travel between processes, and a worker
    takes the next batch as soon as it is free."""

    @task(name="analyse-batch", cache_policy=NO_CACHE, persist_result=False)
    def analyse_batch(articles: list[RawArticle]) -> batch.BatchResult:
        result = batch.analyse(articles, steps)
        get_run_logger().info(
            "%d articles: %s",
            len(articles),
            ", ".join(f"{name} {sec:.2f} s" for name, sec in result.seconds.items()),
        )
        return result

    return analyse_batch


@task(
    name="add-rows", retries=1, retry_delay_seconds=1, cache_policy=NO_CACHE, persist_result=False
)
def add_rows(sink: Any, part: int, rows: batch.BatchRows) -> None:
    from khabar import runner

    runner.add_rows(sink, part, rows)


@contextmanager
def _incoming(db_path: Path) -> Iterator[Any]:
    """``runner.incoming``, imported here: workers load this module and never need DuckDB."""
    from khabar import runner

    with runner.incoming(db_path) as sink:
        yield sink


@task(
    name="stage-into-duckdb",
    retries=1,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    persist_result=False,
)
def stage_into_duckdb(settings: Settings, run: runner.RunPlan, resources: Resources) -> Any:
    from khabar import runner

    return runner.stage_added(settings, run, resources)


@task(name="finish-if-unchanged", cache_policy=NO_CACHE, persist_result=False)
def finish_if_unchanged(settings: Settings, run: runner.RunPlan) -> runner.RunOutcome | None:
    from khabar import runner

    return runner.finish_if_unchanged(settings, run, run.rejected)


@task(name="validate", cache_policy=NO_CACHE, persist_result=False)
def validate(db_path: Path, row_drift: float | None = None) -> Any:
    from khabar import runner

    return runner.audit(db_path, row_drift=row_drift)


@task(name="publish", cache_policy=NO_CACHE, persist_result=False)
def publish(
    settings: Settings, run: runner.RunPlan, staged: Any, report: Any, rejected: list[Rejected]
) -> runner.RunOutcome:
    from khabar import runner

    return runner.finish(settings, run, staged, report, rejected)


def task_runner_for(settings: Settings) -> TaskRunner[Any]:
    """The task runner for the language stages: a bounded local thread pool, a pool of
    ``max_workers`` processes (``runner="processes"``: the stages are CPU-bound Python, so
    threads share one core), or Dask.

    With ``runner="dask"`` and a ``dask_address`` the stages go to that existing cluster;
    without an address a small process-based LocalCluster is started for the run
    (``max_workers`` processes, one thread each). Only the stage tasks are submitted;
    load, stage-into-duckdb, validate and publish are called directly, so they run in the
    flow process and only the driver ever writes to DuckDB.
    """
    if settings.runner == "processes":
        # Workers end themselves when the run's process is gone (killed, say).
        return ProcessPoolTaskRunner(max_workers=settings.max_workers, initializer=watch_parent)
    if settings.runner == "dask":
        from prefect_dask import DaskTaskRunner

        if settings.dask_address:
            return DaskTaskRunner(address=settings.dask_address)
        return DaskTaskRunner(
            cluster_kwargs={
                "n_workers": settings.max_workers,
                "threads_per_worker": 1,
                "processes": True,
                "dashboard_address": None,
            }
        )
    return ThreadPoolTaskRunner(max_workers=settings.max_workers)


@contextmanager
def _batch_runner() -> Iterator[TaskRunner[Any]]:
    """The task runner for the batches: the flow's own, except that a process pool is a
    fresh copy closed when the batches are done. Its workers hold about 0.5 GB each
    (Prefect, spaCy and the model, langdetect's profiles) and would otherwise live on
    through staging, validation and publishing, the flow process's own peak."""
    context = FlowRunContext.get()
    current = context.task_runner if context is not None else None
    if isinstance(current, ThreadPoolTaskRunner):
        # langdetect builds a global on first use: build it before the threads share it.
        # Worker processes build their own (under a lock); the flow process then never
        # holds langdetect's matrix (~55 MB).
        warm_up()
    if isinstance(current, ProcessPoolTaskRunner):
        with current.duplicate() as pool:
            yield pool
    elif current is not None:
        yield current
    else:  # not inside a flow run: nothing calls it so, but fail plainly if it ever does
        raise RuntimeError("_batch_runner needs a flow run")


# A finished Prefect future and the concurrent future it wraps refer to each other (a
# done-callback), so a batch's rows, in the future's final state, outlive the future until
# a full garbage collection: without one every few batches the flow process grew by
# ~0.5 GB over 10,000 articles. A full collection takes ~0.2 s, so not after every batch:
# after every this many articles (two batches of 256: at 10,000 articles the flow process
# peaked at 1.0 GB while batches ran, 1.1 GB when it collected every 8 batches of 256).
_COLLECT_ARTICLES = 512


# Prefect artifact key of the run's progress bar (the latest run's is the key's latest).
PROGRESS_KEY = "khabar-progress"


def _batches(items: Sequence[Any], size: int, workers: int) -> list[list[Any]]:
    """Batches of at most ``size``, and smaller when there are too few items for every
    worker to get one (an inbox of 100 new files still keeps two workers busy)."""
    size = max(1, min(size, -(-len(items) // max(1, workers))))
    return [list(items[i : i + size]) for i in range(0, len(items), size)]


@flow(
    name="khabar-pipeline",
    persist_result=False,
    # Bounded: Prefect's default thread pool is not. KHABAR_RUNNER / KHABAR_MAX_WORKERS pick
    # it at import (what a deployment gets); the CLI's flags swap it with ``pipeline_for``.
    task_runner=task_runner_for(Settings()),
)
def news_pipeline(
    input_dir: str | None = None, warehouse: str | None = None, batch_size: int | None = None
) -> dict[str, Any]:
    """Load → clean → language → segment → entities → dates → events → stage → validate →
    publish, over the articles of ``input_dir`` not yet in the warehouse."""
    overrides: dict[str, Any] = {}
    if warehouse:
        overrides["warehouse"] = Path(warehouse)
    if batch_size:
        overrides["batch_size"] = batch_size
    settings = Settings(**overrides)
    source = Path(input_dir) if input_dir else (settings.inbox or settings.input)
    from khabar.warehouse import store  # here: workers import this module, never DuckDB

    store.set_lock_wait(settings.lock_wait)
    run = load(source, settings)
    try:
        outcome, seconds = _process(settings, run)
    except BaseException as exc:  # a task crashed, publishing failed, the run was interrupted
        _record_failure(settings, run.run_id, exc)
        raise
    summary = _report(outcome, seconds)
    if outcome.status == "failed":
        # A Failed flow run, so Prefect's alerts and automations on "Failed" fire; calling
        # the flow raises RunFailed, which carries the summary.
        return Failed(  # type: ignore[return-value]
            message=f"run {outcome.run_id} failed: " + "; ".join(outcome.failures)[:2000],
            data=RunFailed(summary),
        )
    return summary


class RunFailed(Exception):
    """A run that ended ``failed`` (its quality gate failed): ``summary`` is its report."""

    def __init__(self, summary: dict[str, Any]) -> None:
        super().__init__(summary)
        self.summary = summary

    def __str__(self) -> str:
        return f"run {self.summary['run_id']} failed: " + "; ".join(self.summary["failures"])


def _record_failure(settings: Settings, run_id: str, exc: BaseException) -> None:
    """The ``runs`` row of a run that raised says ``failed`` with the reason; when that
    cannot be written either (a full disk), the next run marks it ``crashed``."""
    from khabar import runner

    reason = f"{type(exc).__name__}: {exc}".splitlines()[0][:500]
    try:
        runner.fail(settings, run_id, [reason])
    except Exception as record_exc:  # the first error is the one to report
        get_run_logger().warning("could not record run %s as failed: %s", run_id, record_exc)


def _process(
    settings: Settings, run: runner.RunPlan
) -> tuple[runner.RunOutcome, dict[str, float] | None]:
    """Everything after ``load``: the stages, staging, the gate and publishing."""
    logger = get_run_logger()
    logger.info(
        "run %s: %d new articles, %d rejected files, %d files seen",
        run.run_id,
        len(run.articles),
        len(run.rejected),
        run.n_files,
    )
    unchanged = finish_if_unchanged(settings, run)
    if unchanged is not None:
        logger.info("nothing new since the latest version: no staging, no validation")
        return unchanged, None
    # Built here, before any batch: a missing or malformed resource fails the run at once.
    # Worker processes unpickle it as where it came from and load it once each.
    resources = Resources.load(ner=settings.ner)
    analyse_batch = _analyse_task(stages.language_steps(resources, settings.langdetect_seed))
    batches = _batches(run.articles, settings.batch_size, settings.max_workers)
    # Each batch's rows go to the warehouse file as the batch comes back, and the future is
    # dropped (a finished future holds its result): memory holds a batch, not the run.
    rejected: list[Rejected] = list(run.rejected)
    seconds: dict[str, float] = {}
    uncollected = 0  # articles whose batch results may wait for a full collection
    done = 0
    bar = create_progress_artifact(
        progress=Progress(0, len(run.articles), 0.0).percent,
        key=PROGRESS_KEY,
        description=f"articles analysed in run {run.run_id}",
    )
    started = time.monotonic()
    with _batch_runner() as pool, _incoming(settings.db_path) as sink:
        # At most two batches per worker in flight: a submitted batch is pickled at once and
        # stays so until a worker takes it, so submitting them all would copy the corpus.
        waiting = iter(batches)
        window = islice(waiting, 2 * max(1, settings.max_workers))
        futures = deque(pool.submit(analyse_batch, {"articles": a}) for a in window)
        for n in range(1, len(batches) + 1):
            result = futures.popleft().result()
            following = next(waiting, None)
            if following is not None:
                futures.append(pool.submit(analyse_batch, {"articles": following}))
            # quoted: Prefect would otherwise walk every row object looking for futures
            add_rows(quote(sink), n, quote(result.rows))
            rejected.extend(result.rejected)
            for name, sec in result.seconds.items():
                seconds[name] = seconds.get(name, 0.0) + sec
            done += len(batches[n - 1])
            progress = Progress(done, len(run.articles), time.monotonic() - started)
            update_progress_artifact(bar, progress.percent)
            logger.info("batch %d/%d done: %s", n, len(batches), progress.line())
            del result
            uncollected += len(batches[n - 1])
            if uncollected >= _COLLECT_ARTICLES:
                gc.collect()
                uncollected = 0
    if seconds:
        logger.info(
            "seconds per stage, summed over batches: %s",
            ", ".join(f"{name} {sec:.1f}" for name, sec in seconds.items()),
        )

    staged = stage_into_duckdb(settings, run, resources)
    report = validate(settings.db_path, settings.row_drift_ratio)
    if not report.success:
        logger.error("validation failed, nothing published:\n%s", report.render())
    elif report.warnings():
        logger.warning("validation passed with warnings:\n%s", report.render())
    outcome = publish(settings, run, staged, report, rejected)
    return outcome, seconds


def _report(outcome: runner.RunOutcome, seconds: dict[str, float] | None = None) -> dict[str, Any]:
    summary = _summary(outcome)
    summary["stage_seconds"] = {name: round(sec, 3) for name, sec in (seconds or {}).items()}
    create_markdown_artifact(
        key="khabar-run-summary", markdown=_markdown(summary), description="khabar run summary"
    )
    return summary


def run_pipeline(settings: Settings, **parameters: Any) -> dict[str, Any]:
    """Run ``news_pipeline`` on the task runner ``settings`` ask for (the CLI's entry).

    Process-pool and Dask workers are other processes: they report their task runs to the
    driver's Prefect API. Without ``PREFECT_API_URL`` the driver's API is an ephemeral server
    only it knows about, and each worker would start one of its own; so the ephemeral
    server is started here and its URL handed on through the settings context (for every
    runner: this one dies with the run's process). A failed run returns its summary.
    """
    pipeline = news_pipeline.with_options(task_runner=task_runner_for(settings))

    def call() -> dict[str, Any]:
        try:
            result: dict[str, Any] = pipeline(**parameters)
        except RunFailed as failed:  # the flow run is Failed; the CLI prints its summary
            return failed.summary
        return result

    if PREFECT_API_URL.value():
        return call()
    with temporary_settings({PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS: _startup_timeout()}):
        server = _ephemeral_server()
        server.start()  # stopped at exit, after the run's last logs have gone to it
        # For every thread too: the process pool's forwarding of worker events runs in a
        # thread that sees the process-global settings, not this context, and started a
        # second ephemeral server of its own (which outlived a killed run).
        with (
            temporary_settings({PREFECT_API_URL: server.api_url}),
            _env("PREFECT_API_URL", server.api_url),
        ):
            return call()


@contextmanager
def _env(name: str, value: str) -> Iterator[None]:
    """``name=value`` in the environment and Prefect's process-global settings."""
    from prefect.context import refresh_global_settings_context

    before = os.environ.get(name)
    os.environ[name] = value
    refresh_global_settings_context()
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = before
        refresh_global_settings_context()


EPHEMERAL_STARTUP_TIMEOUT = 120


def _ephemeral_server() -> Any:
    """Prefect's ephemeral API server, started by the CLI for every runner (worker
    processes need its URL), and killed by the kernel when the run's process dies: a run
    killed with SIGKILL must not leave it behind (Linux; elsewhere its own shutdown).
    Imported here: worker processes import this module and need no server code."""
    from prefect.server.api.server import SubprocessASGIServer

    class EphemeralServer(SubprocessASGIServer):
        _instances: ClassVar[dict[int | None, SubprocessASGIServer]] = {}  # not the base's

        def _run_uvicorn_command(self) -> subprocess.Popen[Any]:
            real = subprocess.Popen

            def popen(*args: Any, **kwargs: Any) -> subprocess.Popen[Any]:
                return real(*args, preexec_fn=die_with_parent, **kwargs)

            subprocess.Popen = popen  # type: ignore[assignment,misc]
            try:
                return super()._run_uvicorn_command()
            finally:
                subprocess.Popen = real  # type: ignore[misc]

    return EphemeralServer()


def _startup_timeout() -> int:
    """Prefect gives its ephemeral server 20 s to answer; on a loaded machine (CI running
    tests on two cores) it has taken longer, and the run then failed before any article was
    read. Waiting longer costs nothing when the server is quick; a larger setting stands."""
    return max(PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS.value(), EPHEMERAL_STARTUP_TIMEOUT)


def _summary(outcome: runner.RunOutcome) -> dict[str, Any]:
    return {
        "run_id": outcome.run_id,
        "status": outcome.status,
        "version": outcome.version,
        "new_articles": outcome.new_articles,
        "quarantined": outcome.quarantined,
        "counts": outcome.counts,
        "failures": list(outcome.failures),
        "report": outcome.report_path,
        "docs": outcome.docs_path,
        "validation": outcome.summary,
    }


def _markdown(summary: dict[str, Any]) -> str:
    lines = ["| table | rows |", "|---|---|"]
    lines += [f"| {table} | {count} |" for table, count in summary["counts"].items()]
    head = (
        f"**{summary['status']}** run `{summary['run_id']}`, version "
        f"{summary['version']}, {summary['new_articles']} new articles, "
        f"{summary['quarantined']} quarantined"
    )
    docs = (
        f"\n\nValidation docs: [{summary['docs']}](file://{summary['docs']})"
        if summary.get("docs")
        else ""
    )
    return head + "\n\n" + "\n".join(lines) + docs
