"""Persons inside reported speech: in X's words a third-person subject is someone other than
X (X would say मैंने). Synthetic sentences, none from the dev gold."""

from __future__ import annotations

from datetime import date

import pytest

from khabar.model import EntityMention, EventMention
from khabar.nlp.events import Places, detect_events
from khabar.text.segment import segment
from tests.unit.event_names import name_mentions

DOC = date(2021, 3, 9)
PLACES = Places({"loc_india": "IN", "loc_nepal": "NP"}, {"IN": "loc_india", "NP": "loc_nepal"})
NAMES = {  # surface -> (entity id, label); longest surfaces are matched first
    "रमेश": ("per_ramesh", "PER"),
    "सुरेश": ("per_suresh", "PER"),
    "संयुक्त राष्ट्र": ("org_un", "ORG"),
    "भारत": ("loc_india", "LOC"),
    "नेपाल": ("loc_nepal", "LOC"),
}


def _records(text: str) -> list[EntityMention]:
    return name_mentions(text, NAMES)


def _actors(text: str) -> list[tuple[str, tuple[str, ...]]]:
    found: list[EventMention] = detect_events(
        text, segment(text), _records(text), [], DOC, places=PLACES
    )
    return [(m.type, m.actors) for m in found if not m.negated]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (  # another person named earlier in the speech, not the speaker, is "they"
            "सुरेश ने कहा कि रमेश भारत गए थे, उन्होंने नेपाल की आलोचना की।",
            [("ACCUSE", ("per_ramesh",))],
        ),
        (
            "सुरेश ने कहा कि रमेश भारत गए थे, उन्होंने नेपाल पर हमला किया।",
            [("ASSAULT", ("per_ramesh",))],
        ),
        (  # an organisation named in the speech
            "रमेश ने कहा कि संयुक्त राष्ट्र भारत आया था, उन्होंने नेपाल की आलोचना की।",
            [("ACCUSE", ("org_un",))],
        ),
    ],
)
def test_third_person_in_speech_is_not_the_speaker(
    text: str, expected: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert _actors(text) == expected


def test_the_speaker_and_his_counterpart_both_agree() -> None:
    """ "मैं और मेरे समकक्ष X": the speaker stays in the coordination beside the counterpart."""
    found = _actors("रमेश ने कहा कि मैं और मेरे समकक्ष सुरेश व्यापार बढ़ाने पर सहमत हुए।")
    assert [(t, tuple(sorted(a))) for t, a in found] == [("AGREE", ("per_ramesh", "per_suresh"))]
