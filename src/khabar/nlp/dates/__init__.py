"""Date and time expressions in Hindi (and English) news text, normalised TIMEX3-style.

Detection is a set of rules (``rules.py``: one record per rule, with examples) written in
word classes built once from ``seeds/date_lexicon.csv`` (``lexicon.py``: month spellings,
weekdays, number words, ...); each rule's handler (``handlers.py``) normalises its matches
against the document date (``resolution.py``), using the tense of the clause to pick a
direction for words that have none of their own ("कल" is yesterday or tomorrow, a bare
"बुधवार" the last or the next one); ``ranges.py`` then joins neighbours into ranges.
Without a document date nothing relative is resolved: the clock is never consulted.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path

from khabar.model import DateMention, Span
from khabar.nlp.dates.handlers import _Handlers
from khabar.nlp.dates.lexicon import (
    _DIGIT,
    _LB,
    _Lexicon,
    _tokens,
    classes,
    gates,
    load_date_lexicon,
)
from khabar.nlp.dates.ranges import _list_days, _merge_ranges, _now_ranges, _select
from khabar.nlp.dates.resolution import DATE, DURATION, SET, TIME, _Cand, _Ctx
from khabar.nlp.dates.rules import RULES, Rule
from khabar.text.firstchar import guard_pattern

__all__ = ["DATE", "DURATION", "SET", "TIME", "DatePatterns", "extract_dates", "load_date_patterns"]

_Handler = Callable[[re.Match[str], _Ctx], _Cand | None]
_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


class _Patterns:
    """The rules compiled once from the lexicon: (regex, handler, gate) in priority order,
    and the handlers' own regexes (``h``)."""

    def __init__(self, lex: _Lexicon, guard: bool = True) -> None:
        self.h = _Handlers(lex)
        self.refine = self.h.refine
        named = classes(lex)
        gate_sets = gates(lex)
        self.rules: list[tuple[re.Pattern[str], _Handler, tuple[frozenset[str], ...]]] = [
            (_compile(rule, named, guard), getattr(self.h, rule.handler), _gate(rule, gate_sets))
            for rule in RULES
        ]
        # Rules by a token of their smallest word set: a sentence looks up its own tokens
        # instead of testing every rule's sets.
        self.by_token: dict[str, list[int]] = {}
        for i, (_, _, need) in enumerate(self.rules):
            for token in min(need, key=len):
                self.by_token.setdefault(token, []).append(i)


def _pattern(rule: Rule, named: dict[str, str]) -> str:
    """The rule's regex: a word start, then its pattern with each ``{class}`` filled in."""
    return _LB + _PLACEHOLDER.sub(lambda m: named[m[1]], rule.pattern)


def _compile(rule: Rule, named: dict[str, str], guard: bool) -> re.Pattern[str]:
    """Compiled once; with ``guard``, with the first-character lookahead of ``firstchar``."""
    flags = re.IGNORECASE if rule.ignorecase else 0
    pattern = _pattern(rule, named)
    return re.compile(guard_pattern(pattern, _LB, flags) if guard else pattern, flags)


def _gate(rule: Rule, gate_sets: dict[str, frozenset[str]]) -> tuple[frozenset[str], ...]:
    """Which words the rule cannot match without: a rule whose words are all absent from a
    sentence is not run there, which is most rules on most sentences."""
    out: list[frozenset[str]] = []
    for entry in rule.gate:
        if isinstance(entry, str):
            out.append(frozenset().union(*(gate_sets[name] for name in entry.split("|"))))
        else:
            out.append(entry)
    return tuple(out)


DatePatterns = _Patterns  # what ``khabar.resources.Resources`` holds


def load_date_patterns(path: Path | None = None) -> DatePatterns:
    """The rules compiled from ``date_lexicon.csv`` (or ``path``)."""
    return _Patterns(load_date_lexicon(path))


def _shipped() -> DatePatterns:
    from khabar.resources import shipped  # the resources module builds on this one

    return shipped().dates


def _rule_values(name: str, text: str, doc: date | None) -> list[tuple[str, str | None]]:
    """(surface, value) of what the rule called ``name`` alone finds in ``text``: what a
    rule's examples are checked against."""
    pats = _shipped()
    (i,) = [i for i, rule in enumerate(RULES) if rule.name == name]
    regex, handler, _ = pats.rules[i]
    ctx = _Ctx(text, doc, [], [], {})
    found = [handler(m, ctx) for m in regex.finditer(text)]
    return [(text[c.start : c.end], c.value) for c in found if c is not None]


# --------------------------------------------------------------------------------------------
# Public API


def extract_dates(
    text: str,
    sentences: Sequence[Span],
    document_date: date | None,
    patterns: DatePatterns | None = None,
) -> list[DateMention]:
    """Date and time expressions in ``text``, sorted and non-overlapping (longest wins).

    ``sentences`` give the clause whose tense anchors relative expressions; relative values
    are resolved against ``document_date`` only, and stay null (or ``XXXX``) without one.
    The rules run sentence by sentence (see ``_windows``), so no date joins the end of one
    sentence to the start of the next; without sentences the text is one. ``patterns``
    default to the shipped ones (``khabar.resources.shipped``).
    """
    if not text:
        return []
    pats = patterns or _shipped()
    spans = sorted(sentences, key=lambda s: s.start)
    ctx = _Ctx(text, document_date, [s.start for s in spans], spans, {})
    found: list[_Cand] = []
    for start, end in _windows(spans, len(text)):
        part = text[start:end]
        tokens = set(_tokens(part))
        if _DIGIT.search(part):
            tokens.add("#d")
            if ":" in part:
                tokens.add("#colon")
        candidates: set[int] = set()
        for token in tokens:
            candidates.update(pats.by_token.get(token, ()))
        for i in sorted(candidates):
            regex, handler, needs = pats.rules[i]
            if any(tokens.isdisjoint(need) for need in needs):
                continue
            for m in regex.finditer(text, start, end):
                try:
                    cand = handler(m, ctx)
                except (ValueError, OverflowError):  # an impossible calendar value: not a date
                    cand = None
                if cand is not None and cand.end > cand.start:
                    found.append(pats.refine(cand, text, document_date))
    chosen = _select(found)
    chosen = _merge_ranges(chosen, text, pats.h)
    chosen = _list_days(chosen, text, pats.h)
    chosen = _now_ranges(chosen, text, pats.h, document_date)
    return [_to_mention(c, text) for c in chosen]


def _windows(spans: Sequence[Span], length: int) -> list[tuple[int, int]]:
    """Each sentence with the gap after it (the first from 0, the last to the end): the
    rules run per window, so a rule runs only where its words are, not on the whole text."""
    starts = sorted({0, *(s.start for s in spans if 0 < s.start < length)})
    return list(zip(starts, [*starts[1:], length], strict=True))


def _to_mention(c: _Cand, text: str) -> DateMention:
    sd, ed = c.start_date, c.end_date
    if sd is not None and ed is not None and sd > ed:
        sd, ed = ed, sd
    return DateMention(
        start=c.start, end=c.end, surface=text[c.start : c.end], type=c.type, value=c.value,
        start_date=sd, end_date=ed, precision=c.precision, anchor=c.anchor,
    )  # fmt: skip
