"""Candidates and their calendar: the interval a matched expression names, resolved against
the document date in the direction the clause's tense points."""

from __future__ import annotations

import bisect
import calendar
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from khabar.model import Span
from khabar.nlp.tense import FUTURE, PAST, tense_after

DATE = "DATE"
TIME = "TIME"
DURATION = "DURATION"
SET = "SET"

_EXPLICIT = "explicit"
_DOCUMENT = "document"
_NONE = "none"


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


_NEAR_DAYS = 10  # a day this close to the report on the "wrong" side is still this year's


def _resolve_day_month(m: int, d: int, doc: date, direction: int) -> date | None:
    """Nearest occurrence of day ``d`` of month ``m`` in the direction the tense points,
    unless the day lies within ``_NEAR_DAYS`` on the other side: the tense is often the
    reporting verb's ("7 मई से विमान भेजने की योजना की घोषणा की थी", written on 5 May, is
    this May, not last year's)."""
    options = [x for y in (doc.year - 1, doc.year, doc.year + 1) if (x := _safe_date(y, m, d))]
    if not options:
        return None
    nearest = min(options, key=lambda x: abs((x - doc).days))
    if direction != 0 and abs((nearest - doc).days) <= _NEAR_DAYS:
        return nearest
    if direction < 0:
        past = [x for x in options if x <= doc]
        return max(past) if past else None
    if direction > 0:
        future = [x for x in options if x >= doc]
        return min(future) if future else None
    return nearest


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
