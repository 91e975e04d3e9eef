"""Participant roles of attacks, arrests and evacuations: who acts and who undergoes it,
on synthetic sentences with entity records built by hand (no sentence of the dev gold)."""

from __future__ import annotations

from datetime import date

import pytest

from khabar.model import EntityMention, EventMention
from khabar.nlp.events import Places, detect_events
from khabar.text.segment import segment

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
    "डॉक्टर": ("grp_health_2", "GRP"),
    "स्वास्थ्यकर्मियों": ("grp_health_3", "GRP"),
    "दुकानदार": ("grp_traders_1", "GRP"),
    "फंसे भारतीयों": ("grp_nationals_1", "GRP"),
    "मजदूरों": ("grp_workers_1", "GRP"),
    "सरकार": ("grp_government_1", "GRP"),
    "किसानों": ("grp_farmers_1", "GRP"),
}
POLICE, LUCKNOW_POLICE, ACCUSED = "grp_police_1", "org_lucknow_police", "grp_accused_1"


def _records(text: str) -> list[EntityMention]:
    taken: list[tuple[int, int]] = []
    out: list[EntityMention] = []
    for surface in sorted(NAMES, key=len, reverse=True):
        start = text.find(surface)
        while start != -1:
            end = start + len(surface)
            if not any(s < end and start < e for s, e in taken):
                taken.append((start, end))
                entity_id, label = NAMES[surface]
                out.append(EntityMention(start, end, surface, label, entity_id))
            start = text.find(surface, end)
    return sorted(out, key=lambda e: e.start)


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
