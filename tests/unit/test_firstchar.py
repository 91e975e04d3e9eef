"""The first-character guard: which characters a pattern can start with, and date rules
that find exactly what they found without it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from khabar.nlp import dates
from khabar.nlp.dates.lexicon import load_date_lexicon
from khabar.text.firstchar import first_chars, guard_first_char

SEED_ARTICLES = Path(__file__).resolve().parents[2] / "seeds" / "articles"


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("abc", "[a]"),
        ("(?:कल|आज)", "[आक]"),
        ("(?P<d>[0-3]?[0-9])", "[0-30-9]"),  # an optional first item lets the next start
        (r"(?:करीब\s+)?(?:आज|\d)", r"[\dआक]"),
        (r"(?=x)y", "[y]"),  # a lookahead consumes nothing: the class is y's
        (r"(?<![\w])a|b", "[ab]"),
        (r"\s*कल", r"[\sक]"),
        ("[a-c]x", "[a-c]"),
        (r"\.", r"[\.]"),
        ("a?", None),  # can match empty: it can start anywhere
        ("(?:a|)", None),
        (".x", None),  # any character
        ("[^a]x", None),  # a negated class is not listed here
        (r"(a)\1", "[a]"),  # only the first item decides
        (r"(a?)\1", None),  # a backreference first: not worked out
    ],
)
def test_first_characters(pattern: str, expected: str | None) -> None:
    assert first_chars(pattern) == expected


def test_the_guard_goes_after_the_lead_and_keeps_flags() -> None:
    regex = re.compile(r"(?<!\w)(?:Kal|आज)", re.IGNORECASE)
    guarded = guard_first_char(regex, r"(?<!\w)")
    assert guarded.pattern == r"(?<!\w)(?=[Kआ])(?:Kal|आज)"
    assert guarded.flags == regex.flags
    assert guarded.findall("kal aur आज, skal") == ["kal", "आज"]


def test_a_pattern_without_the_lead_or_known_first_characters_is_left_alone() -> None:
    plain = re.compile(r"(?:कल|आज)")
    assert guard_first_char(plain, r"(?<!\w)") is plain
    unknown = re.compile(r"(?<!\w).x")
    assert guard_first_char(unknown, r"(?<!\w)") is unknown
    grouped = re.compile(r"(?:(?<!\w)ab)")  # the lead cuts a group: the rest is no pattern
    assert guard_first_char(grouped, r"(?:(?<!\w)") is grouped


def _texts() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_ARTICLES.glob("*.txt"))]
    texts += [
        "19-21 अगस्त 2024 को बैठक हुई; 2019-20 में, 15/08 को, सुबह 10:30 बजे और पिछले सप्ताह।",
        "बीते मंगलवार से अगले शुक्रवार तक, दो हजार बीस की गर्मियों में, उस दिन, 1990 के दशक में।",
        "On 5 March 2020, last week, TODAY and Yesterday; तीसरी तिमाही 2021, हर सोमवार।",
    ]
    assert len(texts) > 3
    return texts


def test_every_date_rule_is_guarded_and_finds_what_the_plain_rule_finds() -> None:
    rules = dates.load_date_patterns().rules
    assert all(regex.pattern.startswith(dates._LB + "(?=[") for regex, _, _ in rules)
    plain_rules = dates._Patterns(load_date_lexicon(), guard=False).rules
    compared = 0
    for (regex, _, _), (plain, _, _) in zip(rules, plain_rules, strict=True):
        assert "(?=[" not in plain.pattern[: len(dates._LB) + 4]
        for text in _texts():
            guarded = [(m.span(), m.groupdict()) for m in regex.finditer(text)]
            assert guarded == [(m.span(), m.groupdict()) for m in plain.finditer(text)]
            compared += len(guarded)
    assert compared > 50  # the texts exercise the rules
