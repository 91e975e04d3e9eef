"""A scheduled run end to end: a real `prefect server start` (SQLite in a temporary
PREFECT_HOME), `python -m flows.serve` on a short interval, and the inbox it processes.

The ephemeral API of the other integration tests never schedules anything, so the server
and the serving process are subprocesses with their own environment.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO, Any

import pytest

from khabar.publish.versions import list_versions
from tests.conftest import REPO, SEEDS

DEADLINE_S = 240


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _clean_env(**extra: str) -> dict[str, str]:
    """This process's environment without its Prefect and khabar settings, plus ``extra``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PREFECT_", "KHABAR_"))}
    env.update(DO_NOT_TRACK="1", GX_ANALYTICS_ENABLED="false", **extra)
    return env


@contextmanager
def _process(args: list[str], env: dict[str, str], log: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A subprocess in its own process group; the whole group is stopped on exit."""
    handle: IO[bytes] = log.open("wb")
    proc = subprocess.Popen(
        args, cwd=REPO, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )
    try:
        yield proc
    finally:
        for sig, wait in ((signal.SIGTERM, 20), (signal.SIGKILL, 10)):
            try:
                os.killpg(proc.pid, sig)
            except ProcessLookupError:
                break
            try:
                proc.wait(timeout=wait)
                break
            except subprocess.TimeoutExpired:
                continue
        # children of the group (the flow-run subprocess) may outlive its leader
        with suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        handle.close()


def _api(url: str, body: dict[str, Any] | None = None) -> Any:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method="GET" if body is None else "POST")
    request.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())


def _tail(log: Path) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-3000:]


def _wait(what: str, check: Any, procs: dict[str, tuple[subprocess.Popen[bytes], Path]]) -> Any:
    end = time.monotonic() + DEADLINE_S
    while time.monotonic() < end:
        for name, (proc, log) in procs.items():
            if proc.poll() is not None:
                pytest.fail(f"{name} exited ({proc.returncode}) waiting for {what}:\n{_tail(log)}")
        found = check()
        if found:
            return found
        time.sleep(1)
    logs = "\n".join(f"--- {n}\n{_tail(log)}" for n, (_, log) in procs.items())
    pytest.fail(f"no {what} within {DEADLINE_S} s\n{logs}")


@pytest.mark.slow
@pytest.mark.timeout(DEADLINE_S * 2 + 60)
def test_served_deployment_runs_on_schedule_and_publishes(tmp_path: Path) -> None:
    inbox, warehouse, home = tmp_path / "inbox", tmp_path / "wh", tmp_path / "prefect-home"
    shutil.copytree(SEEDS, inbox)
    shutil.copy(REPO / "seeds" / "articles.csv", inbox / "metadata.csv")
    home.mkdir()
    port = _free_port()
    api = f"http://127.0.0.1:{port}/api"
    prefect = str(Path(sys.executable).with_name("prefect"))
    server_env = _clean_env(PREFECT_HOME=str(home), PREFECT_SERVER_ANALYTICS_ENABLED="false")
    serve_env = _clean_env(
        PREFECT_HOME=str(home),
        PREFECT_API_URL=api,
        PREFECT_RUNNER_POLL_FREQUENCY="2",
        KHABAR_INBOX=str(inbox),
        KHABAR_WAREHOUSE=str(warehouse),
    )
    server_cmd = [prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port), "--no-ui"]
    with _process(server_cmd, server_env, tmp_path / "server.log") as server:
        procs = {"prefect server": (server, tmp_path / "server.log")}

        def healthy() -> bool:
            try:
                return bool(_api(f"{api}/health"))
            except (OSError, urllib.error.URLError, ValueError):
                return False

        _wait("healthy server", healthy, procs)
        serve_cmd = [sys.executable, "-m", "flows.serve", "--interval", "10"]
        with _process(serve_cmd, serve_env, tmp_path / "serve.log") as serving:
            procs["flows.serve"] = (serving, tmp_path / "serve.log")

            def completed_runs() -> list[dict[str, Any]]:
                runs = _api(f"{api}/flow_runs/filter", {"sort": "EXPECTED_START_TIME_ASC"})
                failed = [r for r in runs if r["state_type"] in ("FAILED", "CRASHED")]
                if failed:
                    state = failed[0]["state_name"]
                    pytest.fail(f"flow run {state}:\n{_tail(tmp_path / 'serve.log')}")
                done = [r for r in runs if r["state_type"] == "COMPLETED"]
                return done if len(done) >= 2 else []

            runs = _wait("two completed scheduled runs", completed_runs, procs)
            deployment = _api(f"{api}/deployments/{runs[0]['deployment_id']}")
            assert deployment["name"] == "khabar-inbox"
            # stop cleanly: no new runs, and let a run already started finish
            _api(f"{api}/deployments/{deployment['id']}/pause_deployment", {})

            def drained() -> bool:
                states = {"RUNNING", "PENDING", "CANCELLING"}
                body = {"flow_runs": {"state": {"type": {"any_": sorted(states)}}}}
                return not _api(f"{api}/flow_runs/filter", body)

            _wait("in-flight runs to finish", drained, procs)

    # both runs were started by the schedule of the served deployment
    assert all(r["auto_scheduled"] and r["deployment_id"] for r in runs)
    assert len({r["deployment_id"] for r in runs}) == 1
    # the first run published version 1 with the seeds; the second found nothing new
    found = list_versions(warehouse / "dataset")
    assert [v["version"] for v in found] == [1]
    assert found[0]["row_counts"]["articles"] == 5
    assert found[0]["validation"]["success"] is True
    reports = sorted((warehouse / "runs").glob("*.json"))
    statuses = [json.loads(p.read_text(encoding="utf-8"))["status"] for p in reports]
    assert statuses[0] == "published" and set(statuses[1:]) == {"unchanged"}
