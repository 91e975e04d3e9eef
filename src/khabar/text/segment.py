"""Sentence boundaries for Hindi news text.

Boundaries fall at । ॥ ? ! and line breaks, and at "." only where it ends a sentence, decided
from both sides of it. Before: a Devanagari or Latin word ends a sentence, a title, initial or
abbreviation from ``seeds/abbreviations.csv`` (डॉ., एस., कि.मी., Dr., U.S.) does not, nor a
list number opening a line; a number does. After: a space, a quote, a bracket or the end
lets it end, a postposition (में, का, है) does not, nor a lower-case word after "Inc."; no space
ends it only between two Devanagari words ("है.नागपुर"), never in 3.5 or pic.twitter.com.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from khabar.model import Span
from khabar.resources import reference_path

_TERMINATORS = "।॥?!"
_CLOSERS = "\"'”’)]»"
_TOKEN_BEFORE = re.compile(r"([\w.\u0900-\u097F]+)$")
_TOKEN_WINDOW = 64  # characters searched back for that token before searching them all
_CANDIDATE = re.compile(r"[।॥?!.\n]")  # where a sentence may end: the rest is skipped at once
_RUN = re.compile("[" + re.escape(_TERMINATORS + _CLOSERS) + "]*")
_WORD_AFTER = re.compile(r"[\s\"'“‘(\[«]*([\w\u0900-\u097F]+)")
_DEVANAGARI_WORD = re.compile(r"[\u0900-\u0963\u0970-\u097F]+")  # no danda, no digits
_LIST_NUMBER_DIGITS = 3  # "1." .. "999." at the start of a line is a list item, not an end


@dataclass(frozen=True, slots=True)
class _Abbreviations:
    """``seeds/abbreviations.csv`` by kind (Latin tokens lower-cased)."""

    titles: frozenset[str]  # डॉ, प्रो, Dr, Mr: a name follows, never a sentence end
    initials: frozenset[str]  # एस, जे, के: transliterated Latin letters
    abbreviations: frozenset[str]  # सं, कि, रु, No, Rs, Jan: never a sentence end
    terminal: frozenset[str]  # etc, Inc, Ltd: end a sentence before a capital letter
    continuations: frozenset[str]  # में, का, है: a word that never starts a sentence

    def known(self, token: str) -> bool:
        key = token.lower()
        return key in self.titles or key in self.initials or key in self.abbreviations


@lru_cache(maxsize=1)
def _abbreviations() -> _Abbreviations:
    kinds: dict[str, set[str]] = {}
    with reference_path("abbreviations.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            kinds.setdefault(row["kind"], set()).add(row["token"].strip().lower())
    return _Abbreviations(
        titles=frozenset(kinds.get("title", ())),
        initials=frozenset(kinds.get("initial", ())),
        abbreviations=frozenset(kinds.get("abbreviation", ())),
        terminal=frozenset(kinds.get("terminal", ())),
        continuations=frozenset(kinds.get("continuation", ())),
    )


def _is_short(part: str) -> bool:
    """A piece of a dotted abbreviation: a letter or an akshara (जी.डी.पी, U.S, कि.मी)."""
    if not part or part.isdigit():
        return False
    return len(part) <= 3 or _abbreviations().known(part)


def _dot_ends_sentence(text: str, i: int) -> bool:
    return _dot_rule(text, i, _token_before(text, i))


def _dot_rule(text: str, i: int, match: re.Match[str] | None) -> bool:
    """Whether the "." at ``i`` ends a sentence, from the token before it (``match``, found
    by ``_TOKEN_BEFORE``) and the text after it."""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    parts = match.group(1).split(".") if match else [""]
    token = parts[-1]
    if nxt and not (nxt.isspace() or nxt in _CLOSERS):
        return _glued_end(text, i, match, parts)  # 3.5, pic.twitter.com, है.अगली
    if not match or not token:  # nothing before, or an ellipsis
        return True
    if token.isdigit():  # "है 166." ends; "\n1. अगर" numbers a list
        return not _is_list_number(text, match.start(), token)
    lexicon = _abbreviations()
    whole = not _after_joiner(text, match.start())  # "उपलब्\u200dध." is no initial
    if whole and len(parts) > 1 and all(_is_short(part) for part in parts):
        return False  # U.S., जे.पी., कि.मी., जी.डी.पी.
    if whole and (lexicon.known(token) or (len(token) == 1 and token.isalpha())):
        return False  # डॉ., एस., Dr., S., म. प्र.
    after = _WORD_AFTER.match(text, i + 1)
    word = after.group(1) if after else ""
    if word in lexicon.continuations:
        return False  # "... 1947 ई. में": a postposition cannot start a sentence
    if token.lower() in lexicon.terminal:
        return not word[:1].islower()  # "Inc. said" goes on, "etc. The" ends
    return True


def _glued_end(text: str, i: int, match: re.Match[str] | None, parts: list[str]) -> bool:
    """A "." with no space after it ends a sentence only before a Devanagari word ("जारी
    है.नागपुर"), never in numbers, URLs, dotted abbreviations or list numbers."""
    token = parts[-1]
    following = _DEVANAGARI_WORD.match(text, i + 1)
    if match is None or not token or following is None:
        return False
    if token.isdigit():  # "संख्या 166.अब" ends; "2.अपने" opening a line numbers a list
        return not _is_list_number(text, match.start(), token)
    if not ("\u0900" <= token[0] <= "\u097f"):
        return False
    if _after_joiner(text, match.start()):
        return True  # "उपलब्\u200dध.अब"
    if _abbreviations().known(token):
        return False
    if len(parts) > 1 and all(_is_short(part) for part in parts):
        return False  # the middle of भा.ज.पा.
    word = following.group(0)
    dotted_next = following.end() < len(text) and text[following.end()] == "."
    return not (dotted_next and _is_short(word))  # भा.ज.पा., एम.ए.


def _after_joiner(text: str, start: int) -> bool:
    """The token starts after a zero-width (non-)joiner, which ``_TOKEN_BEFORE`` does not
    take in: it is the tail of a word such as "उपलब्\u200dध"."""
    return start > 0 and text[start - 1] in "\u200c\u200d"


def _is_list_number(text: str, start: int, token: str) -> bool:
    """A short number that opens its line ("1. अगर आप ...", "2.अपने ...")."""
    if len(token) > _LIST_NUMBER_DIGITS:
        return False
    line_start = text.rfind("\n", 0, start) + 1
    return not text[line_start:start].strip()


def _token_before(text: str, i: int) -> re.Match[str] | None:
    """``_TOKEN_BEFORE.search(text, 0, i)``, searching only the last characters before ``i``
    unless the token may reach further back (the pattern has no anchor but ``$``)."""
    window = max(0, i - _TOKEN_WINDOW)
    match = _TOKEN_BEFORE.search(text, window, i)
    if window and match is not None and match.start() == window:
        match = _TOKEN_BEFORE.search(text, 0, i)
    return match


def segment(text: str) -> list[Span]:
    """Split ``text`` into sentence spans, trimmed of surrounding whitespace."""
    spans: list[Span] = []
    start = 0
    n = len(text)
    i = 0
    while (candidate := _CANDIDATE.search(text, i)) is not None:
        i = candidate.start()
        ch = text[i]
        if ch == "\n":
            cut = i
        elif ch != "." or _dot_ends_sentence(text, i):
            run = _RUN.match(text, i + 1)
            cut = run.end() if run is not None else i + 1
        else:
            i += 1
            continue
        _append(spans, text, start, cut)
        start = cut
        i = max(cut, i + 1)
    _append(spans, text, start, n)
    return spans


def _append(spans: list[Span], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append(Span(start, end))
