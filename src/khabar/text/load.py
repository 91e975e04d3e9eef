"""Read an input directory of ``.txt`` articles and their optional metadata.

Metadata comes from a CSV beside the articles (``<dir>/metadata.csv``, ``<dir>/articles.csv``
or ``<dir>.csv`` next to the directory; columns ``file, published_date, source, url``) or a
``<file>.json`` sidecar, which wins. Nothing is guessed: a file without metadata has an
unknown document date. Files that cannot be read as text are rejected with a reason a person
can act on; they never stop the rest of the batch.

Nothing outside the input directory gets in: a link whose target lies outside it is not
read (reason ``link``), links to directories are not followed, and anything that is not a
regular file (a FIFO, a socket, a device) is not opened (reason ``special``): a FIFO would
block the run, a device or ``/proc`` file is not an article.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from khabar.text.nfc import is_nfc

METADATA_FIELDS = ("published_date", "source", "url")
_CONTROL_LIMIT = 0.05  # share of control bytes above which a file is binary, not text


@dataclass(frozen=True, slots=True)
class Metadata:
    published_date: date | None = None
    source: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class RawArticle:
    """A decoded article; the id is a hash of its text, so duplicates share it."""

    article_id: str
    paths: tuple[str, ...]
    raw_text: str
    metadata: Metadata = field(default_factory=Metadata)


@dataclass(frozen=True, slots=True)
class Rejected:
    """An input that could not be turned into an article, and why."""

    path: str
    content_hash: str | None
    stage: str
    reason: str  # empty | binary | encoding | too_large | metadata | unreadable | link | special
    # | error
    detail: str


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read, with the metadata (or the metadata problem) that goes with it."""

    path: Path
    name: str  # relative to the input directory: what is stored, so reruns agree
    metadata: Metadata
    metadata_error: str | None = None


def content_hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def article_id_for(text: str) -> str:
    """Stable id of an article text: NFC-normalised, so encodings of one text agree."""
    # Most files are NFC already, and normalising 10,000 articles cost more than reading
    # them; ``is_nfc`` answers without normalising (see ``khabar.text.nfc``).
    normal = (text if is_nfc(text) else unicodedata.normalize("NFC", text)).strip()
    return hashlib.sha256(normal.encode("utf-8")).hexdigest()[:16]


def discover(
    input_dir: Path, published_window: tuple[date, date] | None = None
) -> tuple[list[InputFile], list[Rejected]]:
    """List the ``.txt`` files of ``input_dir`` (sorted, recursive) with their metadata; a
    published date outside ``published_window`` is a metadata error of that file alone."""
    if not input_dir.is_dir():
        raise NotADirectoryError(f"input directory {input_dir} does not exist")
    rejected: list[Rejected] = []
    table, table_errors = _read_metadata_csv(input_dir, rejected)
    files: list[InputFile] = []
    root = input_dir.resolve()
    for path in sorted(input_dir.rglob("*.txt")):  # does not descend into linked directories
        key = path.relative_to(input_dir).as_posix()
        refused = _refuse(path, key, root)
        if refused is not None:
            if refused.reason:
                rejected.append(refused)
            continue
        row = table.get(key) or table.get(path.name)
        error = table_errors.get(key) or table_errors.get(path.name)
        sidecar = path.with_suffix(".json")
        if sidecar.is_file() and _refuse(sidecar, key, root) is not None:
            error = f"{sidecar.name}: a link outside the input directory, not read"
        elif sidecar.is_file():
            try:
                row = _parse_json_sidecar(sidecar)
                error = None
            except ValueError as exc:
                error = f"{sidecar.name}: {exc}"
        real = path.resolve()  # what is read is what was checked to lie inside
        if error is not None:
            files.append(InputFile(real, key, Metadata(), error))
            continue
        try:
            metadata = _metadata_from(row or {})
            _check_window(metadata, published_window)
        except ValueError as exc:
            files.append(InputFile(real, key, Metadata(), f"metadata for {key}: {exc}"))
            continue
        files.append(InputFile(real, key, metadata))
    return files, rejected


def _refuse(path: Path, key: str, root: Path) -> Rejected | None:
    """Why ``path`` must not be read, or None. A directory named ``*.txt`` gives a Rejected
    with no reason: skipped, not quarantined."""
    try:
        real = path.resolve(strict=True)
        mode = real.stat().st_mode
    except (OSError, RuntimeError) as exc:  # a dangling or looping link
        return Rejected(key, None, "load", "unreadable", f"cannot read file: {exc}")
    if not real.is_relative_to(root):
        return Rejected(
            key,
            None,
            "load",
            "link",
            f"a link to {real}, outside the input directory: not read "
            "(copy the file into the directory instead)",
        )
    if stat.S_ISDIR(mode):
        return Rejected(key, None, "load", "", "")
    if not stat.S_ISREG(mode):
        return Rejected(
            key, None, "load", "special", f"{_kind(mode)}, not a regular file: not read"
        )
    return None


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "a special file"


def read_articles(
    files: Sequence[InputFile], max_bytes: int
) -> tuple[list[RawArticle], list[Rejected]]:
    """Decode ``files``; the same text under several names becomes one article."""
    by_id: dict[str, RawArticle] = {}
    rejected: list[Rejected] = []
    for item in files:
        outcome = read_one(item, max_bytes)
        if isinstance(outcome, Rejected):
            rejected.append(outcome)
            continue
        known = by_id.get(outcome.article_id)
        if known is None:
            by_id[outcome.article_id] = outcome
        else:  # same article, another name: record the path, keep the first metadata
            metadata = known.metadata if known.metadata != Metadata() else outcome.metadata
            by_id[outcome.article_id] = RawArticle(
                known.article_id,
                tuple(sorted({*known.paths, *outcome.paths})),
                known.raw_text,
                metadata,
            )
    return [by_id[key] for key in sorted(by_id)], rejected


