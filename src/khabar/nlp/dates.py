"""Date and time expressions in Hindi (and English) news text, normalised TIMEX3-style.

Detection is a set of regular expressions built once from ``seeds/date_lexicon.csv`` (month
spellings, weekdays, number words, ...); normalisation resolves each match against the
document date, using the tense of the clause to pick a direction for words that have none of
their own ("कल" is yesterday or tomorrow, a bare "बुधवार" the last or the next one). Without a
document date nothing relative is resolved: the clock is never consulted.
"""

from __future__ import annotations

import bisect
import calendar
import csv
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from functools import lru_cache

from khabar.model import DateMention, Span
from khabar.nlp.tense import FUTURE, PAST, tense_after
from khabar.resources import reference_path
from khabar.text.firstchar import guard_first_char

DATE = "DATE"
TIME = "TIME"
DURATION = "DURATION"
SET = "SET"

_EXPLICIT = "explicit"
_DOCUMENT = "document"
_NONE = "none"

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
_PART_OF_DAY_HOURS = {"MO": 6, "MI": 10, "AF": 13, "EV": 18, "NI": 21, "MN": 0}

# A four-digit number followed by one of these counts things, it is not a year.
_NOT_YEAR_AFTER = re.compile(
    r"(?:\s*(?:-|से|या|और|व|,)\s*[0-9०-९]+)?"  # "1800 से 2000 लीटर": a range of counts
    r"\s*(?:करोड़|करोड|लाख|हजार|हज़ार|अरब|रुपये|रुपए|रु\.|डॉलर|लोग|लोगों|किमी|किलो|मीटर|"
    r"टन|वोट|सीट|सीटों|मामले|मामलों|मेगावाट|फीट|गुना|रन|अंक|नंबर|पद|पदों|कर्मचारी|लीटर|"
    r"%|प्रतिशत|crore|lakh|rupees|people|km|kg|litres?|mhz)"
    r"|[.,:/]\d"
    r"|(?:\s*(?:और|व|,)\s*[0-9]+)?\s*(?:के|का|की)?\s*(?:नोट|नोटों)"
    # joined to a number no year is ("2000 और 500", "2000 या पांच सौ"): both are amounts
    r"|\s*(?:और|या|व|तथा)\s*(?:[0-9०-९]{1,3}(?![0-9०-९])|\S+\s+सौ)"
    # a noun in the oblique plural right after counts it ("2068 किसानों"); a year takes a
    # postposition first ("2019 के चुनावों")
    rf"|\s+[^\s0-9०-९]+ों(?![{_WORD}])"
    r"|\s+[0-9०-९]{2,}"  # "1800 20 7267864": a run of numbers, a phone number
    # a range up to a count in words: "1800 से दो हजार"
    rf"|\s*(?:से|-)\s*(?:\S+\s+)?(?:सौ|हजार|हज़ार|लाख|करोड़|करोड)(?![{_WORD}])",
    re.IGNORECASE,
)
# "करीब 1800 कमरे": an approximate number is a count, unless a year's postposition follows
# ("लगभग 1800 में").
_APPROX_BEFORE = re.compile(r"(?:करीब|क़रीब|लगभग|तकरीबन|तक़रीबन)\s*$")
_YEAR_POSTPOSITION = re.compile(rf"\s*(?:में|के|की|का|तक|से|ई\.?|ईस्वी)(?![{_WORD}])")
_NOT_YEAR_BEFORE = re.compile(
    r"(?:₹|\$|Rs\.?|INR|नंबर|संख्या|नं\.|(?<![0-9०-९])[0-9०-९]{1,3}\s*(?:और|या|व|तथा))\s*$"
)
# A number glued to a decimal point belongs to a bigger number ("1067.5 सितंबर" in a price
# table is not the 5th of September, "अगस्त 1067.5" no year 1067); a comma is not one, it
# lists days ("1,2 ,8 और 9 फरवरी").
_IN_NUMBER_BEFORE = re.compile(r"[0-9०-९][.]$")
_IN_NUMBER_AFTER = re.compile(r"[.][0-9०-९]")
# A month name that names a place ("सादाबाद के मई क्षेत्र", "गांव मई", "मई-चिरावली").
_PLACE_AFTER = re.compile(
    rf"\s*(?:क्षेत्र|इलाके|इलाका|इलाक़े|स्थित|निवासी|गांव|गाँव|ग्राम|कस्बे|कस्बा|थाना|थाने|"
    rf"चौराहे|चौराहा|रोड|मार्ग|होते\s+हुए)(?![{_WORD}])"
)
_PLACE_BEFORE = re.compile(r"(?:गांव|गाँव|ग्राम|निवासी|कस्बा|कस्बे|मोहल्ला|मोहल्ले)\s+$")
# A quantity just before "प्रति माह" makes it a rate ("1800 रुपये प्रति माह"), not a SET.
_RATE_BEFORE = re.compile(
    r"(?:[0-9०-९][0-9०-९,.]*(?:\s+[^\s0-9०-९]+)?"  # a number, perhaps with its unit
    r"|रुपये|रुपए|रुपया|पैसे|डॉलर)\s*$"
)
_SEASONS = {
    "गर्मी": "SU", "गर्मियों": "SU", "गर्मियां": "SU", "गर्मियाँ": "SU", "सर्दी": "WI",
    "सर्दियों": "WI", "सर्दियां": "WI", "सर्दियाँ": "WI", "जाड़े": "WI", "जाड़ों": "WI",
    "वसंत": "SP", "बसंत": "SP", "पतझड़": "FA", "summer": "SU", "winter": "WI",
    "spring": "SP", "autumn": "FA",
}  # fmt: skip
_WEEKEND = ("सप्ताहांत", "सप्ताहान्त", "वीकेंड", "वीकएंड", "weekend")


