"""Prefect wiring for khabar: flows and tasks only, the logic lives in ``khabar``."""
