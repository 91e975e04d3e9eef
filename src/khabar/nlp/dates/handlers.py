"""Rule handlers: turn a rule's match into a candidate, or reject it (None).

A handler reads the match's named groups, checks what the pattern cannot (a day that exists,
a number that is no year), and resolves the value against the document date. ``refine``
then widens or narrows a candidate by the words after it ("... की शुरुआत", "... का दूसरा
सप्ताह").
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta

from khabar.nlp.dates.lexicon import (
    _DEVANAGARI_DIGITS,
    _LB,
    _RB,
    _SEASONS,
    _WEEK_WORDS,
    _WEEKEND,
    _WORD,
    _Lexicon,
    classes,
)
from khabar.nlp.dates.resolution import (
    _DOCUMENT,
    _EXPLICIT,
    _NONE,
    DATE,
    DURATION,
    SET,
    TIME,
    _add_months,
    _Cand,
    _century_cand,
    _Ctx,
    _day_cand,
    _decade_cand,
    _duration_value,
    _half_cand,
    _join_durations,
    _last_day,
    _month_cand,
    _quarter_cand,
    _resolve_day_month,
    _resolve_month_year,
    _resolve_weekday,
    _safe_date,
    _shift,
    _unit_precision,
    _week_cand,
    _year_cand,
)

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


def _glued(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is part of a longer number (a decimal, a price)."""
    return bool(
        _IN_NUMBER_BEFORE.search(text, max(0, start - 2), start)
        or _IN_NUMBER_AFTER.match(text, end)
    )


