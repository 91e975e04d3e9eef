"""After the rules: choose among overlapping candidates, then join them into ranges ("19
अगस्त से 21 अगस्त"), lists of days ("24, 26 व 28 नवंबर") and spans to or from now."""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta

from khabar.nlp.dates.handlers import _Handlers
from khabar.nlp.dates.lexicon import _DEVANAGARI_DIGITS
from khabar.nlp.dates.resolution import (
    _DOCUMENT,
    _EXPLICIT,
    _NONE,
    DATE,
    _Cand,
    _day_cand,
    _month_cand,
    _resolve_day_month,
    _resolve_month_year,
    _safe_date,
)


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


def _merge_ranges(cands: list[_Cand], text: str, pats: _Handlers) -> list[_Cand]:
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


def _list_days(cands: list[_Cand], text: str, pats: _Handlers) -> list[_Cand]:
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


def _now_ranges(cands: list[_Cand], text: str, pats: _Handlers, doc: date | None) -> list[_Cand]:
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


def _to_or_from_now(c: _Cand, text: str, pats: _Handlers, doc: date, lo: int, nxt: int) -> _Cand:
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
