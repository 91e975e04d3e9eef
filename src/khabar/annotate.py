"""Run the language stages on any text, with no warehouse, and report offsets into the text
exactly as given (code points, end exclusive). This JSON is the stable interface the stages
are evaluated and benchmarked through; the README documents it."""

from __future__ import annotations

from datetime import date
from typing import Any

from khabar.model import NerMode
from khabar.nlp import entities as _entities
from khabar.stages import Document, run_all
from khabar.text.load import Metadata, RawArticle, Rejected, article_id_for


def annotate(
    text: str,
    published: date | None = None,
    doc_id: str | None = None,
    seed: int = 0,
    kb: _entities.KnowledgeBase | None = None,
    ner: NerMode = "model",
) -> dict[str, Any]:
    """Annotations of ``text`` as a JSON-able dict; raises ValueError on unusable input."""
    raw = RawArticle(article_id_for(text), (doc_id or "<input>",), text, Metadata(published))
    docs, rejected = run_all([Document(raw)], seed=seed, kb=kb, ner=ner)
    if not docs:
        reason = rejected[0].detail if rejected else "no text"
        raise ValueError(reason)
    return to_json(docs[0], doc_id)


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
