"""Properties of extract_dates that must hold for every input (hypothesis)."""

from __future__ import annotations

import calendar
import csv
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.model import Span
from khabar.nlp.dates import extract_dates
from khabar.resources import reference_path

_LEXICON = list(csv.DictReader(reference_path("date_lexicon.csv").open(encoding="utf-8")))
MONTH_FORMS = sorted(
    (row["form"], int(row["value"]))
    for row in _LEXICON
    if row["kind"] == "month" or (row["kind"] == "month_abbr" and row["form"].endswith("."))
)
DEVANAGARI = str.maketrans("0123456789", "०१२३४५६७८९")


@st.composite
def day_month_year(draw: st.DrawFn) -> tuple[str, date]:
    form, month = draw(st.sampled_from(MONTH_FORMS))
    year = draw(st.integers(1900, 2100))
    day = draw(st.integers(1, calendar.monthrange(year, month)[1]))
    layout = draw(st.sampled_from(["{d} {m} {y}", "{d} {m}, {y}", "{m} {d}, {y}", "{d}-{m}-{y}"]))
    text = layout.format(d=day, m=form, y=year)
    if draw(st.booleans()) and not form.isascii():
        text = text.translate(DEVANAGARI)
    return text, date(year, month, day)


@settings(max_examples=300, deadline=None)
@given(day_month_year(), st.sampled_from(["{} को बैठक हुई।", "बैठक {} को होगी।", "{}"]))
def test_every_spelling_round_trips(case: tuple[str, date], frame: str) -> None:
    expression, expected = case
    text = frame.format(expression)
    mentions = extract_dates(text, [Span(0, len(text))], None)
    assert [(m.surface, m.value) for m in mentions] == [(expression, expected.isoformat())]
    assert mentions[0].start_date == mentions[0].end_date == expected


_DATE_WORDS = st.sampled_from(
    ["कल", "आज", "परसों", "पिछले", "अगले", "इस", "साल", "महीने", "सप्ताह", "दिन", "से", "तक",
     "-", "21", "३१", "2024", "अगस्त", "फ़रवरी", "बुधवार", "की", "शुरुआत", "दूसरी", "छमाही",
     "तीन", "पहले", "बाद", "हर", "दशक", "सुबह", "बजे", "के", "भीतर", "था", "होगा", "।"]
)  # fmt: skip


@settings(max_examples=300, deadline=None)
@given(st.lists(_DATE_WORDS, max_size=12), st.dates(date(1, 1, 1), date(9999, 12, 31)) | st.none())
def test_intervals_are_ordered(words: list[str], doc: date | None) -> None:
    text = " ".join(words)
    for m in extract_dates(text, [Span(0, len(text))], doc):
        assert text[m.start : m.end] == m.surface
        if m.start_date is not None and m.end_date is not None:
            assert m.start_date <= m.end_date


@settings(max_examples=300, deadline=None)
@given(st.text(), st.dates() | st.none())
def test_arbitrary_unicode_never_raises(text: str, doc: date | None) -> None:
    mentions = extract_dates(text, [Span(0, len(text))], doc)
    assert all(text[m.start : m.end] == m.surface for m in mentions)
