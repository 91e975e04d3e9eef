"""Sentence boundaries for Hindi news text.

Boundaries fall at । ॥ ? ! and line breaks, and at "." only where it ends a sentence: not
after an initial or title (एस., डॉ., Dr.), not inside numbers, abbreviations or URLs.
"""

from __future__ import annotations

import re

from khabar.model import Span

# A "." closes a sentence unless the token before it is an abbreviation.
_ABBREVIATIONS = frozenset(
    {
        "dr",
        "mr",
        "mrs",
        "ms",
        "prof",
        "st",
        "jr",
        "sr",
        "no",
        "vs",
        "etc",
        "inc",
        "ltd",
        "co",
        "gen",
        "col",
        "lt",
        "capt",
        "sh",
        "smt",
        "u.s",
        "u.k",
        "e.g",
        "i.e",
        "ph.d",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "डॉ",
        "श्री",
        "श्रीमती",
        "प्रो",
        "सं",
        "ई",
        "पू",
        "सो",
        "मो",
        "नं",
        "कु",
        "डॉं",
    }
)
_TERMINATORS = "।॥?!"
_CLOSERS = "\"'”’)]»"
_TOKEN_BEFORE = re.compile(r"([\w.\u0900-\u097F]+)$")
_TOKEN_WINDOW = 64  # characters searched back for that token before searching them all
_CANDIDATE = re.compile(r"[।॥?!.\n]")  # where a sentence may end: the rest is skipped at once
_RUN = re.compile("[" + re.escape(_TERMINATORS + _CLOSERS) + "]*")
_DEVANAGARI_SIGNS = re.compile(r"^[\u0900-\u0903\u093A-\u094F\u0955-\u0957\u0962\u0963]$")


def _is_initial(token: str) -> bool:
    """One Latin letter, or one Devanagari akshara (a consonant and its signs)."""
    if len(token) == 1:
        return True
    return (
        len(token) <= 3
        and "\u0900" <= token[0] <= "\u097f"
        and all(_DEVANAGARI_SIGNS.match(ch) for ch in token[1:])
    )


# Transliterated Latin initials in Hindi news: एस. जयशंकर, जे.पी. नड्डा, एम. के.
_HINDI_INITIALS = frozenset(
    {
        "ए",
        "बी",
        "सी",
        "डी",
        "ई",
        "एफ",
        "जी",
        "एच",
        "आई",
        "जे",
        "के",
        "एल",
        "एम",
        "एन",
        "ओ",
        "पी",
        "क्यू",
        "आर",
        "एस",
        "टी",
        "यू",
        "वी",
        "डब्ल्यू",
        "एक्स",
        "वाई",
        "जेड",
        "डॉ",
    }
)


def _dot_ends_sentence(text: str, i: int) -> bool:
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if nxt and not (nxt.isspace() or nxt in _CLOSERS):
        return False  # 3.5, pic.twitter.com, U.S.
    match = _token_before(text, i)
    if not match:
        return True
    token = match.group(1).split(".")[-1]
    if not token:  # an ellipsis or a run of dots
        return True
    if token.lower() in _ABBREVIATIONS or token in _HINDI_INITIALS:
        return False
    if token.isdigit():  # "21." is rare; a dot after a number in Hindi news ends a sentence
        return True
    return not _is_initial(token)


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
