"""Event detection on synthetic sentences, with entity and date records built by hand."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.model import DateMention, EntityMention, EventMention
from khabar.nlp.events import Places, detect_events, load_triggers
from khabar.text.segment import segment

DOC = date(2025, 11, 17)
PLACES = Places(
    {
        "loc_moscow": "RU",
        "loc_russia": "RU",
        "loc_kremlin": "RU",
        "loc_new_delhi": "IN",
        "loc_india": "IN",
        "loc_ukraine": "UA",
        "loc_china": "CN",
        "loc_usa": "US",
    },
    {
        "RU": "loc_russia",
        "IN": "loc_india",
        "UA": "loc_ukraine",
        "CN": "loc_china",
        "US": "loc_usa",
    },
)
NAMES = {  # surface -> (entity id, label)
    "एस जयशंकर": ("per_s_jaishankar", "PER"),
    "जयशंकर": ("per_s_jaishankar", "PER"),
    "Jaishankar": ("per_s_jaishankar", "PER"),
    "सर्गेई लावरोव": ("per_sergey_lavrov", "PER"),
    "लावरोव": ("per_sergey_lavrov", "PER"),
    "Lavrov": ("per_sergey_lavrov", "PER"),
    "पुतिन": ("per_vladimir_putin", "PER"),
    "मोदी": ("per_narendra_modi", "PER"),
    "मंटुरोव": ("per_denis_manturov", "PER"),
    "मॉस्को": ("loc_moscow", "LOC"),
    "Moscow": ("loc_moscow", "LOC"),
    "क्रेमलिन": ("loc_kremlin", "LOC"),
    "नई दिल्ली": ("loc_new_delhi", "LOC"),
    "रूस": ("loc_russia", "LOC"),
    "भारत": ("loc_india", "LOC"),
    "यूक्रेन": ("loc_ukraine", "LOC"),
    "चीन": ("loc_china", "LOC"),
    "अमेरिका": ("loc_usa", "LOC"),
    "एससीओ": ("org_sco", "ORG"),
}
DATES = {  # surface -> (value, start, end, precision)
    "21 अगस्त": ("2025-08-21", date(2025, 8, 21), date(2025, 8, 21), "day"),
    "18 नवंबर": ("2025-11-18", date(2025, 11, 18), date(2025, 11, 18), "day"),
    "आज": ("2025-11-17", date(2025, 11, 17), date(2025, 11, 17), "day"),
    "बुधवार": ("2025-11-12", date(2025, 11, 12), date(2025, 11, 12), "day"),
    "शुक्रवार": ("2025-11-14", date(2025, 11, 14), date(2025, 11, 14), "day"),
    "दिसंबर": ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "month"),
    "2021 में": ("2021", date(2021, 1, 1), date(2021, 12, 31), "year"),
}


def _records(text: str) -> tuple[list[EntityMention], list[DateMention]]:
    """Entity and date mentions for every known surface, longest first, never overlapping."""
    taken: list[tuple[int, int]] = []
    entities: list[EntityMention] = []
    dates: list[DateMention] = []
    surfaces = sorted({*NAMES, *DATES}, key=len, reverse=True)
    for surface in surfaces:
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            boundary = end == len(text) or not text[end].isalnum() or surface in DATES
            if boundary and not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                if surface in NAMES:
                    entity_id, label = NAMES[surface]
                    entities.append(EntityMention(start, end, surface, label, entity_id))
                else:
                    value, first, last, precision = DATES[surface]
                    dates.append(
                        DateMention(
                            start, end, surface, "DATE", value, first, last, precision, "document"
                        )
                    )
            start = text.find(surface, end)
    return sorted(entities, key=lambda e: e.start), sorted(dates, key=lambda d: d.start)


def _detect(text: str) -> list[EventMention]:
    entities, dates = _records(text)
    return detect_events(text, segment(text), entities, dates, DOC, places=PLACES)


J, L, P, M = "per_s_jaishankar", "per_sergey_lavrov", "per_vladimir_putin", "per_narendra_modi"


@dataclass(frozen=True)
class Case:
    name: str
    text: str
    expect: dict[str, Any]  # fields of the (last) mention; empty means: no event at all


CASES = [
    Case(
        "ne agent, se counterpart, location with में",
        "एस जयशंकर ने मॉस्को में सर्गेई लावरोव से मुलाकात की।",
        {
            "type": "CONSULT",
            "mode": "meet",
            "actors": (J, L),
            "location": "loc_moscow",
            "status": "occurred",
            "date_value": None,
            "date_source": "none",
        },
    ),
    Case(
        "between-set with a हो light verb, date from the sentence",
        "लावरोव और जयशंकर के बीच आज मॉस्को में बातचीत होगी।",
        {
            "actors": (J, L),
            "status": "planned",
            "date_value": "2025-11-17",
            "date_source": "sentence",
            "location": "loc_moscow",
        },
    ),
    Case(
        "visit: visitor acts, host country receives",
        "जयशंकर 21 अगस्त को रूस दौरे पर रहने वाले हैं।",
        {
            "mode": "visit",
            "actors": (J,),
            "recipients": ("loc_russia",),
            "date_value": "2025-08-21",
            "status": "planned",
        },
    ),
    Case(
        "visit to a city: the country receives, the city is the location",
        "दिसंबर में पुतिन की नई दिल्ली यात्रा होगी।",
        {
            "mode": "visit",
            "actors": (P,),
            "recipients": ("loc_india",),
            "location": "loc_new_delhi",
            "date_value": "2025-12",
            "status": "planned",
        },
    ),
    Case(
        "visit with दौरा किया, title anaphora for the agent",
        "पुतिन ने निर्देश दिया। रूसी नेता ने आखिरी बार 2021 में भारत का दौरा किया था।",
        {"mode": "visit", "actors": (P,), "recipients": ("loc_india",), "date_value": "2021"},
    ),
    Case(
        "phone talks between two leaders",
        "मोदी और पुतिन ने शुक्रवार को टेलीफोन पर बातचीत की।",
        {"mode": "phone", "actors": (M, P), "date_value": "2025-11-14"},
    ),
    Case(
        "फोन ... किया with the agent in between",
        "फोन पुतिन ने किया था।",
        {"mode": "phone", "actors": (P,)},
    ),
    Case(
        "host frame: the guest acts, the host receives",
        "मोदी दिसंबर में पुतिन की मेजबानी करेंगे।",
        {"mode": "visit", "actors": (P,), "recipients": (M,), "status": "planned"},
    ),
    Case(
        "multilateral: the organisation's meeting",
        "एससीओ की बैठक 18 नवंबर को मॉस्को में होगी।",
        {
            "mode": "multilateral",
            "actors": ("org_sco",),
            "recipients": ("org_sco",),
            "date_value": "2025-11-18",
            "location": "loc_moscow",
        },
    ),
    Case(
        "support with an unmarked subject and a genitive recipient",
        "रूस भारत की दावेदारी का समर्थन करता है।",
        {
            "type": "SUPPORT",
            "actors": ("loc_russia",),
            "recipients": ("loc_india",),
            "status": "ongoing",
        },
    ),
    Case(
        "negation between noun and light verb",
        "जयशंकर ने लावरोव से मुलाकात नहीं की।",
        {"type": "CONSULT", "negated": True},
    ),
    Case(
        "इतना ही नहीं is not a negation",
        "इतना ही नहीं जयशंकर मंटुरोव से भी मिले थे।",
        {"actors": ("per_denis_manturov", J), "negated": False, "status": "occurred"},
    ),
    Case(
        "a pronoun takes the last agent",
        "जयशंकर रूस पहुंचे। उन्होंने लावरोव से मुलाकात की।",
        {"actors": (J, L), "mode": "meet"},
    ),
    Case(
        "दोनों नेताओं: the pair of the last meeting",
        "जयशंकर ने लावरोव से मुलाकात की। दोनों नेताओं ने व्यापार पर चर्चा की।",
        {"actors": (J, L)},
    ),
    Case(
        "English: subject, object and place",
        "Jaishankar met Lavrov in Moscow.",
        {"type": "CONSULT", "actors": (J, L), "location": "loc_moscow"},
    ),
    Case("a topic phrase is not a role", "दोनों देशों के बीच सहयोग पर चर्चा हुई।", {}),
    Case("an event needs an actor", "यह मुलाकात अहम है।", {}),
    Case(
        "सहयोग without a light verb is a topic, not COOPERATE",
        "जयशंकर और लावरोव ने सहयोग पर चर्चा की।",
        {"type": "CONSULT", "actors": (J, L)},
    ),
    Case(
        "THREATEN",
        "चीन ने भारत को धमकी दी।",
        {"type": "THREATEN", "actors": ("loc_china",), "recipients": ("loc_india",)},
    ),
    Case(
        "SANCTION",
        "अमेरिका ने रूस पर प्रतिबंध लगाए।",
        {"type": "SANCTION", "actors": ("loc_usa",), "recipients": ("loc_russia",)},
    ),
    Case(
        "ASSAULT",
        "रूस ने यूक्रेन पर हमला किया।",
        {"type": "ASSAULT", "actors": ("loc_russia",), "recipients": ("loc_ukraine",)},
    ),
    Case(
        "ACCUSE",
        "भारत ने चीन पर आरोप लगाया।",
        {"type": "ACCUSE", "actors": ("loc_india",), "recipients": ("loc_china",)},
    ),
    Case(
        "REQUEST",
        "भारत ने रूस से मदद की मांग की।",
        {"type": "REQUEST", "actors": ("loc_india",), "recipients": ("loc_russia",)},
    ),
    Case(
        "REJECT",
        "भारत ने चीन का प्रस्ताव खारिज कर दिया।",
        {"type": "REJECT", "actors": ("loc_india",), "recipients": ("loc_china",)},
    ),
    Case(
        "AID",
        "भारत ने यूक्रेन को सहायता भेजी।",
        {"type": "AID", "actors": ("loc_india",), "recipients": ("loc_ukraine",)},
    ),
    Case(
        "REJECT: विरोध किया opposes a step or plea (PLOVER REJECT, not a demonstration)",
        "भारत ने चीन के कदम का विरोध किया।",
        {"type": "REJECT", "actors": ("loc_india",), "recipients": ("loc_china",)},
    ),
    Case(
        "PROTEST: a sit-in",
        "लावरोव ने मॉस्को में धरना दिया।",
        {"type": "PROTEST", "location": "loc_moscow"},
    ),
    Case(
        "COERCE",
        "रूस ने अमेरिका के राजनयिकों को निष्कासित किया।",
        {"type": "COERCE", "actors": ("loc_russia",)},
    ),
    Case(
        "COOPERATE with a light verb",
        "भारत और रूस रक्षा में सहयोग करेंगे।",
        {"type": "COOPERATE", "actors": ("loc_india", "loc_russia"), "status": "planned"},
    ),
    Case(
        "AGREE: हम with a reciprocal verb is both parties",
        "भारत और रूस के संबंध पुराने हैं। हम इस बात पर सहमत हुए हैं।",
        {"type": "AGREE", "actors": ("loc_india", "loc_russia")},
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_detection(case: Case) -> None:
    found = [m for m in _detect(case.text) if not m.negated or case.expect.get("negated")]
    if not case.expect:
        assert found == []
        return
    assert found, f"no event in {case.text!r}"
    mention = found[-1]
    for name, value in case.expect.items():
        assert getattr(mention, name) == value, (name, mention)
    assert case.text[mention.trigger_start : mention.trigger_end] == mention.trigger
    for start, end in mention.actor_spans:  # a name, or the pronoun standing for one
        assert 0 <= start < end <= len(case.text) and case.text[start:end].strip()


def test_the_publication_date_is_never_taken_silently() -> None:
    for mention in _detect("जयशंकर ने लावरोव से मुलाकात की। मोदी ने पुतिन से बातचीत की।"):
        assert (mention.date_value, mention.date_source) == (None, "none")


@pytest.mark.parametrize(
    ("text", "source"),
    [
        # the article names one day: an undated past predicate takes it, marked as such
        ("लावरोव ने बुधवार को भारत का समर्थन किया। जयशंकर ने लावरोव से मुलाकात की।", "article"),
        # two different days: no article date
        (
            "लावरोव ने बुधवार को भारत का समर्थन किया। मोदी ने शुक्रवार को पुतिन से बात की। "
            "जयशंकर ने लावरोव से मुलाकात की।",
            "none",
        ),
        # a bare noun may name any meeting: not dated from the article
        ("लावरोव ने बुधवार को भारत का समर्थन किया। जयशंकर और लावरोव की मुलाकात अहम रही।", "none"),
        # set elsewhere than the named day's events: not dated from the article
        (
            "जयशंकर ने बुधवार को मॉस्को में लावरोव से मुलाकात की। मोदी ने नई दिल्ली में पुतिन से मुलाकात की।",
            "none",
        ),
    ],
)
def test_article_date(text: str, source: str) -> None:
    last = _detect(text)[-1]
    assert last.date_source == source
    assert (last.date_value == "2025-11-12") == (source == "article")


def test_lexicon_covers_the_required_categories() -> None:
    entries = {(t.type, t.mode) for ts in load_triggers().values() for t in ts}
    for mode in ("meet", "visit", "phone", "multilateral"):
        assert ("CONSULT", mode) in entries
    types = {t for t, _ in entries}
    for category in (
        "AGREE",
        "SUPPORT",
        "COOPERATE",
        "AID",
        "REQUEST",
        "ACCUSE",
        "REJECT",
        "THREATEN",
        "PROTEST",
        "SANCTION",
        "COERCE",
        "ASSAULT",
    ):
        assert category in types
    languages = {t.language for ts in load_triggers().values() for t in ts}
    assert languages == {"hi", "en"}


_WORDS = [
    *NAMES,
    *DATES,
    "ने",
    "से",
    "की",
    "के",
    "में",
    "और",
    "मुलाकात",
    "दौरा",
    "किया",
    "हुई",
    "नहीं",
    "उन्होंने",
    "दोनों",
    "नेताओं",
    "कि",
    "।",
    ",",
    "(",
    ")",
    "-",
    "met",
    "visit",
]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(_WORDS), max_size=30))
def test_any_word_salad_gives_well_formed_mentions(words: list[str]) -> None:
    text = " ".join(words)
    for mention in _detect(text):
        assert text[mention.trigger_start : mention.trigger_end] == mention.trigger
        assert mention.actors and mention.status in ("occurred", "ongoing", "planned", "reported")
        assert mention.date_source in ("sentence", "article", "none")
        assert (mention.date_value is None) == (mention.date_source == "none")