def read_one(item: InputFile, max_bytes: int) -> RawArticle | Rejected:
    """Read and decode one file, or say why it cannot be an article."""
    path = item.name
    try:
        # Non-blocking, and checked again on the open file: a FIFO put in place since
        # ``discover`` looked must not hang the run.
        fd = os.open(item.path, os.O_RDONLY | os.O_NONBLOCK)
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if not stat.S_ISREG(info.st_mode):
                return Rejected(
                    path, None, "load", "special", f"{_kind(info.st_mode)}, not a regular file"
                )
            if info.st_size > max_bytes:
                return Rejected(
                    path,
                    None,
                    "load",
                    "too_large",
                    f"{info.st_size:,} bytes is over the limit of {max_bytes:,} "
                    "(KHABAR_MAX_ARTICLE_BYTES)",
                )
            data = handle.read()
    except OSError as exc:
        return Rejected(path, None, "load", "unreadable", f"cannot read file: {exc}")
    digest = content_hash(data)
    text_or_reason = decode(data)
    if isinstance(text_or_reason, Rejected):
        return Rejected(path, digest, "load", text_or_reason.reason, text_or_reason.detail)
    if item.metadata_error is not None:
        return Rejected(path, digest, "load", "metadata", item.metadata_error)
    return RawArticle(article_id_for(text_or_reason), (path,), text_or_reason, item.metadata)


def decode(data: bytes) -> str | Rejected:
    """UTF-8 text with or without BOM; binary and other encodings are refused, not guessed."""
    if not data.strip():
        return Rejected("", None, "load", "empty", "the file is empty or only whitespace")
    if b"\x00" in data or _control_share(data) > _CONTROL_LIMIT:
        return Rejected(
            "",
            None,
            "load",
            "binary",
            "the file holds binary data (NUL or control bytes), not text",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        hint = ""
        try:
            data.decode("cp1252")
            hint = "; it decodes as Latin-1/Windows-1252: re-save it as UTF-8"
        except UnicodeDecodeError:
            pass
        return Rejected(
            "",
            None,
            "load",
            "encoding",
            f"not UTF-8: invalid byte 0x{data[exc.start]:02x} at offset {exc.start}{hint}",
        )
    if not text.strip():
        return Rejected("", None, "load", "empty", "the file has no visible text")
    return text


def _control_share(data: bytes) -> float:
    sample = data[:65536]
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))  # counted in C
    return controls / len(sample)


_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13))


def _metadata_csv_paths(input_dir: Path) -> list[Path]:
    candidates = [
        input_dir / "metadata.csv",
        input_dir / "articles.csv",
        input_dir.parent / f"{input_dir.name}.csv",
    ]
    return [path for path in candidates if path.is_file()]


def _read_metadata_csv(
    input_dir: Path, rejected: list[Rejected]
) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Rows by file name; a file named twice with different values is a metadata error."""
    table: dict[str, dict[str, str]] = {}
    errors: dict[str, str] = {}
    for path in _metadata_csv_paths(input_dir):
        try:
            rows = _csv_rows(path)
        except ValueError as exc:
            rejected.append(Rejected(str(path), None, "load", "metadata", str(exc)))
            continue
        for row in rows:
            name = (row.get("file") or "").strip()
            if not name:
                continue
            if name in table and table[name] != row:
                errors[name] = f"{path.name}: {name} is listed twice with different values"
            table.setdefault(name, row)
    return table, errors


def _csv_rows(path: Path) -> Iterable[dict[str, str]]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(f"metadata file {path.name} cannot be read as UTF-8: {exc}") from exc
    reader = csv.DictReader(text.splitlines())
    if not reader.fieldnames or "file" not in reader.fieldnames:
        raise ValueError(
            f"metadata file {path.name} has no 'file' column (columns: {reader.fieldnames})"
        )
    try:
        return [
            {k.strip(): (v or "").strip() for k, v in row.items() if isinstance(k, str)}
            for row in reader
        ]
    except csv.Error as exc:
        raise ValueError(f"metadata file {path.name} is malformed CSV: {exc}") from exc


def _parse_json_sidecar(path: Path) -> dict[str, str]:
    try:
        value = json.loads(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"not valid JSON: {exc}") from exc
    if not isinstance(value, dict):
        raise ValueError("expected a JSON object with published_date, source, url")
    return {k: "" if v is None else str(v) for k, v in value.items()}


def _check_window(metadata: Metadata, window: tuple[date, date] | None) -> None:
    """The quality gate rejects an absurd published date for the whole run; one article's
    date is checked here so that article alone is quarantined."""
    published = metadata.published_date
    if window is None or published is None:
        return
    low, high = window
    if not low <= published <= high:
        raise ValueError(
            f"published_date {published.isoformat()} is outside {low.isoformat()} .. "
            f"{high.isoformat()} (KHABAR_PUBLISHED_FROM, KHABAR_PUBLISHED_UNTIL)"
        )


def _metadata_from(row: dict[str, str]) -> Metadata:
    raw_date = (row.get("published_date") or "").strip()
    published: date | None = None
    if raw_date:
        try:
            published = date.fromisoformat(raw_date[:10])
        except ValueError:
            raise ValueError(
                f"published_date {raw_date!r} is not a date (expected YYYY-MM-DD)"
            ) from None
    return Metadata(
        published_date=published,
        source=(row.get("source") or "").strip() or None,
        url=(row.get("url") or "").strip() or None,
    )
