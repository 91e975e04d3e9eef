"""Serve the ``khabar-inbox`` deployment from this process: ``make serve`` runs it.

The schedule (cron and timezone) comes from ``prefect.yaml``, so ``make serve`` and
``prefect deploy --all`` run on the same clock. Serving needs no work pool or worker: this
process polls the server at ``PREFECT_API_URL`` and starts each due run as a subprocess
that inherits its environment (``KHABAR_INBOX``, ``KHABAR_WAREHOUSE``, …).

``--start-server PORT`` first starts ``prefect server start`` on 127.0.0.1:PORT (SQLite
under ``PREFECT_HOME``) in its own session, so Ctrl-C stops the serving first and the
server after it. ``--interval`` replaces the cron schedule (tests use a few seconds).

    python -m flows.serve [--start-server PORT] [--interval SECONDS] [--prefect-yaml PATH]
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import yaml
from prefect.schedules import Cron, Interval
from prefect.settings import PREFECT_API_URL, temporary_settings

from flows.pipeline import news_pipeline

DEPLOYMENT = "khabar-inbox"
PREFECT_YAML = Path(__file__).resolve().parents[1] / "prefect.yaml"


def deployment_config(path: Path = PREFECT_YAML, name: str = DEPLOYMENT) -> dict[str, Any]:
    """The deployment ``name`` as ``prefect.yaml`` declares it."""
    config = yaml.safe_load(path.read_text(encoding="utf-8"))
    for deployment in config.get("deployments") or []:
        if deployment.get("name") == name:
            return dict(deployment)
    raise ValueError(f"{path} declares no deployment named {name!r}")


def schedules_of(deployment: dict[str, Any]) -> list[Any]:
    """Prefect schedules for the cron entries of a ``prefect.yaml`` deployment."""
    found = [
        Cron(entry["cron"], timezone=entry.get("timezone"))
        for entry in deployment.get("schedules") or []
        if entry.get("cron")
    ]
    if not found:
        raise ValueError(f"deployment {deployment.get('name')!r} has no cron schedule")
    return found


def wait_for_api(url: str, seconds: float, server: subprocess.Popen[bytes] | None = None) -> None:
    """Return once ``url``'s health endpoint answers; fail after ``seconds``."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            with urllib.request.urlopen(f"{url.rstrip('/')}/health", timeout=5):
                return
        except OSError:
            if server is not None and server.poll() is not None:
                raise SystemExit(f"prefect server exited with {server.returncode}") from None
            if time.monotonic() > deadline:
                raise SystemExit(
                    f"no Prefect server answered at {url} in {seconds:.0f} s"
                ) from None
            time.sleep(1)


@contextmanager
def local_server(port: int, timeout: float = 120) -> Iterator[str]:
    """``prefect server start`` on 127.0.0.1:``port`` for the duration; yields its API URL."""
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1"]
    server = subprocess.Popen(
        [*command, "--port", str(port)],
        start_new_session=True,  # a terminal's Ctrl-C reaches the serving process only
    )
    try:
        url = f"http://127.0.0.1:{port}/api"
        wait_for_api(url, timeout, server)
        yield url
    finally:
        with suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            with suppress(ProcessLookupError):
                os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def serve(deployment: dict[str, Any], interval: float | None) -> None:
    schedules = [Interval(interval)] if interval else schedules_of(deployment)
    news_pipeline.serve(
        name=DEPLOYMENT,
        schedules=schedules,
        description=deployment.get("description"),
        parameters=deployment.get("parameters") or {},
        # One run at a time: two runs must never write the same DuckDB file at once.
        limit=1,
    )


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m flows.serve", description=__doc__)
    parser.add_argument("--start-server", type=int, metavar="PORT", help="start a local server")
    parser.add_argument("--interval", type=float, help="run every N seconds instead of cron")
    parser.add_argument("--prefect-yaml", type=Path, default=PREFECT_YAML)
    args = parser.parse_args(argv)
    deployment = deployment_config(args.prefect_yaml)
    if args.start_server is None:
        if not PREFECT_API_URL.value():
            raise SystemExit("set PREFECT_API_URL, or pass --start-server PORT")
        serve(deployment, args.interval)
        return
    with local_server(args.start_server) as url:
        os.environ["PREFECT_API_URL"] = url  # for the flow-run subprocesses
        with temporary_settings({PREFECT_API_URL: url}):
            serve(deployment, args.interval)


if __name__ == "__main__":
    main()
