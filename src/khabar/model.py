"""Plain data records passed between stages.

Every offset is a code-point index into the *stored* (cleaned) article text, end exclusive,
so ``text[start:end] == surface`` holds for every record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

# How the entity stage finds names: the gazetteer with the NER model, or the gazetteer alone.
NerMode = Literal["model", "gazetteer"]


@dataclass(frozen=True, slots=True)
class Span:
    """A sentence span: the unit that language, tense and event stages reason over."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    language: str | None = None
    language_prob: float | None = None


@dataclass(frozen=True, slots=True)
class Entity:
    """A knowledge-base (or generated) entity: one id per real-world thing."""

    entity_id: str
    type: str  # PER | LOC | ORG | GPE | EVT
    name_hi: str
    name_en: str
    country: str | None = None
    wikidata: str | None = None
    source: str = "kb"  # kb | generated


@dataclass(frozen=True, slots=True)
class EntityMention:
    start: int
    end: int
    surface: str
    label: str
    entity_id: str
    role: str | None = None  # a title such as विदेश मंत्री, kept out of the name
    method: str = "gazetteer"  # gazetteer | fuzzy | short_form | model | generated
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int
    end: int
    surface: str
    type: str  # DATE | TIME | DURATION | SET
    value: str | None  # TIMEX3-style: 2025-08-21, 2025-08, 2025, 2025-W34, P5D, XXXX-08-21
    start_date: date | None
    end_date: date | None
    precision: str | None  # day | week | month | quarter | half | year | decade | century | None
    anchor: str  # explicit | document | none


@dataclass(frozen=True, slots=True)
class EventMention:
    """One report of an event in one sentence; events are merged from these."""

    type: str  # PLOVER category
    mode: str | None
    actors: tuple[str, ...]  # entity ids
    recipients: tuple[str, ...]
    location: str | None  # entity id
    date_value: str | None
    start_date: date | None
    end_date: date | None
    precision: str | None
    date_source: str  # sentence | article | document | none
    status: str  # occurred | ongoing | planned | reported
    sentence: int  # sentence index
    trigger_start: int
    trigger_end: int
    trigger: str
    confidence: float
    negated: bool = False
    actor_spans: tuple[tuple[int, int], ...] = field(default=())
