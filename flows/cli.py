"""The ``khabar`` console script: the library's CLI (``khabar.cli``) with the Prefect flow
plugged in for ``khabar run``. It lives here, beside the flows, because ``src/khabar`` never
imports Prefect.

    python -m flows.cli run --input DIR    (what the ``khabar`` command runs)
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from typing import Any

from khabar import cli
from khabar.settings import Settings


def run_pipeline(settings: Settings, **parameters: Any) -> dict[str, Any]:
    """``flows.pipeline.run_pipeline``, imported when called: only ``khabar run`` pays for
    importing Prefect."""
    from flows.pipeline import run_pipeline as run

    cli.plain_log_errors()  # Prefect's log handlers exist now that it is imported
    return run(settings, **parameters)


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(argv, run_pipeline=run_pipeline)


if __name__ == "__main__":
    sys.argv[0] = "khabar"
    raise SystemExit(main())
