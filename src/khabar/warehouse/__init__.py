"""The DuckDB warehouse (``store``, ``schema``, ``ids``): storage only, no language logic."""


class WarehouseLocked(RuntimeError):
    """Another process held the DuckDB file for longer than the lock wait. Defined here, not
    in ``store``, so the CLI can catch it without importing DuckDB."""
