"""Participant roles of attacks, arrests and evacuations: who acts and who undergoes it,
on synthetic sentences with entity records built by hand (no sentence of the dev gold)."""

from __future__ import annotations

from datetime import date

import pytest

from khabar.model import EntityMention, EventMention
from khabar.nlp.events import Places, detect_events
from khabar.text.segment import segment
from tests.unit.event_names import name_mentions

DOC = date(2021, 3, 9)
PLACES = Places(
    {"loc_india": "IN", "loc_lucknow": "IN", "loc_nepal": "NP"},
    {"IN": "loc_india", "NP": "loc_nepal"},
)
NAMES = {  # surface -> (entity id, label); longest surfaces are matched first
    "आरोपी रमेश": ("per_ramesh", "PER"),
    "रमेश": ("per_ramesh", "PER"),
    "सुरेश": ("per_suresh", "PER"),
    "लखनऊ पुलिस": ("org_lucknow_police", "ORG"),
    "लखनऊ": ("loc_lucknow", "LOC"),
    "भारत": ("loc_india", "LOC"),
    "नेपाल": ("loc_nepal", "LOC"),
    "वायुसेना": ("grp_military_1", "GRP"),
    "पुलिस": ("grp_police_1", "GRP"),
    "अदालत": ("grp_court_1", "GRP"),
    "आरोपियों": ("grp_accused_2", "GRP"),
    "आरोपी": ("grp_accused_1", "GRP"),
    "नर्सों": ("grp_health_1", "GRP"),
    "डॉक्टरों": ("grp_health_4", "GRP"),
    "डॉक्टर": ("grp_health_2", "GRP"),
    "स्वास्थ्यकर्मियों": ("grp_health_3", "GRP"),
    "दुकानदार": ("grp_traders_1", "GRP"),
    "फंसे भारतीयों": ("grp_nationals_1", "GRP"),
    "मजदूरों": ("grp_workers_1", "GRP"),
    "सरकार": ("grp_government_1", "GRP"),
    "किसानों": ("grp_farmers_1", "GRP"),
    "ग्रामीणों": ("grp_residents_1", "GRP"),
}
POLICE, LUCKNOW_POLICE, ACCUSED = "grp_police_1", "org_lucknow_police", "grp_accused_1"


def _records(text: str) -> list[EntityMention]:
    return name_mentions(text, NAMES)


