"""The date lexicon: words from ``seeds/date_lexicon.csv`` and the named word classes that
rules are written in.

Every word list lives here once. ``classes`` turns the lexicon into the regex fragments a
rule's pattern names (``{month}``, ``{weekday}``, ...); ``gates`` into the token sets that
say which rules can match a sentence at all.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from khabar.resources import csv_rows, reference_path

# Word characters for boundaries: \w misses Devanagari vowel signs, so "महीने" would have no
# word boundary after it; the danda (U+0964/5) is punctuation and stays outside.
_WORD = r"\w\u0900-\u0963\u0966-\u097F"
_LB = rf"(?<![{_WORD}])"
_RB = rf"(?![{_WORD}])"
_NODIGIT = r"(?![0-9०-९])"
_DEVANAGARI_DIGITS = str.maketrans("०१२३४५६७८९", "0123456789")
_NUKTA_PRECOMPOSED = {
    "क़": "\u0958", "ख़": "\u0959", "ग़": "\u095a", "ज़": "\u095b",
    "ड़": "\u095c", "ढ़": "\u095d", "फ़": "\u095e", "य़": "\u095f",
}  # fmt: skip

# Word lists that are not (yet) rows of the lexicon file: each is written here once.
_SEASONS = {
    "गर्मी": "SU", "गर्मियों": "SU", "गर्मियां": "SU", "गर्मियाँ": "SU", "सर्दी": "WI",
    "सर्दियों": "WI", "सर्दियां": "WI", "सर्दियाँ": "WI", "जाड़े": "WI", "जाड़ों": "WI",
    "वसंत": "SP", "बसंत": "SP", "पतझड़": "FA", "summer": "SU", "winter": "WI",
    "spring": "SP", "autumn": "FA",
}  # fmt: skip
_WEEKEND = ("सप्ताहांत", "सप्ताहान्त", "वीकेंड", "वीकएंड", "weekend")
_WEEK = ("सप्ताह", "हफ्ते", "हफ़्ते")  # the week in the oblique case ("अगले हफ्ते")
_WEEK_DIRECT = ("हफ्ता", "हफ़्ता")  # and in the direct case ("वाला हफ्ता")
_WEEK_WORDS = _WEEK + _WEEK_DIRECT
_MONTH_UNIT = ("महीने", "महीना", "माह", "मास")
_TARIKH = ("तारीख", "तारिख", "तिथि")  # "date (of the month)"
_APPROX = ("करीब", "क़रीब", "लगभग", "तकरीबन", "तक़रीबन")
_HUNDREDS = ("उन्नीस", "अठारह", "बीस")  # the hundreds of a year in words ("उन्नीस सौ")
_YEAR_PREFIX = ("साल", "वर्ष", "सन्", "सन", "ईस्वी", "year", "in")
_COMING = ("आने वाले", "आने वाली", "आने वाला", "आनेवाले")  # a modifier (+1) not in the file


@dataclass(frozen=True, slots=True)
class _Lexicon:
    """Surface form (casefolded) -> value, one mapping per kind of word."""

    kinds: dict[str, dict[str, str]]

    def get(self, kind: str, form: str) -> str | None:
        return self.kinds.get(kind, {}).get(_key(form))

    def forms(self, *kinds: str) -> list[str]:
        out: set[str] = set()
        for kind in kinds:
            out.update(self.kinds.get(kind, {}))
        return sorted(out, key=len, reverse=True)


def _key(form: str) -> str:
    return " ".join(form.casefold().split())


def _variants(form: str) -> Iterable[str]:
    """The spellings a nukta word appears in: decomposed, precomposed and without the dot."""
    nfd = unicodedata.normalize("NFD", form)
    yield form
    yield nfd
    pre = nfd
    for decomposed, composed in _NUKTA_PRECOMPOSED.items():
        pre = pre.replace(decomposed, composed)
    yield pre
    yield nfd.replace("\u093c", "")


def load_date_lexicon(path: Path | None = None) -> _Lexicon:
    """Read ``date_lexicon.csv`` (or ``path``): each form and its nukta spellings by kind."""
    kinds: dict[str, dict[str, str]] = {}
    for _, row in csv_rows(path or reference_path("date_lexicon.csv"), ("kind", "form", "value")):
        table = kinds.setdefault(row["kind"], {})
        for variant in _variants(row["form"]):
            table.setdefault(_key(variant), row["value"])
    return _Lexicon(kinds)


_TOKEN = re.compile(rf"[{_WORD}]+")
_DIGIT = re.compile(r"[0-9०-९]")


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.casefold())


def _alt(forms: Iterable[str]) -> str:
    """A regex alternation, longest first, with any run of spaces allowed between words."""
    parts = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
    return "(?:" + "|".join(parts) + ")"


def _bar(words: Iterable[str]) -> str:
    """The words as a bare alternation, in the order given: "a|b|c"."""
    return "|".join(words)


def classes(lex: _Lexicon) -> dict[str, str]:
    """The named regex fragments rule patterns are written in (``{name}`` in a pattern)."""
    number = _alt(lex.forms("number"))
    counted = _alt(lex.forms("number", "fraction", "vague_count"))
    count = rf"(?:[0-9]{{1,3}}(?:\.[0-9])?{_NODIGIT}|[०-९]{{1,3}}{_NODIGIT}|{counted}{_RB})"
    ordinal = _alt(lex.forms("ordinal"))
    abbr = lex.forms("month_abbr")
    month_dot = _alt(f for f in abbr if f.endswith("."))
    month_nodot = _alt(f for f in abbr if not f.endswith("."))
    hundreds = _bar(_HUNDREDS)
    year_words = rf"(?:(?:{hundreds})\s+सौ(?:\s+{number})?|दो\s+हज़?ार(?:\s+{number})?)"
    weekday = rf"(?:{_alt(lex.forms('weekday'))}{_RB})"
    coming = _bar(r"\s+".join(form.split()) for form in _COMING)
    return {
        "rb": _RB,  # the end of a word
        "nodigit": _NODIGIT,  # no digit follows
        "number": number,  # a number word: "पांच", "बीस"
        "count": rf"{count}(?:\s*(?:-|से|या)\s*{count})?",  # "3", "दो या तीन", "आधा"
        "ordinal": ordinal,  # "पहले", "दूसरी", "आखिरी"
        "day": rf"(?:[0-3]?[0-9](?:ली|st|nd|rd|th)?{_NODIGIT}|[०-३]?[०-९]{_NODIGIT}|{number}{_RB}|{ordinal}{_RB})",  # noqa: E501
        "month": rf"(?:{_alt(lex.forms('month'))}{_RB}|{month_dot}|{month_nodot}{_RB})",
        "month_hi": rf"(?:{_alt(f for f in lex.forms('month') if not f.isascii())}{_RB})",
        "month_abbr_hi": _alt(f for f in abbr if f.endswith(".") and not f.isascii()),
        "month_unit": f"(?:{_bar(_MONTH_UNIT)})",  # "महीने": the word month
        "year": rf"(?:[12][0-9]{{3}}{_NODIGIT}|[१२][०-९]{{3}}{_NODIGIT}|{year_words}{_RB})",
        "year_words": year_words,  # "उन्नीस सौ निन्यानवे", "दो हजार बीस"
        # "उन्नीस निन्यानवे" (1999) without सौ: only where a month follows, "उन्नीस-बीस" is
        # also "more or less"
        "compact_year": rf"(?:(?:{hundreds})\s+{number}{_RB})",
        "hundreds": hundreds,
        "year_prefix": _bar(_YEAR_PREFIX),
        "weekday": weekday,
        "wd_prefix": rf"(?:(?P<wd>{weekday}),?\s+)?",  # "सोमवार, " before a date
        "part_of_day": rf"(?:{_alt(lex.forms('part_of_day'))}{_RB})",
        "modifier": rf"(?:{_alt(lex.forms('modifier'))}|{coming}){_RB}",  # "पिछले", "अगले"
        "unit": rf"(?:{_alt(lex.forms('unit'))}){_RB}",
        "unit_adj": _alt(lex.forms("unit_adj")),
        "relative_day": rf"(?:{_alt(lex.forms('relative_day'))}){_RB}(?!-|\s+(?:भी|के\s+(?:समय|दौर|जमाने|ज़माने|युग)){_RB})",  # noqa: E501
        "approx": rf"(?:(?:{_bar(_APPROX)}|about|nearly)\s+)?",
        "season": _alt(_SEASONS),
        "weekend": _alt(_WEEKEND),
        "week": _bar(_WEEK),
        "week_direct": _bar(_WEEK_DIRECT),
        "tarikh": rf"(?:{_bar(_TARIKH)}){_RB}",
        "rest_unit": _bar((*_WEEK, "महीने", "साल", "वर्ष")),
        "set_prefix": _alt(lex.forms("set_prefix")),
        "set_word": _alt(lex.forms("set_word")),
        "part_of_month": _alt(lex.forms("part_of_month")),
        "meal": _alt(lex.forms("meal")),
    }


def gates(lex: _Lexicon) -> dict[str, frozenset[str]]:
    """Named token sets for rule gates: per kind of word the tokens (first word of each
    form, no dot) that announce it, and a few unions; ``#d`` and ``#colon`` stand for a
    digit and a colon in the sentence."""
    out: dict[str, frozenset[str]] = {}
    for kind, table in lex.kinds.items():
        out[kind] = frozenset(_tokens(form)[0] for form in table if _tokens(form))
    out["month"] = out["month"] | out["month_abbr"]
    out["modifier"] = out["modifier"] | {_tokens(form)[0] for form in _COMING}
    out["year_prefix"] = frozenset(_YEAR_PREFIX)
    out["#d"], out["#colon"] = frozenset({"#d"}), frozenset({"#colon"})
    out["numeric"] = out["#d"] | out["number"] | out["ordinal"]
    out["counted"] = out["numeric"] | out["fraction"] | out["vague_count"]
    out["year_words"] = frozenset({"उन्नीस", "अठारह", *_tokens(" ".join(_variants("हज़ार")))})
    out["hundreds"] = frozenset(_HUNDREDS)
    out["weekend"] = frozenset(_tokens(" ".join(_WEEKEND)))
    out["season"] = frozenset(_SEASONS)
    out["tarikh"] = frozenset(_TARIKH)
    return out
