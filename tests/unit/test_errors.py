"""The one line for a full disk, a read-only or a locked warehouse, from DuckDB's messages."""

from __future__ import annotations

import errno

import duckdb
import pytest

from khabar.errors import plain_error

_LOCKED = (
    'IO Error: Could not set lock on file "/w/khabar.duckdb": Conflicting lock is held in '
    "/usr/bin/python3.11 (PID 4242) by user ana. See also "
    "https://duckdb.org/docs/stable/connect/concurrency"
)


def _during_rollback(first: Exception) -> Exception:
    """The failed ROLLBACK after ``first``, chained to it as a transaction raises them."""
    second = duckdb.TransactionException(
        "TransactionContext Error: cannot rollback - no transaction is active"
    )
    second.__context__ = first
    return second


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (
            _during_rollback(
                duckdb.IOException(
                    'IO Error: Could not write file "/w/khabar.duckdb.wal": No space left on device'
                )
            ),
            "No space left on device (writing /w/khabar.duckdb.wal)",
        ),
        (OSError(errno.ENOSPC, "No space left on device", "/w/runs/r.json"), "/w/runs/r.json"),
        (
            duckdb.IOException(_LOCKED),
            "the warehouse /w/khabar.duckdb is locked by process 4242 (/usr/bin/python3.11, "
            "user ana)",
        ),
        (
            duckdb.IOException(
                'IO Error: Cannot open file "/w/khabar.duckdb": Read-only file system'
            ),
            "the warehouse /w/khabar.duckdb is read-only (Read-only file system)",
        ),
        (PermissionError(errno.EACCES, "Permission denied", "/w/runs"), "/w/runs is read-only"),
    ],
)
def test_the_first_cause_in_one_line(exc: Exception, expected: str) -> None:
    line = plain_error(exc)
    assert line is not None and expected in line
    assert "\n" not in line and "rollback" not in line


@pytest.mark.parametrize(
    "exc",
    [ValueError("bad"), duckdb.TransactionException("cannot rollback - no transaction is active")],
)
def test_other_errors_keep_their_traceback(exc: Exception) -> None:
    assert plain_error(exc) is None
