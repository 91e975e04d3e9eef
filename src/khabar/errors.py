"""One plain line for the failures a person fixes outside khabar: a full disk, a read-only
or locked warehouse. DuckDB reports a full disk during a transaction as the ROLLBACK that
failed after it ("cannot rollback - no transaction is active"): the first cause is the
one to show, so the whole chain of an exception is searched."""

from __future__ import annotations

import errno
import re
from collections.abc import Iterator

_QUOTED_PATH = re.compile(r'"([^"]+)"')
_LOCK = re.compile(
    r'Could not set lock on file "([^"]+)": Conflicting lock is held in (.+?)(?:\.\s|$)'
)
_HOLDER = re.compile(r"(.*?)\s*\(PID (\d+)\)(?: by user (\S+))?")


def chain(exc: BaseException) -> Iterator[BaseException]:
    """``exc`` and the exceptions it was raised from or during, first cause last."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def plain_error(exc: BaseException, warehouse: str | None = None) -> str | None:
    """The one line for ``exc`` when its cause is a full disk, a read-only file or a
    locked warehouse; None for anything else (a bug keeps its traceback)."""
    causes = list(chain(exc))
    for cause in reversed(causes):  # the first cause wins
        text = str(cause)
        where = _path_in(cause, text) or warehouse or "the warehouse"
        if _is_errno(cause, errno.ENOSPC) or "No space left on device" in text:
            return (
                f"No space left on device (writing {where}): free space and run again; "
                "the published versions are untouched"
            )
        lock = _LOCK.search(text)
        if lock:
            holder = _HOLDER.match(lock.group(2).strip())
            who = (
                f"process {holder.group(2)} ({holder.group(1)}"
                + (f", user {holder.group(3)}" if holder.group(3) else "")
                + ")"
                if holder
                else lock.group(2).strip()
            )
            return (
                f"the warehouse {lock.group(1)} is locked by {who}: wait for it to finish "
                "or close it, then run again"
            )
        if (
            _is_errno(cause, errno.EROFS)
            or "Read-only file system" in text
            or (_is_errno(cause, errno.EACCES) or "Permission denied" in text)
        ):
            return (
                f"the warehouse {where} is read-only ({_reason(text)}): make it writable "
                "or point --warehouse / KHABAR_WAREHOUSE at a writable directory"
            )
    return None


def _is_errno(exc: BaseException, number: int) -> bool:
    return isinstance(exc, OSError) and exc.errno == number


def _path_in(exc: BaseException, text: str) -> str | None:
    if isinstance(exc, OSError) and exc.filename:
        return str(exc.filename)
    found = _QUOTED_PATH.search(text)
    return found.group(1) if found else None


def _reason(text: str) -> str:
    for reason in ("Read-only file system", "Permission denied"):
        if reason in text:
            return reason
    return text.splitlines()[0][:200] if text else "not writable"
