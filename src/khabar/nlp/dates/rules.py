"""The date rules, one record each, grouped by what they name (day, month, year, ...).

A rule is a pattern written in the lexicon's named classes (``{month}``, ``{weekday}``, ...;
see ``lexicon.classes``), every pattern starting at a word start; a gate, the kinds of word
a sentence must hold for the rule to run at all (each entry a gate name from
``lexicon.gates``, ``a|b`` for either, or a set of words); the handler (a method of
``handlers._Handlers``) that turns a match into a value; a priority; and examples with the
value the rule alone gives them, checked by ``tests/unit/test_date_rules.py``.

Priority is the order rules run in: where two rules find spans of the same length at the
same place, the lower number wins. Adding a rule: one record here, its examples, and (if it
needs one) a new handler; give it the next free priority unless it must win over another.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

# The document date examples are resolved against (unless they give their own): a Friday.
DOC = date(2024, 3, 15)


@dataclass(frozen=True, slots=True)
class Example:
    """A text, the value the rule gives it, the span it matches (the whole text unless
    given) and the document date (``DOC`` unless given; None: no document date)."""

    text: str
    value: str | None
    surface: str | None = None
    doc: date | None = DOC


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    priority: int
    pattern: str
    gate: tuple[str | frozenset[str], ...]
    handler: str
    examples: tuple[Example, ...]
    ignorecase: bool = True


def words(*forms: str) -> frozenset[str]:
    """A gate of literal words (tokens, casefolded)."""
    return frozenset(forms)


# A day: a date, a weekday, a day of some month.
DAY: tuple[Rule, ...] = (
    Rule(
        name="day_month_year",
        priority=2,
        pattern=r"{wd_prefix}(?P<d>{day})(?:\s*|-|\s*,\s*)(?P<m>{month})(?:(?:\s*,\s*|\s+|-)(?P<y>{year}))?",
        gate=("month", "numeric"),
        handler="dmy",
        examples=(
            Example("15 अगस्त 2023", "2023-08-15"),
            Example("सोमवार, 5 मार्च", "2024-03-05"),
        ),
    ),
    Rule(
        name="month_day_year",
        priority=3,
        pattern=r"{wd_prefix}(?P<m>{month})(?:\s*|-|\s*/\s*|\s+की\s+)(?P<d>[0-3]?[0-9](?:st|nd|rd|th)?{nodigit}|[०-३]?[०-९]{nodigit}|{number}{rb})(?!\s*(?:-|से)\s*[0-9])(?:(?:\s+{tarikh})?\s*,?\s*(?:(?:सन्|सन)\s+)?(?P<y>{year}))?",
        gate=("month", "numeric"),
        handler="dmy",
        examples=(
            Example("March 5, 2020", "2020-03-05"),
            Example("जनवरी 26", "2024-01-26"),
        ),
    ),
    Rule(
        name="numeric_date",
        priority=6,
        pattern=r"(?P<a>[0-9]{1,4})(?P<s>[/.\-])(?P<b>[0-9]{1,2})(?P=s)(?P<c>[0-9]{2,4}){nodigit}(?![/.\-][0-9])",
        gate=("#d",),
        handler="numeric",
        examples=(
            Example("15/08/2019", "2019-08-15"),
            Example("2019-08-15", "2019-08-15"),
        ),
        ignorecase=False,
    ),
    Rule(
        name="day_of_month",
        priority=8,
        pattern=r"(?:उस\s+)?{wd_prefix}(?P<d>{day})\s+{tarikh}(?:\s+(?P<wd2>{weekday}))?",
        gate=("tarikh", "numeric"),
        handler="day_of_month",
        examples=(Example("22 तारीख", "2024-03-22"),),
    ),
    Rule(
        name="relative_day",
        priority=13,
        pattern=r"(?P<rel>{relative_day})(?:\s+(?P<pod>{part_of_day}))?",
        gate=("relative_day",),
        handler="relative_day",
        examples=(
            Example("आज", "2024-03-15"),
            Example("कल सुबह", "2024-03-14TMO"),
        ),
    ),
    Rule(
        name="weekday",
        priority=14,
        pattern=r"(?P<wd>{weekday})(?:\s+(?P<pod>{part_of_day}))?",
        gate=("weekday",),
        handler="weekday",
        examples=(
            Example("बुधवार", "2024-03-13"),
            Example("बुधवार", "XXXX-WXX-3", doc=None),
        ),
        ignorecase=False,
    ),
    Rule(
        name="nth_weekday",
        priority=25,
        pattern=r"(?:(?:(?P<mod>{modifier})\s+{month_unit}|(?P<m>{month}))\s+(?:के|की|का)\s+)?(?P<ord>{ordinal})\s+(?P<wd>{weekday})",
        gate=("ordinal", "weekday"),
        handler="nth_weekday",
        examples=(
            Example("जुलाई के पहले शुक्रवार", "2024-07-05"),
            Example("अगले महीने का दूसरा सोमवार", "2024-04-08"),
        ),
    ),
    Rule(
        name="day_of_relative_month",
        priority=26,
        pattern=r"(?P<mod>{modifier})\s+{month_unit}\s+(?:(?P<gen>की|के)\s+)?(?P<d1>{day})(?:\s*(?:-|–|से\s+लेकर|से)\s*(?P<d2>{day}))?(?:\s+(?P<t>{tarikh}))?",
        gate=("modifier", "unit", "numeric"),
        handler="month_day",
        examples=(
            Example("अगले महीने की 20 तारीख", "2024-04-20"),
            Example("इस महीने 4 से 22", "2024-03-04/2024-03-22"),
        ),
    ),
    Rule(
        name="year_day_month",
        priority=33,
        pattern=r"(?P<y>{year})\s+(?:में|के|की)\s+(?P<d>{day})\s*(?P<m>{month})",
        gate=("month", "numeric"),
        handler="dmy",
        examples=(Example("2024 में 15 अगस्त", "2024-08-15"),),
    ),
    Rule(
        name="that_day",
        priority=34,
        pattern=r"उस\s+(?P<d>[0-3]?[0-9]{nodigit}|{number})(?=\s+को{rb})",
        gate=(words("उस"), "numeric"),
        handler="that_day",
        examples=(Example("उस 27 को", "2024-03-27", surface="उस 27"),),
    ),
    Rule(
        name="weekday_of_week",
        priority=35,
        pattern=r"(?P<wd>{weekday})\s+(?P<mod>{modifier})\s+(?P<u>{week})",
        gate=("weekday", "modifier"),
        handler="weekday_of_week",
        examples=(Example("शुक्रवार अगले हफ्ते", "2024-03-22"),),
    ),
    Rule(
        name="slash_day_month",
        priority=41,
        pattern=r"(?P<d>[0-3]?[0-9])/(?P<m>[01]?[0-9]){nodigit}(?![/.\-][0-9])(?=\s*(?:को|से|तक){rb})",
        gate=("#d",),
        handler="slash_day_month",
        examples=(Example("22/04 को", "2024-04-22", surface="22/04"),),
        ignorecase=False,
    ),
)

# A week or a weekend.
WEEK: tuple[Rule, ...] = (
    Rule(
        name="weekend",
        priority=28,
        pattern=r"(?:(?P<mod>{modifier})\s+)?(?:{weekend}){rb}",
        gate=("weekend",),
        handler="weekend",
        examples=(Example("इस सप्ताहांत", "2024-W11-WE"),),
    ),
)

# A month.
MONTH: tuple[Rule, ...] = (
    Rule(
        name="month_year",
        priority=4,
        pattern=r"(?P<m>{month})(?:\s*,\s*|\s+|\s*-\s*)(?P<y>{year})",
        gate=("month", "numeric"),
        handler="month_year",
        examples=(Example("जनवरी 2015", "2015-01"),),
    ),
    Rule(
        name="year_month",
        priority=5,
        pattern=r"(?P<y>{year})(?:\s*,\s*|\s+)(?P<m>{month})",
        gate=("month", "numeric"),
        handler="month_year",
        examples=(Example("2015 जनवरी", "2015-01"),),
    ),
    Rule(
        name="numeric_month",
        priority=7,
        pattern=r"(?:(?P<y>(?:19|20)[0-9]{2})\s*[/\-]\s*(?P<m>[0-9]{1,2})|(?P<m2>[0-9]{1,2})\s*[/\-]\s*(?P<y2>(?:19|20)[0-9]{2})){nodigit}(?![/.\-][0-9])",
        gate=("#d",),
        handler="numeric_month",
        examples=(
            Example("2019/08", "2019-08"),
            Example("08/2019", "2019-08"),
        ),
        ignorecase=False,
    ),
    Rule(
        name="bare_month",
        priority=19,
        pattern=r"(?P<m>{month_hi})(?:\s+{month_unit}{rb})?",
        gate=("month",),
        handler="bare_month",
        examples=(Example("अगस्त में", "2024-08", surface="अगस्त"),),
        ignorecase=False,
    ),
    Rule(
        name="modifier_month_abbreviation",
        priority=27,
        pattern=r"(?P<mod>{modifier})\s+(?P<m>{month_abbr_hi})",
        gate=("modifier", "month"),
        handler="modified_named",
        examples=(Example("इस अग.", "2024-08"),),
    ),
    Rule(
        name="year_of_month",
        priority=38,
        pattern=r"(?P<y>{year}|{compact_year})\s+(?:के|की|का)\s+(?P<m>{month})",
        gate=("month", "numeric|year_words|hundreds"),
        handler="month_year",
        examples=(
            Example("2015 के जनवरी", "2015-01"),
            Example("उन्नीस निन्यानवे की जनवरी", "1999-01"),
        ),
    ),
)

# A year and its parts, decades, centuries, seasons.
YEAR: tuple[Rule, ...] = (
    Rule(
        name="prefixed_year",
        priority=15,
        pattern=r"(?P<pre>{year_prefix})\s+(?P<y>{year})",
        gate=("year_prefix", "numeric"),
        handler="prefixed_year",
        examples=(
            Example("साल 2019", "2019"),
            Example("सन 1947", "1947"),
        ),
    ),
    Rule(
        name="bare_year",
        priority=16,
        pattern=r"(?P<y>[12][0-9]{3}|[१२][०-९]{3}){nodigit}{rb}",
        gate=("#d",),
        handler="bare_year",
        examples=(Example("2019 में", "2019", surface="2019"),),
        ignorecase=False,
    ),
    Rule(
        name="decade",
        priority=17,
        pattern=r"(?P<y>[12][0-9]{3}|[0-9]0|{number}|{year_words})(?:\s*(?:'?s|के|का|की))?\s+(?:दशक|दशकों){rb}",
        gate=(words("दशक", "दशकों"),),
        handler="decade",
        examples=(
            Example("1990 के दशक", "199"),
            Example("अस्सी के दशक", "198"),
        ),
        ignorecase=False,
    ),
    Rule(
        name="century",
        priority=18,
        pattern=r"(?P<n>[0-9]{1,2}|{number})\s*(?:वीं|वी|वें)\s+(?:सदी|शताब्दी){rb}",
        gate=(words("सदी", "शताब्दी"),),
        handler="century",
        examples=(Example("21वीं सदी", "20"),),
        ignorecase=False,
    ),
    Rule(
        name="season",
        priority=29,
        pattern=r"(?:(?P<mod>{modifier})\s+|(?P<y>{year})\s+(?:के|की|का)\s+)(?P<s>{season}){rb}",
        gate=("season",),
        handler="season",
        examples=(
            Example("2016 की गर्मियों", "2016-SU"),
            Example("इस सर्दी", "2024-WI"),
        ),
    ),
    Rule(
        name="quarter_half",
        priority=30,
        pattern=r"(?P<ord>{ordinal})\s+(?P<u>तिमाही|छमाही)\s+(?:(?:के|की|का)\s+)?(?:(?:साल|वर्ष|सन्|सन)\s+)?(?P<y>{year})",
        gate=("ordinal", words("तिमाही", "छमाही")),
        handler="ordinal_part_year",
        examples=(
            Example("पहली तिमाही 2016", "2016-Q1"),
            Example("दूसरी छमाही 2019", "2019-H2"),
        ),
    ),
    Rule(
        name="year_in_words",
        priority=31,
        pattern=r"(?P<y>(?:उन्नीस|अठारह)\s+सौ(?:\s+{number})?|दो\s+हज़?ार\s+{number}){rb}",
        gate=("year_words",),
        handler="bare_year",
        examples=(Example("उन्नीस सौ निन्यानवे", "1999"),),
        ignorecase=False,
    ),
)

# A span between two dates: ranges, fiscal years, the rest of a period.
RANGE: tuple[Rule, ...] = (
    Rule(
        name="fiscal_year",
        priority=0,
        pattern=r"(?:(?:(?:वित्त|वित्तीय|वित्तिय)\s+)?(?:वर्ष|साल|सत्र)\s+)?(?P<y>(?:19|20)[0-9]{2})\s*[-–/]\s*(?P<y2>[0-9]{2}){nodigit}(?![/.\-][0-9])",
        gate=("#d",),
        handler="fiscal_year",
        examples=(Example("वित्त वर्ष 2016-17", "2016-04/2017-03"),),
        ignorecase=False,
    ),
    Rule(
        name="day_range_month",
        priority=1,
        pattern=r"(?P<d1>{day})\s*(?P<join>-|–|से\s+लेकर|से|और|to)\s*(?P<d2>{day})\s*(?P<m>{month})(?:\s*,?\s*(?P<y>{year}))?",
        gate=("month", "numeric"),
        handler="range_dm",
        examples=(
            Example("19-21 अगस्त 2024", "2024-08-19/2024-08-21"),
            Example("5 से 9 मार्च", "2024-03-05/2024-03-09"),
        ),
    ),
    Rule(
        name="year_day_range_month",
        priority=32,
        pattern=r"(?P<y>{year})\s+(?:में|के|की)\s+(?P<d1>{day})\s*(?P<join>-|–|से\s+लेकर|से|और|to)\s*(?P<d2>{day})\s*(?P<m>{month})",
        gate=("month", "numeric"),
        handler="range_dm",
        examples=(Example("2024 में 19-21 अगस्त", "2024-08-19/2024-08-21"),),
    ),
    Rule(
        name="rest_of",
        priority=36,
        pattern=r"(?:(?:(?:इस|उस)\s+)?(?P<u>{rest_unit})\s+(?:के|में)\s+बाकी(?:\s+(?:के\s+)?(?:समय|दिन|दिनों))?|बाकी\s+(?:के\s+)?(?P<u2>{rest_unit})){rb}",
        gate=(words("बाकी"),),
        handler="rest_of",
        examples=(
            Example("हफ्ते के बाकी समय", "2024-03-15/2024-03-17"),
            Example("बाकी के साल", "2024-03-15/2024-12-31"),
        ),
        ignorecase=False,
    ),
    Rule(
        name="relative_fiscal_year",
        priority=40,
        pattern=r"(?P<mod>{modifier})\s+(?:वित्त|वित्तीय)\s+(?:वर्ष|साल){rb}(?!\s*[0-9०-९])",
        gate=("modifier", words("वित्त", "वित्तीय")),
        handler="relative_fiscal_year",
        examples=(Example("पिछले वित्त वर्ष", "2022-04/2023-03"),),
    ),
)

# Durations and periods counted from the document date or left unresolved.
RELATIVE: tuple[Rule, ...] = (
    Rule(
        name="modifier_unit",
        priority=9,
        pattern=r"(?P<mod>{modifier})\s+(?:(?P<n>{count})\s+)?(?P<u>{unit})(?:(?:\s+(?:के|की|का))?\s+(?P<m>{month_hi}|(?P<wd>{weekday})))?",
        gate=("modifier", "unit"),
        handler="modified",
        examples=(
            Example("पिछले साल", "2023"),
            Example("अगले महीने", "2024-04"),
            Example("पिछले तीन साल", "P3Y"),
        ),
    ),
    Rule(
        name="modifier_name",
        priority=10,
        pattern=r"(?P<mod>{modifier})\s+(?P<m>{month_hi}|(?P<wd>{weekday}))",
        gate=("modifier", "month|weekday"),
        handler="modified_named",
        examples=(
            Example("पिछले रविवार", "2024-03-10"),
            Example("इस अगस्त", "2024-08"),
        ),
    ),
    Rule(
        name="count_unit",
        priority=11,
        pattern=r"(?:(?P<base>{relative_day}|अब|अभी)\s+से\s+)?{approx}(?P<n>{count})\s+(?P<u>{unit})(?:\s+(?:और\s+)?(?P<n2>{count})\s+(?P<u2>{unit}))?(?:\s+(?:और\s+)?(?P<n3>{count})\s+(?P<u3>{unit}))?(?:\s+(?P<dir>पहले|पूर्व|बाद|ago|later|later on){rb}|(?P<within>\s+के\s+(?:भीतर|अंदर|अन्दर){rb})|(?=\s+(?P<in>में|in){rb}))?",  # noqa: E501
        gate=("unit", "counted"),
        handler="count_unit",
        examples=(
            Example("तीन दिन पहले", "2024-03-12"),
            Example("पांच दिन", "P5D"),
        ),
    ),
    Rule(
        name="count_unit_adjective",
        priority=12,
        pattern=r"(?P<n>{count})[\s-]+(?P<u>{unit_adj}){rb}",
        gate=("unit_adj",),
        handler="unit_adj",
        examples=(Example("तीन दिवसीय", "P3D"),),
    ),
    Rule(
        name="anaphoric",
        priority=37,
        pattern=r"(?:उसी|उस)\s+(?P<u>दिन|{week}|महीने|माह|साल|वर्ष|{weekend}){rb}",
        gate=(words("उस", "उसी"),),
        handler="anaphoric",
        examples=(
            Example("उसी दिन", "XXXX-XX-XX"),
            Example("उस साल", "XXXX"),
        ),
    ),
    Rule(
        name="ordinal_day",
        priority=39,
        pattern=r"(?P<ord>{ordinal})\s+(?:ही\s+)?दिन{rb}",
        gate=("ordinal", words("दिन")),
        handler="ordinal_day",
        examples=(Example("दूसरे दिन", "XXXX-XX-XX"),),
    ),
)

# A time of day.
TIME: tuple[Rule, ...] = (
    Rule(
        name="clock",
        priority=20,
        pattern=r"{approx}(?:(?P<rel>{relative_day})\s+|(?P<wd>{weekday})\s+)?(?:(?P<pod>{part_of_day})\s+)?(?:(?P<frac>साढ़े|साढे|सवा|पौने)\s+)?(?P<h>[0-9]{1,2}|[०-९]{1,2}|{number})(?:\s*[:.]\s*(?P<mi>[0-9]{2}))?\s+बजे{rb}(?:\s+(?P<pod2>{part_of_day}|दिन{rb}))?",
        gate=(words("बजे"),),
        handler="clock",
        examples=(
            Example("सुबह 10 बजे", "XXXX-XX-XXT10:00"),
            Example("कल शाम पांच बजे", "2024-03-14T17:00"),
        ),
    ),
    Rule(
        name="clock_colon",
        priority=21,
        pattern=r"(?P<h>[0-2]?[0-9]):(?P<mi>[0-5][0-9]){nodigit}(?:\s*(?P<ampm>am|pm|a\.m\.|p\.m\.))?",
        gate=("#colon",),
        handler="clock",
        examples=(Example("10:30 pm", "XXXX-XX-XXT22:30"),),
    ),
    Rule(
        name="part_of_day",
        priority=22,
        pattern=r"(?:(?P<late>देर|उसी|उस)\s+)?(?P<pod>{part_of_day})",
        gate=("part_of_day",),
        handler="part_of_day",
        examples=(Example("देर रात", "XXXX-XX-XXTNI"),),
        ignorecase=False,
    ),
)

# A repeating time (TIMEX3 SET).
SET: tuple[Rule, ...] = (
    Rule(
        name="set",
        priority=23,
        pattern=r"(?:{set_prefix})\s+(?:(?P<n>{count})\s+)?(?:(?P<u>{unit})|(?P<wd>{weekday})|(?P<m>{month_hi}))",
        gate=("set_prefix",),
        handler="set_expr",
        examples=(
            Example("हर सोमवार", "XXXX-WXX-1"),
            Example("हर साल", "P1Y"),
        ),
    ),
    Rule(
        name="set_word",
        priority=24,
        pattern=r"(?P<w>{set_word}){rb}",
        gate=("set_word",),
        handler="set_word",
        examples=(Example("रोजाना", "P1D"),),
    ),
)

RULES: tuple[Rule, ...] = tuple(
    sorted(DAY + WEEK + MONTH + YEAR + RANGE + RELATIVE + TIME + SET, key=lambda r: r.priority)
)
