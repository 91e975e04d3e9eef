"""Run the language stages on any text, with no warehouse, and report offsets into the text
exactly as given (code points, end exclusive). This JSON is the stable interface the stages
are evaluated and benchmarked through; the README documents it."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any

from khabar.resources import Resources
from khabar.stages import Document, run_all
from khabar.text.clean import clean
from khabar.text.load import Metadata, RawArticle, Rejected, article_id_for

ANNOTATION_KEYS = ("id", "language", "sentences", "entities", "dates", "events")
Annotator = Callable[[str, date | None, str | None], dict[str, Any]]


def annotate(
    text: str,
    resources: Resources,
    published: date | None = None,
    doc_id: str | None = None,
    seed: int = 0,
) -> dict[str, Any]:
    """Annotations of ``text`` as a JSON-able dict: empty lists when nothing is left of it
    after cleaning (only page furniture, or only whitespace)."""
    if not clean(text).text.strip():
        return empty_json(doc_id)
    raw = RawArticle(article_id_for(text), (doc_id or "<input>",), text, Metadata(published))
    docs, rejected = run_all([Document(raw)], resources, seed=seed)
    if not docs:
        reason = rejected[0].detail if rejected else "no text"
        raise ValueError(reason)
    return to_json(docs[0], doc_id)


def empty_json(doc_id: str | None = None) -> dict[str, Any]:
    """What a text with nothing left after cleaning annotates to."""
    return {"id": doc_id, "language": None, **{k: [] for k in ANNOTATION_KEYS[2:]}}


class BadLine(ValueError):
    """A ``--jsonl`` input line that cannot be annotated; ``doc_id`` when it could be read."""

    def __init__(self, message: str, doc_id: str | None = None) -> None:
        super().__init__(message)
        self.doc_id = doc_id


def annotate_stream(lines: Iterable[bytes], annotator: Annotator) -> Iterator[dict[str, Any]]:
    """One result per input line, in order: the annotations, or ``{"id", "error"}`` (the id
    is null when the line gave none). Never raises for any line's content: a stream of many
    documents must not end at one bad one."""
    for number, line in enumerate(lines, 1):
        doc_id: str | None = None
        try:
            doc_id, text, published = parse_request(line)
            yield annotator(text, published, doc_id)
        except BadLine as exc:
            yield {"id": exc.doc_id, "error": f"line {number}: {exc}"}
        except Exception as exc:  # a bug in a stage must cost one line, not the stream
            yield {
                "id": doc_id,
                "error": f"line {number}: annotation failed: {type(exc).__name__}: {exc}",
            }


def parse_request(line: bytes) -> tuple[str | None, str, date | None]:
    """``(id, text, published)`` of one ``{"id", "text", "published"}`` line, or BadLine with
    what to fix."""
    try:
        decoded = line.decode("utf-8-sig").rstrip("\r\n")
    except UnicodeDecodeError as exc:
        raise BadLine(
            f"not UTF-8: invalid byte 0x{line[exc.start]:02x} at offset {exc.start}"
        ) from None
    if not decoded.strip():
        raise BadLine('empty line; expected a JSON object {"id", "text", "published"}')
    try:
        item = json.loads(decoded)
    except ValueError as exc:
        raise BadLine(f"not valid JSON: {exc}") from None
    if not isinstance(item, dict):
        raise BadLine(
            f'expected a JSON object {{"id", "text", "published"}}, got {_json_type(item)}'
        )
    doc_id = item.get("id")
    if doc_id is not None and not isinstance(doc_id, str):
        raise BadLine(f"id must be a string, got {_json_type(doc_id)}")
    if doc_id is not None and not _encodable(doc_id):
        raise BadLine("id is not valid Unicode (it holds a lone surrogate)")
    if "text" not in item:
        raise BadLine("text is missing", doc_id)
    text = item["text"]
    if not isinstance(text, str):
        raise BadLine(f"text must be a string, got {_json_type(text)}", doc_id)
    if not _encodable(text):
        raise BadLine("text is not valid Unicode (it holds a lone surrogate)", doc_id)
    return doc_id, text, _published(item.get("published"), doc_id)


def _published(value: Any, doc_id: str | None) -> date | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise BadLine(
            f"published must be a date YYYY-MM-DD or null, got {_json_type(value)}", doc_id
        )
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise BadLine(f"published {value[:40]!r} is not a date YYYY-MM-DD", doc_id) from None


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    return "an array" if isinstance(value, list) else "an object"


def _encodable(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def to_json(doc: Document, doc_id: str | None = None) -> dict[str, Any]:
    cleaned = doc.cleaned
    assert cleaned is not None
    source = doc.article.raw_text

    def span(start: int, end: int) -> dict[str, Any]:
        raw_start, raw_end = cleaned.to_raw(start, end)
        return {"start": raw_start, "end": raw_end, "text": source[raw_start:raw_end]}

    return {
        "id": doc_id,
        "language": doc.language,
        "sentences": [
            {**_bounds(span(s.start, s.end)), "language": s.language} for s in doc.sentences
        ],
        "entities": [
            {**span(m.start, m.end), "label": m.label, "entity_id": m.entity_id, "role": m.role}
            for m in doc.entities
        ],
        "dates": [
            {
                **span(d.start, d.end),
                "type": d.type,
                "value": d.value,
                "start_date": _iso(d.start_date),
                "end_date": _iso(d.end_date),
                "precision": d.precision,
            }
            for d in doc.dates
        ],
        "events": [
            {
                "type": e.type,
                "mode": e.mode,
                "actors": list(e.actors),
                "recipients": list(e.recipients),
                "location": e.location,
                "date": e.date_value,
                "status": e.status,
                "sentence": e.sentence,
                "trigger": span(e.trigger_start, e.trigger_end),
                "confidence": e.confidence,
            }
            for e in doc.events
        ],
    }


def rejection_json(doc_id: str | None, item: Rejected) -> dict[str, Any]:
    return {"id": doc_id, "error": item.detail, "reason": item.reason}


def _bounds(value: dict[str, Any]) -> dict[str, Any]:
    return {"start": value["start"], "end": value["end"]}


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
