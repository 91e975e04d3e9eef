"""Prefect wiring for khabar: flows and tasks only, the logic lives in ``khabar``.

Importing it turns analytics off where khabar starts Prefect (a value already set wins):
the ephemeral and local servers read ``PREFECT_SERVER_ANALYTICS_ENABLED`` from the
environment they inherit, and their telemetry service otherwise logged ``ERROR … Failed to
send telemetry`` on every offline run (and once a ``database is locked`` traceback).
"""

import os

for _name, _value in (
    ("DO_NOT_TRACK", "1"),
    ("PREFECT_SERVER_ANALYTICS_ENABLED", "false"),
    ("GX_ANALYTICS_ENABLED", "false"),
):
    os.environ.setdefault(_name, _value)