def _events(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    found: list[EventMention] = detect_events(
        text, segment(text), _records(text), [], DOC, places=PLACES
    )
    return [(m.type, m.actors, m.recipients) for m in found if not m.negated]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the attacker is the noun the participle describes, the police only arrest
            "नर्सों के साथ मारपीट करने वाले आरोपी को पुलिस ने गिरफ्तार कर लिया।",
            [
                ("ASSAULT", (ACCUSED,), ("grp_health_1",)),
                ("COERCE", (POLICE,), (ACCUSED,)),
            ],
        ),
        (  # the ergative before the phrase belongs to the outer verb
            "लखनऊ पुलिस ने दुकानदार पर हमला करने वाले आरोपी को गिरफ्तार किया।",
            [
                ("ASSAULT", (ACCUSED,), ("grp_traders_1",)),
                ("COERCE", (LUCKNOW_POLICE,), (ACCUSED,)),
            ],
        ),
        (  # a numeral may stand between the participle and its noun
            "पुलिस ने स्वास्थ्यकर्मियों पर पथराव करने वाली तीन आरोपियों को जेल भेजा।",
            [
                ("ASSAULT", ("grp_accused_2",), ("grp_health_3",)),
                ("COERCE", (POLICE,), ("grp_accused_2",)),
            ],
        ),
        (  # "X करने के आरोपी Y": Y is accused of doing X, the court only grants bail
            "अदालत ने डॉक्टर पर हमला करने के आरोपी रमेश को जमानत पर रिहा कर दिया।",
            [("ASSAULT", ("per_ramesh",), ("grp_health_2",))],
        ),
    ],
    ids=["comitative victim", "ergative outside", "numeral before the noun", "accused of"],
)
def test_a_participle_acts_through_the_noun_it_describes(
    text: str, expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _events(text) == expected


def test_a_participle_that_names_no_event_leaves_the_outer_roles_alone() -> None:
    """लौटने is no trigger: the government stays the one appealed to."""
    text = "किसानों ने सरकार से शहरों से लौटने वाले मजदूरों को राशन देने की अपील की।"
    assert _events(text) == [("REQUEST", ("grp_farmers_1",), ("grp_workers_1", "grp_government_1"))]


def _last(text: str) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    found = _events(text)
    assert found, f"no event in {text!r}"
    return found[-1]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # the accused was arrested, not arresting: the agent is the police before
            "पुलिस ने जांच शुरू की। फिर सुरेश ने दुकानदार के साथ मारपीट की। "
            "मुकदमा दर्ज कर सुरेश को गिरफ्तार कर लिया।",
            ("COERCE", (POLICE,), ("per_suresh",)),
        ),
        (
            "लखनऊ पुलिस ने छापा मारा। रमेश ने नर्सों पर हमला किया था। उसके बाद रमेश को जेल भेज दिया।",
            ("COERCE", (LUCKNOW_POLICE,), ("per_ramesh",)),
        ),
        (  # no earlier agent but the one acted on: none is said
            "रमेश ने नर्सों पर हमला किया था। मुकदमा दर्ज कर रमेश को गिरफ्तार कर लिया।",
            ("COERCE", (), ()),
        ),
    ],
    ids=["police before the accused", "jail", "no other agent"],
)
def test_an_elided_agent_is_never_the_one_acted_on(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    if expected[1]:
        assert _last(text) == expected
    else:  # no arrest with the accused as its own agent
        assert all(
            actors != ("per_ramesh",) for kind, actors, _ in _events(text) if kind == "COERCE"
        )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # उसे: the accused named before it in the clause, not the court
            "पुलिस ने जांच की। अदालत ने सुरेश की जमानत रद्द करके उसे जेल भेज दिया।",
            ("COERCE", ("grp_court_1",), ("per_suresh",)),
        ),
        (  # उन्हें: the group talked with, not the speaker
            "रमेश ने कहा कि सरकार फंसे भारतीयों के संपर्क में है और उन्हें हर संभव मदद दे रही है।",
            ("AID", ("grp_government_1",), ("grp_nationals_1",)),
        ),
        (  # उन्हें: the one met, not the speaker of the sentence before
            "सुरेश ने कहा कि वह खुश हैं। रमेश ने वायुसेना से मुलाकात की और उन्हें धन्यवाद दिया।",
            ("SUPPORT", ("per_ramesh",), ("grp_military_1",)),
        ),
    ],
    ids=["court jails the accused", "help to the group", "thanks to the one met"],
)
def test_an_object_pronoun_may_stand_for_a_name_before_it_in_its_clause(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    assert _last(text) == expected


def test_a_title_before_a_name_takes_the_names_case() -> None:
    """आरोपी सुरेश की (the accused, resolved to Suresh): the title is no unmarked subject."""
    names = {**NAMES, "आरोपी": ("per_suresh", "PER")}
    text = "पुलिस ने जांच की। आरोपी सुरेश की जमानत रद्द कर सुरेश को जेल भेज दिया।"
    entities = [
        EntityMention(e.start, e.end, e.surface, names[e.surface][1], names[e.surface][0])
        for e in _records(text)
    ]
    found = detect_events(text, segment(text), entities, [], DOC, places=PLACES)
    assert [(m.type, m.actors, m.recipients) for m in found] == [
        ("COERCE", (POLICE,), ("per_suresh",))
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "ग्रामीणों ने पुलिस वालों पर पथराव किया।",
            [("ASSAULT", ("grp_residents_1",), (POLICE,))],
        ),
        (
            "ग्रामीणों ने डॉक्टर और पुलिस दोनों पर हमला किया।",
            [("ASSAULT", ("grp_residents_1",), ("grp_health_2", POLICE))],
        ),
        (
            "नर्सों और पुलिस वालों पर ग्रामीणों ने पथराव कर दिया।",
            [("ASSAULT", ("grp_residents_1",), ("grp_health_1", POLICE))],
        ),
    ],
    ids=["पुलिस वालों", "दोनों", "coordinated"],
)
def test_a_noun_tail_leaves_the_case_to_the_name(
    text: str, expected: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _events(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # a headline: the attackers come from the report after it, the victims are its own
            "डॉक्टरों पर हमला\n\nग्रामीणों ने गांव में पुलिस पर भी हमला कर दिया।",
            ("ASSAULT", ("grp_residents_1",), (POLICE, "grp_health_4")),
        ),
        (  # an attack told before: its attackers, and the victims this mention names
            "ग्रामीणों ने पुलिस पर हमला कर दिया। स्वास्थ्यकर्मियों पर हमले की जांच होगी।",
            ("ASSAULT", ("grp_residents_1",), (POLICE, "grp_health_3")),
        ),
    ],
    ids=["headline", "told before"],
)
def test_a_bare_attack_noun_keeps_its_own_target(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    found = _events(text)
    assert expected in found, found


@pytest.mark.parametrize(
    "text",
    [
        "पुलिस ने नर्सों पर हमले के मामले में आरोपियों को गिरफ्तार किया।",
        "कल स्वास्थ्यकर्मियों पर पत्थर फेंके गए थे और आरोपियों को पुलिस ने दबोचा।",
        "रात में दुकानदार पर चाकू चलाया गया और पुलिस ने आरोपियों को गिरफ्तार कर लिया।",
    ],
    ids=["attack noun after the target", "finite verb and और", "passive and और"],
)
def test_an_arrest_does_not_take_the_target_of_another_predicate(text: str) -> None:
    arrests = [(a, r) for kind, a, r in _events(text) if kind == "COERCE"]
    assert arrests == [((POLICE,), ("grp_accused_2",))]


def test_a_counterpart_is_shared_by_two_verbs_without_a_new_ergative() -> None:
    text = "रमेश ने सुरेश से बात की थी और मदद की अपील की।"
    assert _last(text) == ("REQUEST", ("per_ramesh",), ("per_suresh",))


@pytest.mark.parametrize(
    "text",
    [
        "रमेश ने बयान दिया। वतन वापसी के इच्छुक फंसे भारतीयों को लाने के लिए एक विमान नेपाल भेजा गया है।",
        "सुरेश ने कहा कि हालात ठीक हैं। घर वापसी की राह देख रहे फंसे भारतीयों को लाने के लिए जहाज भेजे जाएंगे।",
    ],
    ids=["भेजा गया है", "भेजे जाएंगे"],
)
def test_an_evacuation_served_by_a_passive_has_no_agent_from_before(text: str) -> None:
    """The passive main clause names no agent: the speaker before is not the evacuator."""
    assert [a for kind, a, _ in _events(text) if kind == "AID"] == []


def test_an_evacuation_served_by_an_active_clause_takes_its_agent() -> None:
    text = "रमेश ने बयान दिया। वतन वापसी के इच्छुक फंसे भारतीयों को लाने के लिए भारत ने विमान भेजा।"
    assert {a for kind, a, _ in _events(text) if kind == "AID"} == {("loc_india",)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # filed in court: the court is asked; the accused is only in what is asked
            "पुलिस ने अदालत में अर्जी देकर रमेश की जमानत रद्द करने की मांग की।",
            ("REQUEST", (POLICE,), ("grp_court_1",)),
        ),
        (
            "रमेश ने अदालत में याचिका दायर कर जमानत की मांग की।",
            ("REQUEST", ("per_ramesh",), ("grp_court_1",)),
        ),
    ],
    ids=["bail cancellation", "bail"],
)
def test_a_request_filed_in_court_asks_the_court(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    assert _last(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "किसानों ने मजदूरों की मजदूरी बढ़ाने की मांग की।",
        "सुरेश ने रमेश की सजा माफ करने की अपील की।",
    ],
)
def test_a_genitive_inside_what_is_asked_is_not_asked(text: str) -> None:
    """No addressee is named: the one the demand is about does not receive it."""
    assert [m for m in _events(text) if m[0] == "REQUEST"] == []


