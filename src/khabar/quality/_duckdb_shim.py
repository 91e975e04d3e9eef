"""Let Great Expectations run on the pipeline's own DuckDB connection.

GX 1.x executes every metric query as ``with engine.connect() as c: result = c.execute(q)``
and only calls ``result.fetchall()`` after that block has closed the SQLAlchemy connection
(``SqlAlchemyExecutionEngine.execute_query``; DuckDB is not in GX's
``_PERSISTED_CONNECTION_DIALECTS``, the few dialects for which it keeps one connection open).
Closing returns the DB-API connection to the pool, which rolls it back, and a DuckDB rollback
discards the pending result: every metric comes back empty (GX issue 11579) and every
expectation fails with ``IndexError`` instead of a real observed value.

The fix here is at the DB-API level, so no GX code is patched: the engine's ``creator`` hands
out duckdb-engine's ``ConnectionWrapper`` around a proxy of the caller's connection whose
``begin``/``commit``/``rollback``/``close`` do nothing. Results then survive the pool return,
and GX can neither close the pipeline's connection nor end (or trip over) a transaction the
pipeline has open on it. GX only reads, so leaving transaction control to the owner is safe.

Unqualified table names in ``UnexpectedRowsExpectation`` queries (``JOIN articles``) resolve
through DuckDB's default schema, so :func:`using_schema` points it at the schema under
validation and restores the caller's setting afterwards.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import duckdb

# Any URL of the duckdb dialect works: ``creator`` replaces the connect call, so the URL only
# selects the dialect. The in-memory form keeps duckdb-engine from naming a file.
ENGINE_URL = "duckdb:///:memory:"


class _SharedConnection:
    """The caller's DuckDB connection with transaction control and ``close`` disabled."""

    def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
        self._con = con

    def __getattr__(self, name: str) -> Any:
        return getattr(self._con, name)

    def begin(self) -> None:
        """No-op: GX's implicit BEGIN would fail inside the caller's own transaction."""

    def commit(self) -> None:
        """No-op: GX must not commit the caller's transaction."""

    def rollback(self) -> None:
        """No-op: the pool's reset-on-return rollback is what empties GX's results."""

    def close(self) -> None:
        """No-op: the connection belongs to the caller."""


def connection_creator(con: duckdb.DuckDBPyConnection) -> Callable[[], Any]:
    """A SQLAlchemy ``creator`` whose every connection is ``con`` behind the no-op proxy."""
    from duckdb_engine import ConnectionWrapper

    def create() -> Any:
        return ConnectionWrapper(_SharedConnection(con))  # type: ignore[arg-type]

    return create


def engine_kwargs(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    """``create_engine`` keyword arguments for a GX SQL datasource that reuses ``con``."""
    from sqlalchemy.pool import StaticPool

    return {"creator": connection_creator(con), "poolclass": StaticPool}


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


@contextmanager
def using_schema(con: duckdb.DuckDBPyConnection, schema: str) -> Iterator[None]:
    """Make ``schema`` the default for unqualified names; restore the previous default after.

    ``USE`` rewrites ``search_path`` too, so the old ``search_path`` is what gets restored:
    an empty one (DuckDB's default) is reset, anything else is set back verbatim.
    """
    row = con.execute("SELECT current_database(), current_setting('search_path')").fetchone()
    assert row is not None
    database, search_path = str(row[0]), str(row[1])
    con.execute(f"USE {_quote(database)}.{_quote(schema)}")
    try:
        yield
    finally:
        if search_path:
            con.execute("SET search_path = ?", [search_path])
        else:
            con.execute("RESET search_path")
