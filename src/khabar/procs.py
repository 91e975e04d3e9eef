"""Child processes that end with the run that started them.

A run killed with SIGKILL cannot stop its children, so they stop themselves: the ephemeral
Prefect server asks the kernel for a signal when its parent dies (Linux ``prctl``), and a
worker process watches its parent id (which changes when the parent dies) from a thread.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
import time

_PR_SET_PDEATHSIG = 1  # <linux/prctl.h>
_WATCH_SECONDS = 0.5


def die_with_parent() -> None:
    """Have the kernel kill this process when the thread that started it ends (Linux only;
    for ``preexec_fn``, so it runs in the child between fork and exec)."""
    if not sys.platform.startswith("linux"):
        return
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)


def watch_parent() -> None:
    """End this process within ``_WATCH_SECONDS`` of its parent's death (a worker's
    initializer). Polling, not ``prctl``: that signal follows the parent *thread* that
    started the process, and a pool may start its workers from a thread that ends first."""
    parent = os.getppid()
    if parent == 1:  # already orphaned
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(_WATCH_SECONDS)
        os.kill(os.getpid(), signal.SIGKILL)

    threading.Thread(target=watch, name="khabar-watch-parent", daemon=True).start()