def test_a_genitive_before_a_supported_infinitive_is_still_supported() -> None:
    assert _last("रमेश नेपाल के सदस्य बनने का समर्थन करता है।") == (
        "SUPPORT",
        ("per_ramesh",),
        ("loc_nepal",),
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "वायुसेना ने नेपाल से फंसे भारतीयों को वापस लाया।",
            ("AID", ("grp_military_1",), ("grp_nationals_1",)),
        ),
        (
            "भारत नेपाल से फंसे भारतीयों को वापस लाएगा।",
            ("AID", ("loc_india",), ("grp_nationals_1",)),
        ),
    ],
    ids=["past", "future"],
)
def test_the_place_people_are_brought_back_from_is_no_party(
    text: str, expected: tuple[str, tuple[str, ...], tuple[str, ...]]
) -> None:
    assert _last(text) == expected


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("रमेश की पिटाई के मामले में पुलिस ने दो लोगों को गिरफ्तार किया।", "COERCE"),
        ("रमेश की रैली के दौरान ग्रामीणों ने पथराव किया।", "ASSAULT"),
    ],
    ids=["arrest", "attack"],
)
def test_a_genitive_elsewhere_in_the_clause_is_not_the_one_arrested_or_attacked(
    text: str, kind: str
) -> None:
    assert all("per_ramesh" not in r for k, _, r in _events(text) if k == kind)


def test_the_owner_of_the_one_arrested_stays_a_recipient() -> None:
    assert _last("पुलिस ने नेपाल के दो नागरिकों को गिरफ्तार किया।") == (
        "COERCE",
        (POLICE,),
        ("loc_nepal",),
    )