# --------------------------------------------------------------------------------------------
# Lexicon


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


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    kinds: dict[str, dict[str, str]] = {}
    with reference_path("date_lexicon.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
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


# --------------------------------------------------------------------------------------------
# Candidates


@dataclass(frozen=True, slots=True)
class _Cand:
    start: int
    end: int
    type: str
    value: str | None
    start_date: date | None
    end_date: date | None
    precision: str | None
    anchor: str
    # Calendar parts for day/month/year dates, so that ranges can share a year.
    ymd: tuple[int | None, int, int | None] | None = None
    explicit_year: bool = False
    weekday: int | None = None  # a bare weekday, resolved by tense: a range may move it


@dataclass(slots=True)
class _Ctx:
    text: str
    doc: date | None
    starts: list[int]
    sentences: Sequence[Span]
    cache: dict[tuple[int, int], str | None]

    def direction(self, position: int) -> int:
        """-1 for a past clause, +1 for a future one, 0 when the verb does not say."""
        i = bisect.bisect_right(self.starts, position) - 1
        if i >= 0 and self.sentences[i].start <= position < self.sentences[i].end:
            s_start, s_end = self.sentences[i].start, self.sentences[i].end
        else:  # no sentence covers it: use the line it is on
            s_start = self.text.rfind("\n", 0, position) + 1
            nl = self.text.find("\n", position)
            s_end = len(self.text) if nl < 0 else nl
        key = (s_start, position)
        if key not in self.cache:
            self.cache[key] = tense_after(self.text[s_start:s_end], position - s_start)
        tense = self.cache[key]
        return -1 if tense == PAST else 1 if tense == FUTURE else 0


# --------------------------------------------------------------------------------------------
# Calendar helpers


def _glued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer number (a decimal, a price)."""
    return bool(
        _IN_NUMBER_BEFORE.search(text, max(0, start - 2), start)
        or _IN_NUMBER_AFTER.match(text, end)
    )


def _last_day(year: int, month: int) -> int:
    return calendar.monthrange(year, month)[1]


def _safe_date(year: int, month: int, day: int) -> date | None:
    if 1 <= year <= 9999 and 1 <= month <= 12 and 1 <= day <= _last_day(year, month):
        return date(year, month, day)
    return None


def _add_months(d: date, months: int) -> date | None:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        return None
    return date(year, month + 1, min(d.day, _last_day(year, month + 1)))


def _shift(d: date, unit: str, n: float) -> date | None:
    """``d`` moved by ``n`` calendar units (D, W, M, Y, DE, CE); None out of range."""
    try:
        if unit == "D":
            return d + timedelta(days=round(n))
        if unit == "W":
            return d + timedelta(days=round(7 * n))
    except OverflowError:
        return None
    months = {"M": 1, "Q": 3, "H": 6, "Y": 12, "DE": 120, "CE": 1200}.get(unit)
    return None if months is None else _add_months(d, round(months * n))


def _day_cand(
    start: int,
    end: int,
    d: date | None,
    anchor: str,
    ymd: tuple[int | None, int, int | None] | None = None,
    explicit_year: bool = False,
) -> _Cand:
    if d is None:
        return _Cand(start, end, DATE, None, None, None, "day", _NONE)
    return _Cand(start, end, DATE, d.isoformat(), d, d, "day", anchor, ymd, explicit_year)


def _month_cand(start: int, end: int, y: int, m: int, anchor: str, explicit: bool) -> _Cand:
    if not 1 <= y <= 9999:
        return _Cand(start, end, DATE, None, None, None, "month", _NONE)
    return _Cand(
        start, end, DATE, f"{y:04d}-{m:02d}", date(y, m, 1), date(y, m, _last_day(y, m)),
        "month", anchor, (y, m, None), explicit,
    )  # fmt: skip


def _year_cand(start: int, end: int, y: int, anchor: str) -> _Cand:
    if not 1 <= y <= 9999:
        return _Cand(start, end, DATE, None, None, None, "year", _NONE)
    return _Cand(
        start, end, DATE, f"{y:04d}", date(y, 1, 1), date(y, 12, 31), "year", anchor,
        None, anchor == _EXPLICIT,
    )  # fmt: skip


def _week_cand(start: int, end: int, d: date, anchor: str) -> _Cand:
    monday = d - timedelta(days=d.weekday())
    iso = monday.isocalendar()
    return _Cand(
        start, end, DATE, f"{iso.year:04d}-W{iso.week:02d}", monday,
        monday + timedelta(days=6), "week", anchor,
    )  # fmt: skip


def _quarter_cand(start: int, end: int, y: int, q: int, anchor: str) -> _Cand:
    first = date(y, 3 * q - 2, 1)
    last_month = 3 * q
    return _Cand(
        start, end, DATE, f"{y:04d}-Q{q}", first, date(y, last_month, _last_day(y, last_month)),
        "quarter", anchor,
    )  # fmt: skip


def _half_cand(start: int, end: int, y: int, h: int, anchor: str) -> _Cand:
    first = date(y, 1 if h == 1 else 7, 1)
    last = date(y, 6, 30) if h == 1 else date(y, 12, 31)
    return _Cand(start, end, DATE, f"{y:04d}-H{h}", first, last, "half", anchor)


def _decade_cand(start: int, end: int, first_year: int, anchor: str) -> _Cand:
    if not 1 <= first_year <= 9990:
        return _Cand(start, end, DATE, None, None, None, "decade", _NONE)
    return _Cand(
        start, end, DATE, f"{first_year // 10:03d}", date(first_year, 1, 1),
        date(first_year + 9, 12, 31), "decade", anchor,
    )  # fmt: skip


def _century_cand(start: int, end: int, first_year: int, anchor: str) -> _Cand:
    if not 0 <= first_year <= 9900:
        return _Cand(start, end, DATE, None, None, None, "century", _NONE)
    return _Cand(
        start, end, DATE, f"{first_year // 100:02d}", date(max(first_year, 1), 1, 1),
        date(first_year + 99, 12, 31), "century", anchor,
    )  # fmt: skip


def _resolve_day_month(m: int, d: int, doc: date, direction: int) -> date | None:
    """Nearest occurrence of day ``d`` of month ``m`` in the direction the tense points."""
    options = [x for y in (doc.year - 1, doc.year, doc.year + 1) if (x := _safe_date(y, m, d))]
    if direction < 0:
        past = [x for x in options if x <= doc]
        return max(past) if past else None
    if direction > 0:
        future = [x for x in options if x >= doc]
        return min(future) if future else None
    return min(options, key=lambda x: abs((x - doc).days)) if options else None


def _resolve_month_year(m: int, doc: date, direction: int, same_year: bool) -> int:
    """Year of a month named without one: a month already past in a future clause is next
    year's, one still ahead in a past clause last year's; otherwise the nearest."""
    if direction > 0 and m < doc.month:
        return doc.year + 1
    if direction < 0 and m > doc.month:
        return doc.year - 1
    if direction == 0 and not same_year:
        return min(
            (doc.year - 1, doc.year, doc.year + 1),
            key=lambda y: abs((y - doc.year) * 12 + m - doc.month),
        )
    return doc.year


def _resolve_weekday(wd: int, doc: date, direction: int) -> date:
    """A bare weekday: this week's occurrence on or before the document date, or on or after
    it in a future clause (news reports the week it was written in)."""
    if direction > 0:
        return doc + timedelta(days=(wd - doc.weekday()) % 7)
    return doc - timedelta(days=(doc.weekday() - wd) % 7)


# --------------------------------------------------------------------------------------------
# Patterns


class _Patterns:
    """Every regex, compiled once from the lexicon."""

    def __init__(self, lex: _Lexicon) -> None:
        self.lex = lex
        numw = _alt(lex.forms("number"))
        self.num = rf"(?:[0-9]{{1,3}}{_NODIGIT}|[०-९]{{1,3}}{_NODIGIT}|{numw}{_RB})"
        count = rf"(?:[0-9]{{1,3}}(?:\.[0-9])?{_NODIGIT}|[०-९]{{1,3}}{_NODIGIT}|{_alt(lex.forms('number', 'fraction', 'vague_count'))}{_RB})"  # noqa: E501
        self.count = rf"{count}(?:\s*(?:-|से|या)\s*{count})?"
        ordinal = _alt(lex.forms("ordinal"))
        day = rf"(?:[0-3]?[0-9](?:ली|st|nd|rd|th)?{_NODIGIT}|[०-३]?[०-९]{_NODIGIT}|{numw}{_RB}|{ordinal}{_RB})"  # noqa: E501
        month_full = _alt(lex.forms("month"))
        month_any = rf"(?:{month_full}{_RB}|{_alt(f for f in lex.forms('month_abbr') if f.endswith('.'))}|{_alt(f for f in lex.forms('month_abbr') if not f.endswith('.'))}{_RB})"  # noqa: E501
        self.month_dev = rf"(?:{_alt(f for f in lex.forms('month') if not f.isascii())}{_RB})"
        year_words = rf"(?:(?:उन्नीस|अठारह|बीस)\s+सौ(?:\s+{numw})?|दो\s+हज़?ार(?:\s+{numw})?)"
        year = rf"(?:[12][0-9]{{3}}{_NODIGIT}|[१२][०-९]{{3}}{_NODIGIT}|{year_words}{_RB})"
        # "उन्नीस निन्यानवे" (1999) without सौ: only where a month follows, "उन्नीस-बीस" is
        # also "more or less"
        compact_year = rf"(?:(?:उन्नीस|अठारह|बीस)\s+{numw}{_RB})"
        weekday = rf"(?:{_alt(lex.forms('weekday'))}{_RB})"
        pod = rf"(?:{_alt(lex.forms('part_of_day'))}{_RB})"
        mod = rf"(?:{_alt(lex.forms('modifier'))}|आने\s+वाले|आने\s+वाली|आने\s+वाला|आनेवाले){_RB}"
        unit = rf"(?:{_alt(lex.forms('unit'))}){_RB}"
        relday = rf"(?:{_alt(lex.forms('relative_day'))}){_RB}(?!-|\s+(?:भी|के\s+(?:समय|दौर|जमाने|ज़माने|युग)){_RB})"  # noqa: E501
        approx = r"(?:(?:करीब|क़रीब|लगभग|तकरीबन|तक़रीबन|about|nearly)\s+)?"
        wd_prefix = rf"(?:(?P<wd>{weekday}),?\s+)?"
        I = re.IGNORECASE  # noqa: E741
        g = self._gates(lex)
        numeric = g["#d"] | g["number"] | g["ordinal"]
        month_unit = r"(?:महीने|महीना|माह|मास)"
        dev_abbr = _alt(f for f in lex.forms("month_abbr") if f.endswith(".") and not f.isascii())
        season = _alt(_SEASONS)
        tarikh = rf"(?:तारीख|तारिख|तिथि){_RB}"
        rest_unit = "सप्ताह|हफ्ते|हफ़्ते|महीने|साल|वर्ष"
        rules: list[tuple[re.Pattern[str], Callable[[re.Match[str], _Ctx], _Cand | None]]] = [
            (re.compile(rf"{_LB}(?:(?:(?:वित्त|वित्तीय|वित्तिय)\s+)?(?:वर्ष|साल|सत्र)\s+)?(?P<y>(?:19|20)[0-9]{{2}})\s*[-–/]\s*(?P<y2>[0-9]{{2}}){_NODIGIT}(?![/.\-][0-9])"), self._fiscal_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<d1>{day})\s*(?P<join>-|–|से\s+लेकर|से|और|to)\s*(?P<d2>{day})\s*(?P<m>{month_any})(?:\s*,?\s*(?P<y>{year}))?", I), self._range_dm),  # noqa: E501
            (re.compile(rf"{_LB}{wd_prefix}(?P<d>{day})(?:\s*|-|\s*,\s*)(?P<m>{month_any})(?:(?:\s*,\s*|\s+|-)(?P<y>{year}))?", I), self._dmy),  # noqa: E501
            (re.compile(rf"{_LB}{wd_prefix}(?P<m>{month_any})(?:\s*|-|\s*/\s*|\s+की\s+)(?P<d>[0-3]?[0-9](?:st|nd|rd|th)?{_NODIGIT}|[०-३]?[०-९]{_NODIGIT}|{numw}{_RB})(?!\s*(?:-|से)\s*[0-9])(?:(?:\s+{tarikh})?\s*,?\s*(?:(?:सन्|सन)\s+)?(?P<y>{year}))?", I), self._dmy),  # noqa: E501
            (re.compile(rf"{_LB}(?P<m>{month_any})(?:\s*,\s*|\s+|\s*-\s*)(?P<y>{year})", I), self._month_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>{year})(?:\s*,\s*|\s+)(?P<m>{month_any})", I), self._month_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<a>[0-9]{{1,4}})(?P<s>[/.\-])(?P<b>[0-9]{{1,2}})(?P=s)(?P<c>[0-9]{{2,4}}){_NODIGIT}(?![/.\-][0-9])"), self._numeric),  # noqa: E501
            (re.compile(rf"{_LB}(?:(?P<y>(?:19|20)[0-9]{{2}})\s*[/\-]\s*(?P<m>[0-9]{{1,2}})|(?P<m2>[0-9]{{1,2}})\s*[/\-]\s*(?P<y2>(?:19|20)[0-9]{{2}})){_NODIGIT}(?![/.\-][0-9])"), self._numeric_month),  # noqa: E501
            (re.compile(rf"{_LB}(?:उस\s+)?{wd_prefix}(?P<d>{day})\s+(?:तारीख|तारिख|तिथि){_RB}(?:\s+(?P<wd2>{weekday}))?", I), self._day_of_month),  # noqa: E501
            (re.compile(rf"{_LB}(?P<mod>{mod})\s+(?:(?P<n>{self.count})\s+)?(?P<u>{unit})(?:(?:\s+(?:के|की|का))?\s+(?P<m>{self.month_dev}|(?P<wd>{weekday})))?", I), self._modified),  # noqa: E501
            (re.compile(rf"{_LB}(?P<mod>{mod})\s+(?P<m>{self.month_dev}|(?P<wd>{weekday}))", I), self._modified_named),  # noqa: E501
            (re.compile(rf"{_LB}(?:(?P<base>{relday}|अब|अभी)\s+से\s+)?{approx}(?P<n>{self.count})\s+(?P<u>{unit})(?:\s+(?:और\s+)?(?P<n2>{self.count})\s+(?P<u2>{unit}))?(?:\s+(?:और\s+)?(?P<n3>{self.count})\s+(?P<u3>{unit}))?(?:\s+(?P<dir>पहले|पूर्व|बाद|ago|later|later on){_RB}|(?P<within>\s+के\s+(?:भीतर|अंदर|अन्दर){_RB})|(?=\s+(?P<in>में|in){_RB}))?", I), self._count_unit),  # noqa: E501
            (re.compile(rf"{_LB}(?P<n>{self.count})[\s-]+(?P<u>{_alt(lex.forms('unit_adj'))}){_RB}", I), self._unit_adj),  # noqa: E501
            (re.compile(rf"{_LB}(?P<rel>{relday})(?:\s+(?P<pod>{pod}))?", I), self._relative_day),
            (re.compile(rf"{_LB}(?P<wd>{weekday})(?:\s+(?P<pod>{pod}))?"), self._weekday),
            (re.compile(rf"{_LB}(?P<pre>साल|वर्ष|सन्|सन|ईस्वी|year|in)\s+(?P<y>{year})", I), self._year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>[12][0-9]{{3}}|[१२][०-९]{{3}}){_NODIGIT}{_RB}"), self._bare_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>[12][0-9]{{3}}|[0-9]0|{numw}|{year_words})(?:\s*(?:'?s|के|का|की))?\s+(?:दशक|दशकों){_RB}"), self._decade),  # noqa: E501
            (re.compile(rf"{_LB}(?P<n>[0-9]{{1,2}}|{_alt(lex.forms('number'))})\s*(?:वीं|वी|वें)\s+(?:सदी|शताब्दी){_RB}"), self._century),  # noqa: E501
            (re.compile(rf"{_LB}(?P<m>{self.month_dev})(?:\s+(?:महीने|महीना|माह|मास){_RB})?"), self._bare_month),  # noqa: E501
            (re.compile(rf"{_LB}{approx}(?:(?P<rel>{relday})\s+|(?P<wd>{weekday})\s+)?(?:(?P<pod>{pod})\s+)?(?:(?P<frac>साढ़े|साढे|सवा|पौने)\s+)?(?P<h>[0-9]{{1,2}}|[०-९]{{1,2}}|{numw})(?:\s*[:.]\s*(?P<mi>[0-9]{{2}}))?\s+बजे{_RB}(?:\s+(?P<pod2>{pod}|दिन{_RB}))?", I), self._clock),  # noqa: E501
            (re.compile(rf"{_LB}(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9]){_NODIGIT}(?:\s*(?P<ampm>am|pm|a\.m\.|p\.m\.))?", I), self._clock),  # noqa: E501
            (re.compile(rf"{_LB}(?:(?P<late>देर|उसी|उस)\s+)?(?P<pod>{pod})"), self._part_of_day),
            (re.compile(rf"{_LB}(?:{_alt(lex.forms('set_prefix'))})\s+(?:(?P<n>{self.count})\s+)?(?:(?P<u>{unit})|(?P<wd>{weekday})|(?P<m>{self.month_dev}))", I), self._set),  # noqa: E501
            (re.compile(rf"{_LB}(?P<w>{_alt(lex.forms('set_word'))}){_RB}", I), self._set_word),
            (re.compile(rf"{_LB}(?:(?:(?P<mod>{mod})\s+{month_unit}|(?P<m>{month_any}))\s+(?:के|की|का)\s+)?(?P<ord>{ordinal})\s+(?P<wd>{weekday})", I), self._nth_weekday),  # noqa: E501
            (re.compile(rf"{_LB}(?P<mod>{mod})\s+{month_unit}\s+(?:(?P<gen>की|के)\s+)?(?P<d1>{day})(?:\s*(?:-|–|से\s+लेकर|से)\s*(?P<d2>{day}))?(?:\s+(?P<t>{tarikh}))?", I), self._month_day),  # noqa: E501
            (re.compile(rf"{_LB}(?P<mod>{mod})\s+(?P<m>{dev_abbr})", I), self._modified_named),
            (re.compile(rf"{_LB}(?:(?P<mod>{mod})\s+)?(?:{_alt(_WEEKEND)}){_RB}", I), self._weekend),  # noqa: E501
            (re.compile(rf"{_LB}(?:(?P<mod>{mod})\s+|(?P<y>{year})\s+(?:के|की|का)\s+)(?P<s>{season}){_RB}", I), self._season),  # noqa: E501
            (re.compile(rf"{_LB}(?P<ord>{ordinal})\s+(?P<u>तिमाही|छमाही)\s+(?:(?:के|की|का)\s+)?(?:(?:साल|वर्ष|सन्|सन)\s+)?(?P<y>{year})", I), self._ordinal_part_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>(?:उन्नीस|अठारह)\s+सौ(?:\s+{numw})?|दो\s+हज़?ार\s+{numw}){_RB}"), self._bare_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>{year})\s+(?:में|के|की)\s+(?P<d1>{day})\s*(?P<join>-|–|से\s+लेकर|से|और|to)\s*(?P<d2>{day})\s*(?P<m>{month_any})", I), self._range_dm),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>{year})\s+(?:में|के|की)\s+(?P<d>{day})\s*(?P<m>{month_any})", I), self._dmy),  # noqa: E501
            (re.compile(rf"{_LB}उस\s+(?P<d>[0-3]?[0-9]{_NODIGIT}|{numw})(?=\s+को{_RB})", I), self._that_day),  # noqa: E501
            (re.compile(rf"{_LB}(?P<wd>{weekday})\s+(?P<mod>{mod})\s+(?P<u>सप्ताह|हफ्ते|हफ़्ते)", I), self._weekday_of_week),  # noqa: E501
            (re.compile(rf"{_LB}(?:(?:(?:इस|उस)\s+)?(?P<u>{rest_unit})\s+(?:के|में)\s+बाकी(?:\s+(?:के\s+)?(?:समय|दिन|दिनों))?|बाकी\s+(?:के\s+)?(?P<u2>{rest_unit})){_RB}"), self._rest_of),  # noqa: E501
            (re.compile(rf"{_LB}(?:उसी|उस)\s+(?P<u>दिन|सप्ताह|हफ्ते|हफ़्ते|महीने|माह|साल|वर्ष|{_alt(_WEEKEND)}){_RB}", I), self._anaphoric),  # noqa: E501
            (re.compile(rf"{_LB}(?P<y>{year}|{compact_year})\s+(?:के|की|का)\s+(?P<m>{month_any})", I), self._month_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<ord>{ordinal})\s+(?:ही\s+)?दिन{_RB}", I), self._ordinal_day),
            (re.compile(rf"{_LB}(?P<mod>{mod})\s+(?:वित्त|वित्तीय)\s+(?:वर्ष|साल){_RB}(?!\s*[0-9०-९])", I), self._relative_fiscal_year),  # noqa: E501
            (re.compile(rf"{_LB}(?P<d>[0-3]?[0-9])/(?P<m>[01]?[0-9]){_NODIGIT}(?![/.\-][0-9])(?=\s*(?:को|से|तक){_RB})"), self._slash_day_month),  # noqa: E501
        ]  # fmt: skip
        # Which words a rule cannot match without: a rule whose words are all absent from a
        # text is not run, which is most rules on most sentences.
        month, counted = g["month"], numeric | g["fraction"] | g["vague_count"]
        year_word_gate = frozenset({"उन्नीस", "अठारह", *_tokens(" ".join(_variants("हज़ार")))})
        needs: list[tuple[frozenset[str], ...]] = [
            (g["#d"],),
            (month, numeric), (month, numeric), (month, numeric), (month, numeric), (month, numeric),  # noqa: E501
            (g["#d"],), (g["#d"],), (frozenset({"तारीख", "तारिख", "तिथि"}), numeric), (g["modifier"], g["unit"]), (g["modifier"], month | g["weekday"]),  # noqa: E501
            (g["unit"], counted), (g["unit_adj"],), (g["relative_day"],), (g["weekday"],),
            (g["year_prefix"], numeric), (g["#d"],), (frozenset({"दशक", "दशकों"}),),
            (frozenset({"सदी", "शताब्दी"}),), (month,), (frozenset({"बजे"}),), (g["#colon"],),
            (g["part_of_day"],), (g["set_prefix"],), (g["set_word"],),
            (g["ordinal"], g["weekday"]), (g["modifier"], g["unit"], numeric),
            (g["modifier"], g["month"]), (frozenset(_tokens(" ".join(_WEEKEND))),),
            (frozenset(_SEASONS),), (g["ordinal"], frozenset({"तिमाही", "छमाही"})),
            (year_word_gate,), (month, numeric), (month, numeric),
            (frozenset({"उस"}), numeric), (g["weekday"], g["modifier"]), (frozenset({"बाकी"}),),
            (frozenset({"उस", "उसी"}),),
            (month, numeric | year_word_gate | frozenset({"उन्नीस", "बीस"})),
            (g["ordinal"], frozenset({"दिन"})), (g["modifier"], frozenset({"वित्त", "वित्तीय"})),
            (g["#d"],),
        ]  # fmt: skip
        assert len(needs) == len(rules)
        self.rules = [
            (guard_first_char(regex, _LB), handler, need)
            for (regex, handler), need in zip(rules, needs, strict=True)
        ]
        # Rules by a token of their smallest word set: a sentence looks up its own tokens
        # instead of testing every rule's sets.
        self.by_token: dict[str, list[int]] = {}
        for i, need in enumerate(needs):
            for token in min(need, key=len):
                self.by_token.setdefault(token, []).append(i)
        self.suffix = re.compile(
            rf"(?:\s+(?:के|की|का|में))?\s+(?:(?P<ord>{ordinal})\s+(?P<sub>सप्ताह|हफ्ते|हफ़्ते|हफ्ता|हफ़्ता|तिमाही|छमाही|दशक)|"
            rf"(?P<pom>{_alt(lex.forms('part_of_month'))})){_RB}"
        )
        self.range_join = re.compile(
            r"\s*(?:-|–|—|से\s+लेकर|से|to|till|until)\s*|\s+(?P<and>और|and)\s+"
        )
        self.between = re.compile(r"\s+(?:के\s+)?(?:बीच|between)")
        self.month_next = re.compile(rf"\s+{month_any}", re.IGNORECASE)
        self.month_before = re.compile(rf"{month_any}\s+$", re.IGNORECASE)
        # "दो जून की रोटी" (two meals a day: a living) is an idiom, not the 2nd of June.
        self.meal = re.compile(rf"\s*(?:की|का|के)\s+(?:{_alt(lex.forms('meal'))}){_RB}")
        self.meal_month = {int(v) for v in lex.kinds.get("meal", {}).values()}
        self.after_next = re.compile(rf"\s+के\s+बाद{_RB}")
        self.week_of = re.compile(rf"\s+(?:वाले|वाली|वाला)\s+(?:सप्ताह|हफ्ते|हफ़्ते|हफ्ता|हफ़्ता){_RB}")
        # "24 , 26 व 28 नवंबर": the days listed before a day-month share its month
        self.list_day = re.compile(rf"{_LB}(?P<d>[0-3]?[0-9]|[०-३]?[०-९])\s*(?:,|व|और|एवं|तथा)\s*\Z")
        # "22 जनवरी से अब तक", "अभी से 15 नवंबर तक": ranges that end or start now
        self.until_now = re.compile(rf"\s*(?:से\s+लेकर|से)\s+(?P<now>अब|अभी){_RB}(?=\s+तक{_RB})")
        self.from_now = re.compile(rf"{_LB}(?:अब|अभी)\s+से\s+\Z")
        self.till = re.compile(rf"\s*(?:तक|के\s+बीच){_RB}")

    @staticmethod
    def _gates(lex: _Lexicon) -> dict[str, frozenset[str]]:
        """Per kind of word, the tokens (first word of each form, no dot) that announce it."""
        gates: dict[str, frozenset[str]] = {}
        for kind, table in lex.kinds.items():
            gates[kind] = frozenset(_tokens(form)[0] for form in table if _tokens(form))
        gates["month"] = gates["month"] | gates["month_abbr"]
        gates["modifier"] = gates["modifier"] | {"आने", "आनेवाले"}
        gates["year_prefix"] = frozenset({"साल", "वर्ष", "सन्", "सन", "ईस्वी", "year", "in"})
        gates["#d"], gates["#colon"] = frozenset({"#d"}), frozenset({"#colon"})
        return gates

    # -- number words ------------------------------------------------------------------------

    def number(self, s: str | None) -> float | None:
        if not s:
            return None
        s = s.strip()
        # "5-7", "पांच से सात", "दो या तीन"; never inside a word ("निन्यानवे" holds या)
        parts = re.split(r"\s*-\s*|\s+(?:से|या)\s+", s)
        if len(parts) > 1 and all(parts):
            values = [self.number(p) for p in parts]
            known = [v for v in values if v is not None]
            return max(known) if known else None
        digits = s.translate(_DEVANAGARI_DIGITS)
        digits = re.sub(r"(?:ली|st|nd|rd|th)$", "", digits)
        if re.fullmatch(r"[0-9]+(?:\.[0-9]+)?", digits):
            return float(digits)
        for kind in ("number", "fraction", "ordinal"):
            value = self.lex.get(kind, s)
            if value is not None:
                return float(value)
        return None

    def year(self, s: str) -> int | None:
        s = " ".join(s.split())
        digits = s.translate(_DEVANAGARI_DIGITS)
        if digits.isdigit():
            return int(digits)
        words = s.replace("हज़ार", "हजार").split(" ")
        if words[:2] == ["दो", "हजार"]:
            rest = self.number(" ".join(words[2:])) if len(words) > 2 else 0
            return None if rest is None else 2000 + int(rest)
        if len(words) == 2 and words[0] in ("अठारह", "उन्नीस", "बीस"):  # उन्नीस निन्यानवे
            hundreds, rest = self.number(words[0]), self.number(words[1])
            if hundreds is None or rest is None or not 10 <= rest <= 99:
                return None
            return int(hundreds) * 100 + int(rest)
        if len(words) >= 2 and words[1] == "सौ":
            hundreds = self.number(words[0])
            rest = self.number(" ".join(words[2:])) if len(words) > 2 else 0
            if hundreds is None or rest is None:
                return None
            return int(hundreds) * 100 + int(rest)
        return None

    def month(self, s: str) -> int:
        value = self.lex.get("month", s) or self.lex.get("month_abbr", s)
        return int(value) if value else 0

    # -- day-month-year ----------------------------------------------------------------------

    def _dmy(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        day = self.number(m["d"])
        month = self.month(m["m"])
        if day is None or not 1 <= day <= 31 or day != int(day) or not month:
            return None
        if _glued(m.string, m.start(), m.end()):
            return None
        if not m["y"] and self._meal_idiom(month, m):
            return None
        y = self.year(m["y"]) if m["y"] else None
        if y is not None:
            return _day_cand(m.start(), m.end(), _safe_date(y, month, int(day)), _EXPLICIT,
                             ymd=(y, month, int(day)), explicit_year=True)  # fmt: skip
        return self._day_month(m.start(), m.end(), month, int(day), ctx)

    def _day_month(self, start: int, end: int, month: int, day: int, ctx: _Ctx) -> _Cand | None:
        if _safe_date(2000, month, day) is None:  # 2000 is a leap year: 29 Feb is valid
            return None
        if ctx.doc is None:
            return _Cand(start, end, DATE, f"XXXX-{month:02d}-{day:02d}", None, None, "day",
                         _NONE, (None, month, day))  # fmt: skip
        d = _resolve_day_month(month, day, ctx.doc, ctx.direction(start))
        if d is None:
            return _Cand(start, end, DATE, f"XXXX-{month:02d}-{day:02d}", None, None, "day",
                         _NONE, (None, month, day))  # fmt: skip
        return _day_cand(start, end, d, _DOCUMENT, ymd=(d.year, month, day))

    def _range_dm(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        d1, d2 = self.number(m["d1"]), self.number(m["d2"])
        month = self.month(m["m"])
        if d1 is None or d2 is None or not month or not 1 <= d1 < d2 <= 31:
            return None
        if m["join"] == "और" and not self.between.match(m.string, m.end()):
            return None  # "5 और 12 अक्टूबर": two days, not the week between them
        y = self.year(m["y"]) if m["y"] else None
        if y is None:
            end = self._day_month(m.start(), m.end(), month, int(d2), ctx)
            if end is None:
                return None
            y = end.ymd[0] if end.ymd else None
        if y is None:
            value = f"XXXX-{month:02d}-{int(d1):02d}/XXXX-{month:02d}-{int(d2):02d}"
            return _Cand(m.start(), m.end(), DATE, value, None, None, "day", _NONE)
        first, last = _safe_date(y, month, int(d1)), _safe_date(y, month, int(d2))
        if first is None or last is None:
            return None
        anchor = _EXPLICIT if m["y"] else _DOCUMENT
        value = f"{first.isoformat()}/{last.isoformat()}"
        return _Cand(m.start(), m.end(), DATE, value, first, last, "day", anchor)

    def _month_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = self.year(m["y"])
        month = self.month(m["m"])
        if y is None or not month or _glued(m.string, m.start(), m.end()):
            return None
        if self._in_table(m):
            return None
        if m.start("y") < m.start("m") and not 1900 <= y <= 2099:
            return None  # "1181 अक्टूबर": news writes a year before its month only lately
        return _month_cand(m.start(), m.end(), y, month, _EXPLICIT, True)

    def _numeric(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        a, b, c = int(m["a"]), int(m["b"]), int(m["c"])
        if len(m["a"]) == 4:
            y, month, day = a, b, c
        else:
            y = c if len(m["c"]) == 4 else (2000 + c if c < 50 else 1900 + c)
            day, month = (a, b) if b <= 12 else (b, a)  # Indian day-month order unless impossible
        if len(m["a"]) == 3 or len(m["c"]) == 3:
            return None
        d = _safe_date(y, month, day)
        if d is None:
            return None
        return _day_cand(m.start(), m.end(), d, _EXPLICIT, ymd=(y, month, day), explicit_year=True)

    def _numeric_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        month, y = int(m["m"] or m["m2"]), int(m["y"] or m["y2"])
        if not 1 <= month <= 12:
            return None
        return _month_cand(m.start(), m.end(), y, month, _EXPLICIT, True)

    def _day_of_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "22 तारीख": a day of the document's month, or of the month before or after."""
        if m["d"] == "एक" and m[0].rstrip().endswith("तिथि"):
            return None  # "एक तिथि तय": "a date"; the 1st is "पहली तिथि", "1 तिथि", "एक तारीख"
        day = self.number(m["d"])
        if day is None or day != int(day) or not 1 <= day <= 31:
            return None
        if ctx.doc is None:
            return _Cand(
                m.start(), m.end(), DATE, f"XXXX-XX-{int(day):02d}", None, None, "day", _NONE
            )
        direction = ctx.direction(m.start())
        options = [
            x for k in (-1, 0, 1)
            if (first := _add_months(ctx.doc.replace(day=1), k)) and (x := _safe_date(first.year, first.month, int(day)))  # noqa: E501
        ]  # fmt: skip
        if direction < 0:
            options = [x for x in options if x <= ctx.doc] or options
        elif direction > 0:
            options = [x for x in options if x >= ctx.doc] or options
        doc = ctx.doc
        best = min(options, key=lambda x: abs((x - doc).days)) if options else None
        return _day_cand(m.start(), m.end(), best, _DOCUMENT)

    # -- relative ----------------------------------------------------------------------------

    def _modified(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        mod = self._modifier(m["mod"])
        unit = self.lex.get("unit", m["u"]) or ""
        start, end = m.start(), m.end()
        if m["n"]:  # पिछले तीन साल: a span of time reaching up to (or from) the document date
            return self._modified_count(m, ctx, mod, unit)
        if unit.startswith("T"):
            return None
        plural = m["u"].endswith(("ों", "ो")) or m["u"].lower().endswith("s")
        if plural:  # पिछले दिनों: recently, no length given
            value = f"PX{unit[0]}" if unit in "DWMY" else None
            return _Cand(start, end, DURATION, value, None, None, None, _NONE)
        if ctx.doc is None:
            return _Cand(start, end, DATE, None, None, None, _unit_precision(unit), _NONE)
        doc = ctx.doc
        if m["m"] and unit == "Y":  # इस साल फरवरी, अगले साल जून
            month = self.month(m["m"]) if not m["wd"] else 0
            if not month:
                return None
            if mod == 0:
                y = _resolve_month_year(month, doc, ctx.direction(start), same_year=True)
            else:
                y = doc.year + mod
            return _month_cand(start, end, y, month, _DOCUMENT, False)
        if m["wd"] and unit == "W":  # अगले हफ्ते शुक्रवार
            wd = int(self.lex.get("weekday", m["wd"]) or 0)
            monday = doc - timedelta(days=doc.weekday()) + timedelta(days=7 * mod)
            return _day_cand(start, end, monday + timedelta(days=wd), _DOCUMENT)
        end = m.end("u")  # a trailing name not used above belongs to something else
        if mod == 1 and (after := self.after_next.match(m.string, end)):
            mod, end = 2, after.end()  # "अगले महीने के बाद": the month after next
        if unit == "D":
            if mod == 0:
                return None  # इस दिन: the narrative's day, not the document's
            return _day_cand(start, end, doc + timedelta(days=mod), _DOCUMENT)
        if unit == "W":
            return _week_cand(start, end, doc + timedelta(days=7 * mod), _DOCUMENT)
        if unit == "M":
            shifted = _add_months(doc, mod)
            if shifted is None:
                return None
            return _month_cand(start, end, shifted.year, shifted.month, _DOCUMENT, False)
        if unit == "Y":
            return _year_cand(start, end, doc.year + mod, _DOCUMENT)
        if unit == "Q":
            q = (doc.month - 1) // 3 + 1 + mod
            y, q = doc.year + (q - 1) // 4, (q - 1) % 4 + 1
            return _quarter_cand(start, end, y, q, _DOCUMENT)
        if unit == "DE":
            return _decade_cand(start, end, doc.year // 10 * 10 + 10 * mod, _DOCUMENT)
        if unit == "CE":
            return _century_cand(start, end, doc.year // 100 * 100 + 100 * mod, _DOCUMENT)
        return None

    def _modifier(self, s: str) -> int:
        value = self.lex.get("modifier", s)
        return int(value) if value is not None else 1  # आने वाले

    def _modified_count(self, m: re.Match[str], ctx: _Ctx, mod: int, unit: str) -> _Cand | None:
        start = m.start()
        end = m.end("u")
        n = self.number(m["n"])
        value = _duration_value(n, unit)
        if ctx.doc is None or n is None or mod == 0 or unit not in ("D", "W", "M", "Y"):
            return _Cand(start, end, DURATION, value, None, None, None, _NONE)
        first: date | None
        last: date | None
        if mod < 0:
            first, last = _shift(ctx.doc, unit, -n), ctx.doc
        else:
            first, last = ctx.doc + timedelta(days=1), _shift(ctx.doc, unit, n)
        if first is None or last is None:
            return _Cand(start, end, DURATION, value, None, None, None, _NONE)
        return _Cand(start, end, DURATION, value, first, last, "day", _DOCUMENT)

    def _modified_named(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        mod = self._modifier(m["mod"])
        start, end = m.start(), m.end()
        if m.groupdict().get("wd"):
            wd = int(self.lex.get("weekday", m["wd"]) or 0)
            if ctx.doc is None:
                return _Cand(start, end, DATE, None, None, None, "day", _NONE)
            doc = ctx.doc
            if mod < 0:  # पिछले रविवार: the last one before today
                return _day_cand(
                    start, end, doc - timedelta(days=(doc.weekday() - wd - 1) % 7 + 1), _DOCUMENT
                )
            monday = doc - timedelta(days=doc.weekday()) + timedelta(days=7 * mod)
            return _day_cand(start, end, monday + timedelta(days=wd), _DOCUMENT)
        month = self.month(m["m"])
        if not month:
            return None
        if ctx.doc is None:
            return _Cand(start, end, DATE, f"XXXX-{month:02d}", None, None, "month", _NONE)
        return _month_cand(start, end, ctx.doc.year + mod, month, _DOCUMENT, False)

    def _count_unit(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "तीन दिन", "2 वर्ष 1 माह 21 दिन पहले", "पांच दिनों के भीतर", "3 हफ्ते में"."""
        parts = [
            (self.number(m[n]), self.lex.get("unit", m[u]) or "")
            for n, u in (("n", "u"), ("n2", "u2"), ("n3", "u3"))
            if m[n]
        ]
        unit = parts[0][1]
        value = _duration_value(*parts[0])
        for extra in parts[1:]:
            value = _join_durations(value, _duration_value(*extra))
        start, end = m.start(), m.end()
        calendar_parts = all(n is not None and u in ("D", "W", "M", "Y") for n, u in parts)

        def shifted(base: date, sign: int) -> date | None:
            target: date | None = base
            for n, u in parts:
                if target is None or n is None or u.startswith("T") or u in ("Q", "H"):
                    return None
                target = _shift(target, u, sign * n)
            return target

        if m["within"] and ctx.doc is not None and calendar_parts:
            # "पांच दिनों के भीतर": from now until then
            return _Cand(start, end, DURATION, value, ctx.doc, shifted(ctx.doc, 1), "day",
                         _DOCUMENT)  # fmt: skip
        if (
            m["dir"] is None
            and m["in"]
            and ctx.doc is not None
            and calendar_parts
            and (m["base"] or ctx.direction(start) > 0)
        ):  # "3 हफ्ते में चला जाऊंगा": that far from now, in a future clause
            return _day_cand(start, end, shifted(ctx.doc, 1), _DOCUMENT)
        if m["dir"] is None:
            if m["base"]:  # "आज से" without पहले/बाद is a span starting today
                start = m.start("n")
            typ = TIME if unit.startswith("T") and value is None else DURATION
            return _Cand(start, end, typ, value, None, None, None, _NONE)
        sign = -1 if m["dir"].lower() in ("पहले", "पूर्व", "ago") else 1
        if ctx.doc is None or parts[0][0] is None or unit.startswith("T") or unit in ("Q", "H"):
            return _Cand(start, end, DATE, None, None, None, "day", _NONE)
        if sign > 0 and not m["base"] and ctx.direction(start) < 0:
            # "13 साल बाद प्रकाश में आया": later than some earlier event, not than today
            return _Cand(start, end, DATE, None, None, None, "day", _NONE)
        base = ctx.doc
        if m["base"]:
            rel = self._relative_offset(m["base"], ctx, m.start())
            if rel is None:
                return None
            base = ctx.doc + timedelta(days=rel)
        return _day_cand(start, end, shifted(base, sign), _DOCUMENT)

    def _relative_offset(self, word: str, ctx: _Ctx, position: int) -> int | None:
        if word in ("अब", "अभी"):
            return 0
        value = self.lex.get("relative_day", word)
        if value is None:
            return None
        if value.startswith("±"):  # कल, परसों: the tense picks the side; news defaults to past
            return int(value[1:]) * (1 if ctx.direction(position) > 0 else -1)
        return int(value)

    def _unit_adj(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        unit = self.lex.get("unit_adj", m["u"]) or ""
        value = _duration_value(self.number(m["n"]), unit)
        return _Cand(m.start(), m.end(), DURATION, value, None, None, None, _NONE)

    def _relative_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        start, end = m.start(), m.end()
        pod = self.lex.get("part_of_day", m["pod"]) if m["pod"] else None
        if ctx.doc is None:
            return _Cand(start, end, TIME if pod else DATE, None, None, None, "day", _NONE)
        offset = self._relative_offset(m["rel"], ctx, start)
        if offset is None:
            return None
        d = ctx.doc + timedelta(days=offset)
        if pod:
            return _Cand(start, end, TIME, f"{d.isoformat()}T{pod}", d, d, "day", _DOCUMENT)
        return _day_cand(start, end, d, _DOCUMENT)

    def _weekday(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        wd = int(self.lex.get("weekday", m["wd"]) or 0)
        pod = self.lex.get("part_of_day", m["pod"]) if m["pod"] else None
        start, end = m.start(), m.end()
        if m["wd"].isascii() and len(m["wd"]) <= 3:
            return None  # Mon, Sun, Sat alone are words, not dates
        if ctx.doc is None:
            typ = TIME if pod else DATE
            value = f"XXXX-WXX-{wd + 1}" + (f"T{pod}" if pod else "")
            return _Cand(start, end, typ, value, None, None, "day", _NONE)
        d = _resolve_weekday(wd, ctx.doc, ctx.direction(start))
        if pod:
            return _Cand(start, end, TIME, f"{d.isoformat()}T{pod}", d, d, "day", _DOCUMENT)
        return replace(_day_cand(start, end, d, _DOCUMENT), weekday=wd)

    # -- years, decades, months --------------------------------------------------------------

    def _year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = self.year(m["y"])
        if y is None or not 1 <= y <= 2200:
            return None
        start = m.start("y") if m["pre"].lower() == "in" else m.start()
        return _year_cand(start, m.end(), y, _EXPLICIT)

    def _bare_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = self.year(m["y"])
        if y is None or not 1800 <= y <= 2100:
            return None
        if _NOT_YEAR_AFTER.match(m.string, m.end()) or _NOT_YEAR_BEFORE.search(
            m.string, max(0, m.start() - 8), m.start()
        ):
            return None
        if _APPROX_BEFORE.search(
            m.string, max(0, m.start() - 12), m.start()
        ) and not _YEAR_POSTPOSITION.match(m.string, m.end()):
            return None
        return _year_cand(m.start(), m.end(), y, _EXPLICIT)

    def _decade(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        raw = m["y"]
        y = self.year(raw)
        if y is None:
            n = self.number(raw)
            if n is None or n % 10 or not 0 <= n < 100:
                return None
            y = int(n)
        if y >= 100:
            if y % 10:
                return None
            return _decade_cand(m.start(), m.end(), y, _EXPLICIT)
        if ctx.doc is None:
            return _Cand(m.start(), m.end(), DATE, f"XX{y // 10}", None, None, "decade", _NONE)
        century = ctx.doc.year // 100 * 100
        first = century + y if century + y <= ctx.doc.year else century - 100 + y
        return _decade_cand(m.start(), m.end(), first, _DOCUMENT)

    def _century(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        n = self.number(m["n"])
        if n is None or not 1 <= n <= 30:
            return None
        return _century_cand(m.start(), m.end(), (int(n) - 1) * 100, _EXPLICIT)

    def _bare_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "अगस्त में": a month of the document's year (or the nearest one the tense allows).
        Not where it names a place: "मई क्षेत्र", "गांव मई", "मई-चिरावली"."""
        month = self.month(m["m"])
        if not month or self._is_place(m):
            return None
        if self._meal_idiom(month, m):
            return None
        if ctx.doc is None:
            return _Cand(m.start(), m.end(), DATE, f"XXXX-{month:02d}", None, None, "month",
                         _NONE, (None, month, None))  # fmt: skip
        y = _resolve_month_year(month, ctx.doc, ctx.direction(m.start()), same_year=False)
        return _month_cand(m.start(), m.end(), y, month, _DOCUMENT, False)

    def _meal_idiom(self, month: int, m: re.Match[str]) -> bool:
        """ "(दो) जून की रोटी": the month the lexicon's meal words go with, followed by one."""
        return month in self.meal_month and self.meal.match(m.string, m.end()) is not None

    def _in_table(self, m: re.Match[str]) -> bool:
        """A number between two month names is a cell of a table of months ("सितंबर 1181
        अक्टूबर 1257 नवंबर": prices), not the year of either."""
        text = m.string
        if m.start("y") > m.start("m"):
            return self.month_next.match(text, m.end()) is not None
        return self.month_before.search(text, max(0, m.start() - 24), m.start()) is not None

    def _is_place(self, m: re.Match[str]) -> bool:
        text, start, end = m.string, m.start(), m.end()
        if _PLACE_AFTER.match(text, end) or _PLACE_BEFORE.search(text, max(0, start - 12), start):
            return True
        hyphen = re.match(rf"-([^\W0-9०-९][{_WORD}]*)", text[end : end + 24])
        return hyphen is not None and not self.month(hyphen[1])

    # -- times and sets ----------------------------------------------------------------------

    def _clock(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        hour = self.number(m["h"])
        if hour is None or hour != int(hour) or not 0 <= hour <= 24:
            return None
        h = int(hour)
        minute = int(m["mi"]) if m["mi"] else 0
        groups = m.groupdict()
        frac = groups.get("frac")
        if frac in ("साढ़े", "साढे"):
            minute = 30
        elif frac == "सवा":
            minute = 15
        elif frac == "पौने":
            h, minute = h - 1, 45
        pod = groups.get("pod") or groups.get("pod2")
        code = self.lex.get("part_of_day", pod) if pod else None
        ampm = (groups.get("ampm") or "").lower()
        if (code in ("AF", "EV", "NI") or ampm.startswith("p")) and h < 12:
            h += 12
        if not 0 <= h <= 24 or minute > 59:
            return None
        clock = f"T{h:02d}:{minute:02d}"
        if groups.get("wd"):  # "मंगलवार सुबह पांच बजे"
            wd = int(self.lex.get("weekday", groups["wd"]) or 0)
            if ctx.doc is None:
                return _Cand(m.start(), m.end(), TIME, f"XXXX-WXX-{wd + 1}{clock}", None, None,
                             None, _NONE)  # fmt: skip
            d = _resolve_weekday(wd, ctx.doc, ctx.direction(m.start()))
            return _Cand(m.start(), m.end(), TIME, d.isoformat() + clock, d, d, "day", _DOCUMENT)
        rel = groups.get("rel")
        if rel and ctx.doc is not None:
            offset = self._relative_offset(rel, ctx, m.start())
            if offset is not None:
                d = ctx.doc + timedelta(days=offset)
                return _Cand(
                    m.start(), m.end(), TIME, d.isoformat() + clock, d, d, "day", _DOCUMENT
                )
        return _Cand(m.start(), m.end(), TIME, "XXXX-XX-XX" + clock, None, None, None, _NONE)

    def _part_of_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        code = self.lex.get("part_of_day", m["pod"])
        return _Cand(m.start(), m.end(), TIME, f"XXXX-XX-XXT{code}", None, None, None, _NONE)

    def _set(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        start, end = m.start(), m.end()
        if m[0].startswith("प्रति") and _RATE_BEFORE.search(m.string, max(0, start - 24), start):
            return None
        if m["wd"]:
            wd = int(self.lex.get("weekday", m["wd"]) or 0)
            return _Cand(start, end, SET, f"XXXX-WXX-{wd + 1}", None, None, "day", _NONE)
        if m["m"]:
            return _Cand(
                start, end, SET, f"XXXX-{self.month(m['m']):02d}", None, None, "month", _NONE
            )
        unit = self.lex.get("unit", m["u"]) or ""
        n = self.number(m["n"]) if m["n"] else 1.0
        return _Cand(
            start, end, SET, _duration_value(n, unit), None, None, _unit_precision(unit), _NONE
        )

    def _set_word(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        if _RATE_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
            return None  # "700 रुपये प्रतिदिन": a rate
        value = self.lex.get("set_word", m["w"])
        return _Cand(m.start(), m.end(), SET, value, None, None, None, _NONE)

    # -- constructions named by their parts -------------------------------------------------

    def _fiscal_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "2016-17", "वित्त वर्ष 2016-17": the Indian financial (and school) year, April to
        March. Only when the second part is the next year, else it is no such year."""
        y = int(m["y"])
        if int(m["y2"]) != (y + 1) % 100:
            return None
        return _Cand(
            m.start(), m.end(), DATE, f"{y:04d}-04/{y + 1:04d}-03", date(y, 4, 1),
            date(y + 1, 3, 31), "month", _EXPLICIT,
        )  # fmt: skip

    def _month_of(self, m: re.Match[str], ctx: _Ctx) -> tuple[int | None, int] | None:
        """(year, month) named by "अगले महीने" or "जुलाई" in ``m``; year None without a
        document date; None when ``m`` names no month."""
        groups = m.groupdict()
        if groups.get("m"):
            month = self.month(groups["m"])
            if not month:
                return None
            if ctx.doc is None:
                return None, month
            return _resolve_month_year(month, ctx.doc, ctx.direction(m.start()), False), month
        if groups.get("mod"):
            if ctx.doc is None:
                return None
            shifted = _add_months(ctx.doc.replace(day=1), self._modifier(groups["mod"]))
            return None if shifted is None else (shifted.year, shifted.month)
        return None

    def _nth_weekday(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "जुलाई के पहले शुक्रवार", "अगले महीने का दूसरा सोमवार"; alone ("तीसरे मंगलवार")
        the document's month. A bare "पहले"/"पहला" is "earlier", not "first"."""
        k = int(self.number(m["ord"]) or 0)
        wd = int(self.lex.get("weekday", m["wd"]) or 0)
        named = m["m"] or m["mod"]
        if not named and m["ord"] in ("पहले", "पहला"):
            return None
        ym = self._month_of(m, ctx) if named else (
            (ctx.doc.year, ctx.doc.month) if ctx.doc else (None, 0)
        )  # fmt: skip
        if ym is None or not k:
            return None
        y, month = ym
        start, end = m.start(), m.end()
        if y is None:
            code = f"{month:02d}" if month else "XX"
            return _Cand(start, end, DATE, f"XXXX-{code}-WXX-{wd + 1}-#{k}", None, None, "day",
                         _NONE)  # fmt: skip
        if k > 0:
            first = date(y, month, 1)
            d = first + timedelta(days=(wd - first.weekday()) % 7 + 7 * (k - 1))
        else:
            last = date(y, month, _last_day(y, month))
            d = last - timedelta(days=(last.weekday() - wd) % 7)
        if d.month != month:
            return None
        return _day_cand(start, end, d, _DOCUMENT)

    def _month_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "अगले महीने की 20 तारीख", "इस महीने 4 से 22 तक": days of a relative month. A
        lone number needs की/तारीख or a following को/तक to be a day ("इस महीने के 10 दिनों")."""
        d1 = self.number(m["d1"])
        d2 = self.number(m["d2"]) if m["d2"] else None
        end_ok = re.match(rf"\s*(?:को|तक){_RB}", m.string[m.end() :])
        if d1 is None or (d2 is None and not (m["t"] or (m["gen"] and end_ok))):
            return None
        ym = self._month_of(m, ctx)
        if ym is None:
            return None
        y, month = ym
        if y is None:
            return None
        first = _safe_date(y, month, int(d1))
        last = first if d2 is None else _safe_date(y, month, int(d2))
        if first is None or last is None or last < first:
            return None
        if first == last:
            return _day_cand(m.start(), m.end(), first, _DOCUMENT, ymd=(y, month, int(d1)))
        value = f"{first.isoformat()}/{last.isoformat()}"
        return _Cand(m.start(), m.end(), DATE, value, first, last, "day", _DOCUMENT)

    def _weekend(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "इस सप्ताहांत", "पिछले वीकेंड": Saturday and Sunday of a week (TIMEX3 ``-WE``);
        alone, the coming one in a future clause, else the latest."""
        start, end = m.start(), m.end()
        if ctx.doc is None:
            return _Cand(start, end, DATE, "XXXX-WXX-WE", None, None, "day", _NONE)
        doc = ctx.doc
        if m["mod"]:
            mod = self._modifier(m["mod"])
            if mod == 1 and (after := self.after_next.match(m.string, end)):
                mod, end = 2, after.end()  # "अगले सप्ताहांत के बाद": the one after next
            saturday = doc + timedelta(days=5 - doc.weekday() + 7 * mod)
        elif ctx.direction(start) > 0 or doc.weekday() >= 5:
            saturday = doc + timedelta(days=5 - doc.weekday())
        else:
            saturday = doc - timedelta(days=doc.weekday() + 2)
        iso = saturday.isocalendar()
        value = f"{iso.year:04d}-W{iso.week:02d}-WE"
        return _Cand(start, end, DATE, value, saturday, saturday + timedelta(days=1), "day",
                     _DOCUMENT)  # fmt: skip

    def _season(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "इस गर्मी", "2016 की गर्मियों": TIMEX3 season codes. Only with a year or a
        modifier ("गर्मी" alone is as often the heat); no dates, seasons differ by place."""
        code = _SEASONS.get(m["s"].casefold())
        if code is None:
            return None
        if m["y"]:
            y: int | None = self.year(m["y"])
            anchor = _EXPLICIT
        elif ctx.doc is not None:
            y, anchor = ctx.doc.year + self._modifier(m["mod"]), _DOCUMENT
        else:
            y, anchor = None, _NONE
        value = f"XXXX-{code}" if y is None else f"{y:04d}-{code}"
        return _Cand(m.start(), m.end(), DATE, value, None, None, None, anchor)

    def _ordinal_part_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "पहली तिमाही 2016", "दूसरी छमाही 2019"."""
        k, y = int(self.number(m["ord"]) or 0), self.year(m["y"])
        if y is None or not 1 <= y <= 9999:
            return None
        if m["u"] == "तिमाही" and k in (1, 2, 3, 4, -1):
            return _quarter_cand(m.start(), m.end(), y, 4 if k == -1 else k, _EXPLICIT)
        if m["u"] == "छमाही" and k in (1, 2, -1):
            return _half_cand(m.start(), m.end(), y, 1 if k == 1 else 2, _EXPLICIT)
        return None

    def _that_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "उस 27 को": that day of the month. Number words under ten are people ("उस एक
        को"), not days."""
        if not m["d"][0].isdigit() and (self.number(m["d"]) or 0) < 10:
            return None
        return self._day_of_month(m, ctx)

    def _rest_of(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "हफ्ते के बाकी समय", "बाकी के साल": from the document date to the period's end."""
        if ctx.doc is None:
            return None
        unit = self.lex.get("unit", m["u"] or m["u2"]) or ""
        doc = ctx.doc
        if unit == "W":
            last = doc + timedelta(days=6 - doc.weekday())
        elif unit == "M":
            last = doc.replace(day=_last_day(doc.year, doc.month))
        elif unit == "Y":
            last = date(doc.year, 12, 31)
        else:
            return None
        value = f"{doc.isoformat()}/{last.isoformat()}"
        return _Cand(m.start(), m.end(), DATE, value, doc, last, "day", _DOCUMENT)

    def _anaphoric(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "उसी दिन", "उस साल": the narrative's period, not the document's, so the value
        stays unspecified (TIMEX3 ``XXXX``)."""
        word = m["u"].casefold()
        unit = "WE" if word in _WEEKEND else self.lex.get("unit", word) or ""
        codes = {
            "D": "XXXX-XX-XX",
            "W": "XXXX-WXX",
            "M": "XXXX-XX",
            "Y": "XXXX",
            "WE": "XXXX-WXX-WE",
        }
        if unit not in codes:
            return None
        precision = "day" if unit == "WE" else _unit_precision(unit)
        return _Cand(m.start(), m.end(), DATE, codes[unit], None, None, precision, _NONE)

    def _ordinal_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "दूसरे दिन", "तीसरे ही दिन": a day counted in the narrative, unresolved like
        "उसी दिन". Not "पहले दिन": पहले is as often "earlier"."""
        k = self.number(m["ord"])
        if k is None or k < 2:
            return None
        return _Cand(m.start(), m.end(), DATE, "XXXX-XX-XX", None, None, "day", _NONE)

    def _relative_fiscal_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "चालू वित्त वर्ष", "पिछले वित्त वर्ष": the Indian financial year (April to
        March) holding the document date, or the one before or after."""
        if ctx.doc is None:
            return _Cand(m.start(), m.end(), DATE, None, None, None, "month", _NONE)
        y = (ctx.doc.year if ctx.doc.month >= 4 else ctx.doc.year - 1) + self._modifier(m["mod"])
        if not 1 <= y < 9999:
            return None
        return _Cand(
            m.start(), m.end(), DATE, f"{y:04d}-04/{y + 1:04d}-03", date(y, 4, 1),
            date(y + 1, 3, 31), "month", _DOCUMENT,
        )  # fmt: skip

    def _slash_day_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "22/04 को": day/month without a year, day first as in India; only before को,
        से or तक, which a fraction or a score does not take."""
        day, month = int(m["d"]), int(m["m"])
        if not 1 <= day <= 31 or not 1 <= month <= 12:
            return None
        return self._day_month(m.start(), m.end(), month, day, ctx)

    def _weekday_of_week(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "शुक्रवार अगले हफ्ते": the weekday of the named week."""
        if ctx.doc is None:
            return None
        wd = int(self.lex.get("weekday", m["wd"]) or 0)
        monday = (
            ctx.doc
            - timedelta(days=ctx.doc.weekday())
            + timedelta(days=7 * self._modifier(m["mod"]))
        )
        return _day_cand(m.start(), m.end(), monday + timedelta(days=wd), _DOCUMENT)

    def _decade_of(self, cand: _Cand, m: re.Match[str], doc: date | None) -> _Cand:
        """ "इस सदी के पहले दशक", "20वीं सदी का आखिरी दशक": the k-th decade of a century.
        A relative century stays whole where its decade would lie over a hundred years
        before the document (the document-anchored dates' plausible range)."""
        k = int(self.number(m["ord"]) or 0)
        if cand.precision != "century" or m["sub"] != "दशक" or not cand.value:
            return cand
        if not cand.value.isdigit() or k not in (*range(1, 11), -1):
            return cand
        first = int(cand.value) * 100 + 10 * ((10 if k == -1 else k) - 1)
        if cand.anchor == _DOCUMENT and (doc is None or first < doc.year - 100):
            return cand
        return _decade_cand(cand.start, m.end(), first, cand.anchor)

    # -- refinements -------------------------------------------------------------------------

    def refine(self, cand: _Cand, text: str, doc: date | None = None) -> _Cand:
        """Narrow a month, year or week to a part: "दिसंबर की शुरुआत", "जनवरी की दूसरी
        छमाही", "2016 की तीसरी तिमाही". The value keeps the named unit; the interval narrows.
        A day widens to its week ("18 तारीख वाला हफ्ता"), a century narrows to a decade."""
        if cand.type == DATE and cand.precision == "day" and cand.start_date is not None:
            week = self.week_of.match(text, cand.end)
            if week is None or cand.start_date != cand.end_date:
                return cand
            # "18 तारीख वाला हफ्ता": the week holding that day
            return _week_cand(cand.start, week.end(), cand.start_date, cand.anchor)
        if cand.type != DATE or cand.precision not in ("month", "year", "week", "century"):
            return cand
        m = self.suffix.match(text, cand.end)
        if m is None:
            return cand
        if cand.precision == "century" or m["sub"] == "दशक":
            return self._decade_of(cand, m, doc)
        sd, ed = cand.start_date, cand.end_date
        if m["pom"]:
            if sd is None or ed is None:
                return replace(cand, end=m.end())
            part = self.lex.get("part_of_month", m["pom"])
            span = (ed - sd).days + 1
            third = max(span // 3, 1)
            if part == "start":
                sd, ed = sd, sd + timedelta(days=third - 1)
            elif part == "mid":
                sd, ed = sd + timedelta(days=third), ed - timedelta(days=third)
            else:
                sd = ed - timedelta(days=third - 1)
            return replace(cand, end=m.end(), start_date=sd, end_date=ed)
        k = int(self.number(m["ord"]) or 0)
        sub = m["sub"]
        if sd is None or ed is None:
            return replace(cand, end=m.end())
        if sub == "छमाही" and k in (1, 2, -1):
            if cand.precision == "year":
                return _half_cand(cand.start, m.end(), sd.year, 1 if k == 1 else 2, cand.anchor)
            middle = sd + timedelta(days=15)
            sd, ed = (sd, middle - timedelta(days=1)) if k == 1 else (middle, ed)
            return replace(cand, end=m.end(), start_date=sd, end_date=ed)
        if sub == "तिमाही" and cand.precision == "year" and k in (1, 2, 3, 4, -1):
            return _quarter_cand(cand.start, m.end(), sd.year, 4 if k == -1 else k, cand.anchor)
        if sub.startswith(("सप्ताह", "हफ")) and cand.precision in ("month", "year") and k:
            if k == -1:  # the week holding the period's last Thursday (ISO's rule for years)
                monday = ed - timedelta(days=3) - timedelta(days=(ed - timedelta(days=3)).weekday())
            elif cand.precision == "year":  # ISO week k
                monday = date.fromisocalendar(sd.year, k, 1) if k <= 52 else ed
            else:  # week 1 of a month is the week holding its first day
                monday = sd - timedelta(days=sd.weekday()) + timedelta(days=7 * (k - 1))
            if monday > ed:
                return cand
            return replace(_week_cand(cand.start, m.end(), monday, cand.anchor), ymd=None)
        return cand


def _unit_precision(unit: str) -> str | None:
    return {"D": "day", "W": "week", "M": "month", "Q": "quarter", "H": "half", "Y": "year",
            "DE": "decade", "CE": "century"}.get(unit)  # fmt: skip


def _duration_value(n: float | None, unit: str) -> str | None:
    code = {"D": "D", "W": "W", "M": "M", "Y": "Y", "Q": "Q", "H": "H", "DE": "DE", "CE": "CE",
            "TH": "H", "TM": "M", "TS": "S"}.get(unit)  # fmt: skip
    if code is None:
        return None
    amount = "X" if n is None else (str(int(n)) if n == int(n) else f"{n:g}")
    if code == "Q":
        amount, code = ("X" if n is None else f"{3 * n:g}"), "M"
    elif code == "H" and not unit.startswith("T"):
        amount, code = ("X" if n is None else f"{6 * n:g}"), "M"
    elif code == "DE":
        amount, code = ("X" if n is None else f"{10 * n:g}"), "Y"
    elif code == "CE":
        amount, code = ("X" if n is None else f"{100 * n:g}"), "Y"
    return f"PT{amount}{code}" if unit.startswith("T") else f"P{amount}{code}"


def _join_durations(a: str | None, b: str | None) -> str | None:
    if a is None or b is None:
        return a
    if a.startswith("PT") or b.startswith("PT"):
        return a + b[2:] if a.startswith("PT") else a + "T" + b[2:]
    return a + b[1:]


@lru_cache(maxsize=1)
def _patterns() -> _Patterns:
    return _Patterns(_lexicon())


# --------------------------------------------------------------------------------------------
# Public API


def extract_dates(
    text: str, sentences: Sequence[Span], document_date: date | None
) -> list[DateMention]:
    """Date and time expressions in ``text``, sorted and non-overlapping (longest wins).

    ``sentences`` give the clause whose tense anchors relative expressions; relative values
    are resolved against ``document_date`` only, and stay null (or ``XXXX``) without one.
    The rules run sentence by sentence (see ``_windows``), so no date joins the end of one
    sentence to the start of the next; without sentences the text is one.
    """
    if not text:
        return []
    pats = _patterns()
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
    chosen = _merge_ranges(chosen, text, pats)
    chosen = _list_days(chosen, text, pats)
    chosen = _now_ranges(chosen, text, pats, document_date)
    return [_to_mention(c, text) for c in chosen]


def _windows(spans: Sequence[Span], length: int) -> list[tuple[int, int]]:
    """Each sentence with the gap after it (the first from 0, the last to the end): the
    rules run per window, so a rule runs only where its words are, not on the whole text."""
    starts = sorted({0, *(s.start for s in spans if 0 < s.start < length)})
    return list(zip(starts, [*starts[1:], length], strict=True))


def _select(found: list[_Cand]) -> list[_Cand]:
    """Longest match wins; among equals, the earlier rule (the list order) does."""
    order = sorted(
        range(len(found)), key=lambda i: (-(found[i].end - found[i].start), found[i].start, i)
    )
    taken: list[tuple[int, int]] = []
    chosen: list[_Cand] = []
    for i in order:
        c = found[i]
        j = bisect.bisect_left(taken, (c.start, c.end))
        if j > 0 and taken[j - 1][1] > c.start:
            continue
        if j < len(taken) and taken[j][0] < c.end:
            continue
        taken.insert(j, (c.start, c.end))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _merge_ranges(cands: list[_Cand], text: str, pats: _Patterns) -> list[_Cand]:
    """Join "19 अगस्त से 21 अगस्त", "2014-2018", "जनवरी से अप्रैल 2015" into one range."""
    out: list[_Cand] = []
    for c in cands:
        prev = out[-1] if out else None
        if (
            prev is not None
            and prev.type == DATE
            and c.type == DATE
            and prev.precision in ("day", "month", "year")
            and c.precision in ("day", "month", "year")
            and "/" not in (prev.value or "/")
            and "/" not in (c.value or "/")
            and (join := pats.range_join.fullmatch(text, prev.end, c.start))
            and (not join["and"] or pats.between.match(text, c.end))
        ):
            left = prev
            c = _after(c, prev)
            if (
                c.explicit_year
                and not prev.explicit_year
                and prev.ymd
                and c.ymd
                and c.ymd[0] is not None
                and prev.precision != "year"
            ):  # the year written once at the end belongs to both ends
                y = c.ymd[0]
                if (prev.ymd[1], prev.ymd[2] or 1) > (c.ymd[1], c.ymd[2] or 1):
                    y -= 1
                left = _rebuild(prev, y)
            if (
                left.start_date is not None
                and c.end_date is not None
                and left.start_date <= c.end_date
                and left.value
                and c.value
            ):
                out[-1] = _Cand(left.start, c.end, DATE, f"{left.value}/{c.value}", left.start_date,
                                c.end_date, left.precision, left.anchor if left.anchor == c.anchor else _DOCUMENT)  # fmt: skip  # noqa: E501
                continue
        out.append(c)
    return out


def _after(c: _Cand, left: _Cand) -> _Cand:
    """A bare weekday ending a range is the first one on or after the range's start
    ("अगले सप्ताह बुधवार और शुक्रवार के बीच" is that week's Friday)."""
    if c.weekday is None or c.start_date is None or left.start_date is None:
        return c
    if c.start_date >= left.start_date:
        return c
    d = left.start_date + timedelta(days=(c.weekday - left.start_date.weekday()) % 7)
    return replace(_day_cand(c.start, c.end, d, _DOCUMENT), weekday=c.weekday)


_DAY_FIRST = re.compile(r"[0-9०-९]{1,2}\s*[^\s0-9०-९\-/.]")


def _list_days(cands: list[_Cand], text: str, pats: _Patterns) -> list[_Cand]:
    """ "24 , 26 व 28 नवंबर": each day listed before a day-month is a date of that month
    (and year), in increasing order; a list is not a range ("5 और 12 अक्टूबर")."""
    out: list[_Cand] = []
    for c in cands:
        if (
            c.type == DATE
            and c.precision == "day"
            and c.ymd is not None
            and c.ymd[2] is not None
            and c.value
            and "/" not in c.value
            and _DAY_FIRST.match(text, c.start)
        ):
            y, month, last = c.ymd
            day = last or 0
            lo, pos, listed = (out[-1].end if out else 0), c.start, []
            while m := pats.list_day.search(text, max(lo, pos - 12), pos):
                d = int(m["d"].translate(_DEVANAGARI_DIGITS))
                if not 1 <= d < day or _safe_date(2000 if y is None else y, month, d) is None:
                    break
                if y is None:
                    listed.append(_Cand(m.start("d"), m.end("d"), DATE, f"XXXX-{month:02d}-{d:02d}",
                                        None, None, "day", _NONE, (None, month, d)))  # fmt: skip
                else:
                    listed.append(_day_cand(m.start("d"), m.end("d"), date(y, month, d), c.anchor,
                                            (y, month, d), c.explicit_year))  # fmt: skip
                day, pos = d, m.start()
            out.extend(reversed(listed))
        out.append(c)
    return out


def _now_ranges(cands: list[_Cand], text: str, pats: _Patterns, doc: date | None) -> list[_Cand]:
    """ "22 जनवरी से अब तक" runs to the document date, "अभी से 15 नवंबर तक" from it."""
    if doc is None:
        return cands
    out: list[_Cand] = []
    for i, c in enumerate(cands):
        nxt = cands[i + 1].start if i + 1 < len(cands) else len(text)
        lo = out[-1].end if out else 0
        if c.type == DATE and c.value and "/" not in c.value and c.precision in _RANGE_ENDS:
            c = _to_or_from_now(c, text, pats, doc, lo, nxt)
        out.append(c)
    return out


_RANGE_ENDS = ("day", "month", "year")


def _to_or_from_now(c: _Cand, text: str, pats: _Patterns, doc: date, lo: int, nxt: int) -> _Cand:
    after = pats.until_now.match(text, c.end)
    if after and after.end("now") <= nxt:
        c = _looking_back(c, doc)
        if c.start_date is not None and c.start_date <= doc:
            # the start keeps its anchor: "1526 से अब तक" starts at an explicit year
            return _Cand(c.start, after.end("now"), DATE, f"{c.value}/{doc.isoformat()}",
                         c.start_date, doc, c.precision, c.anchor)  # fmt: skip
        return c
    before = pats.from_now.search(text, max(lo, c.start - 12), c.start)
    if before and pats.till.match(text, c.end) and c.end_date is not None and c.end_date >= doc:
        return _Cand(before.start(), c.end, DATE, f"{doc.isoformat()}/{c.value}", doc,
                     c.end_date, "day", _DOCUMENT)  # fmt: skip
    return c


def _looking_back(c: _Cand, doc: date) -> _Cand:
    """A day or month resolved past the document date, read back instead: "जनवरी से अब
    तक" started in the past whatever the verb says."""
    if c.anchor != _DOCUMENT or c.ymd is None or c.start_date is None or c.start_date <= doc:
        return c
    _, month, day = c.ymd
    if day is None:
        y = _resolve_month_year(month, doc, -1, same_year=False)
        return _month_cand(c.start, c.end, y, month, _DOCUMENT, False)
    d = _resolve_day_month(month, day, doc, -1)
    return c if d is None else _day_cand(c.start, c.end, d, _DOCUMENT, ymd=(d.year, month, day))


def _rebuild(c: _Cand, year: int) -> _Cand:
    assert c.ymd is not None
    _, month, day = c.ymd
    if day is None:
        return replace(_month_cand(c.start, c.end, year, month, _EXPLICIT, True))
    d = _safe_date(year, month, day)
    return (
        c
        if d is None
        else _day_cand(c.start, c.end, d, _EXPLICIT, ymd=(year, month, day), explicit_year=True)
    )


def _to_mention(c: _Cand, text: str) -> DateMention:
    sd, ed = c.start_date, c.end_date
    if sd is not None and ed is not None and sd > ed:
        sd, ed = ed, sd
    return DateMention(
        start=c.start, end=c.end, surface=text[c.start : c.end], type=c.type, value=c.value,
        start_date=sd, end_date=ed, precision=c.precision, anchor=c.anchor,
    )  # fmt: skip