class _Handlers:
    """The rules' handlers and the regexes they and the range steps look around with."""

    def __init__(self, lex: _Lexicon) -> None:
        self.lex = lex
        c = classes(lex)
        self.suffix = re.compile(
            rf"(?:\s+(?:के|की|का|में))?\s+(?:(?P<ord>{c['ordinal']})\s+(?P<sub>{c['week']}|{c['week_direct']}|तिमाही|छमाही|दशक)|"
            rf"(?P<pom>{c['part_of_month']})){_RB}"
        )
        self.range_join = re.compile(
            r"\s*(?:-|–|—|से\s+लेकर|से|to|till|until)\s*|\s+(?P<and>और|and)\s+"
        )
        self.between = re.compile(r"\s+(?:के\s+)?(?:बीच|between)")
        self.month_next = re.compile(rf"\s+{c['month']}", re.IGNORECASE)
        self.month_before = re.compile(rf"{c['month']}\s+$", re.IGNORECASE)
        # "दो जून की रोटी" (two meals a day: a living) is an idiom, not the 2nd of June.
        self.meal = re.compile(rf"\s*(?:की|का|के)\s+(?:{c['meal']}){_RB}")
        self.meal_month = {int(v) for v in lex.kinds.get("meal", {}).values()}
        self.after_next = re.compile(rf"\s+के\s+बाद{_RB}")
        self.week_of = re.compile(
            rf"\s+(?:वाले|वाली|वाला)\s+(?:{c['week']}|{c['week_direct']}){_RB}"
        )
        # "24 , 26 व 28 नवंबर": the days listed before a day-month share its month
        self.list_day = re.compile(rf"{_LB}(?P<d>[0-3]?[0-9]|[०-३]?[०-९])\s*(?:,|व|और|एवं|तथा)\s*\Z")
        # "22 जनवरी से अब तक", "अभी से 15 नवंबर तक": ranges that end or start now
        self.until_now = re.compile(rf"\s*(?:से\s+लेकर|से)\s+(?P<now>अब|अभी){_RB}(?=\s+तक{_RB})")
        self.from_now = re.compile(rf"{_LB}(?:अब|अभी)\s+से\s+\Z")
        self.till = re.compile(rf"\s*(?:तक|के\s+बीच){_RB}")

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

    def dmy(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def range_dm(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def month_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = self.year(m["y"])
        month = self.month(m["m"])
        if y is None or not month or _glued(m.string, m.start(), m.end()):
            return None
        if self._in_table(m):
            return None
        if m.start("y") < m.start("m") and not 1900 <= y <= 2099:
            return None  # "1181 अक्टूबर": news writes a year before its month only lately
        return _month_cand(m.start(), m.end(), y, month, _EXPLICIT, True)

    def numeric(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def numeric_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        month, y = int(m["m"] or m["m2"]), int(m["y"] or m["y2"])
        if not 1 <= month <= 12:
            return None
        return _month_cand(m.start(), m.end(), y, month, _EXPLICIT, True)

    def day_of_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def modified(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def modified_named(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def count_unit(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def unit_adj(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        unit = self.lex.get("unit_adj", m["u"]) or ""
        value = _duration_value(self.number(m["n"]), unit)
        return _Cand(m.start(), m.end(), DURATION, value, None, None, None, _NONE)

    def relative_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def weekday(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def prefixed_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        y = self.year(m["y"])
        if y is None or not 1 <= y <= 2200:
            return None
        start = m.start("y") if m["pre"].lower() == "in" else m.start()
        return _year_cand(start, m.end(), y, _EXPLICIT)

    def bare_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def decade(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def century(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        n = self.number(m["n"])
        if n is None or not 1 <= n <= 30:
            return None
        return _century_cand(m.start(), m.end(), (int(n) - 1) * 100, _EXPLICIT)

    def bare_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def clock(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def part_of_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        code = self.lex.get("part_of_day", m["pod"])
        return _Cand(m.start(), m.end(), TIME, f"XXXX-XX-XXT{code}", None, None, None, _NONE)

    def set_expr(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def set_word(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        if _RATE_BEFORE.search(m.string, max(0, m.start() - 24), m.start()):
            return None  # "700 रुपये प्रतिदिन": a rate
        value = self.lex.get("set_word", m["w"])
        return _Cand(m.start(), m.end(), SET, value, None, None, None, _NONE)

    # -- constructions named by their parts -------------------------------------------------

    def fiscal_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def nth_weekday(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def month_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def weekend(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def season(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def ordinal_part_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "पहली तिमाही 2016", "दूसरी छमाही 2019"."""
        k, y = int(self.number(m["ord"]) or 0), self.year(m["y"])
        if y is None or not 1 <= y <= 9999:
            return None
        if m["u"] == "तिमाही" and k in (1, 2, 3, 4, -1):
            return _quarter_cand(m.start(), m.end(), y, 4 if k == -1 else k, _EXPLICIT)
        if m["u"] == "छमाही" and k in (1, 2, -1):
            return _half_cand(m.start(), m.end(), y, 1 if k == 1 else 2, _EXPLICIT)
        return None

    def that_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "उस 27 को": that day of the month. Number words under ten are people ("उस एक
        को"), not days."""
        if not m["d"][0].isdigit() and (self.number(m["d"]) or 0) < 10:
            return None
        return self.day_of_month(m, ctx)

    def rest_of(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def anaphoric(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def ordinal_day(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "दूसरे दिन", "तीसरे ही दिन": a day counted in the narrative, unresolved like
        "उसी दिन". Not "पहले दिन": पहले is as often "earlier"."""
        k = self.number(m["ord"])
        if k is None or k < 2:
            return None
        return _Cand(m.start(), m.end(), DATE, "XXXX-XX-XX", None, None, "day", _NONE)

    def relative_fiscal_year(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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

    def slash_day_month(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
        """ "22/04 को": day/month without a year, day first as in India; only before को,
        से or तक, which a fraction or a score does not take."""
        day, month = int(m["d"]), int(m["m"])
        if not 1 <= day <= 31 or not 1 <= month <= 12:
            return None
        return self._day_month(m.start(), m.end(), month, day, ctx)

    def weekday_of_week(self, m: re.Match[str], ctx: _Ctx) -> _Cand | None:
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
        if sub in _WEEK_WORDS and cand.precision in ("month", "year") and k:
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
