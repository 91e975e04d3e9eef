"""Trigger constructions of headlines and reported thanks, on unseen-style sentences (issue 17):
each table row fails without the construction it names."""

from __future__ import annotations

import pytest

from tests.unit.test_events import _detect

CN, IN, RU, US = "loc_china", "loc_india", "loc_russia", "loc_usa"
J, L, M, P = "per_s_jaishankar", "per_sergey_lavrov", "per_narendra_modi", "per_vladimir_putin"


def _found(text: str) -> list[tuple[str, tuple[str, ...], tuple[str, ...]]]:
    return [(m.type, m.actors, m.recipients) for m in _detect(text) if not m.negated]


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # thanks said, with a compound verb that takes no ने
        ("इससे पहले पुतिन भी भारत को शुक्रिया कह चुके हैं.", [("SUPPORT", ("per_vladimir_putin",), (IN,))]),
        ("मोदी रूस को धन्यवाद कहेंगे।", [("SUPPORT", ("per_narendra_modi",), (RU,))]),
        ("ट्रंप भारत को थैंक्यू बोले।", [("SUPPORT", ("per_donald_trump",), (IN,))]),
    ],
)
def test_thanks_said_is_support_from_the_speaker(
    text: str, found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # की ends its clause before a subordinate one: the light verb, not the genitive
        (
            "मोदी ने पुतिन की तारीफ की जब वे मिले।",
            [("SUPPORT", ("per_narendra_modi",), ("per_vladimir_putin",))],
        ),
        ("भारत ने चीन की आलोचना की क्योंकि सीमा पर तनाव है।", [("ACCUSE", (IN,), (CN,))]),
        ("रूस ने भारत की सराहना की जबकि अमेरिका चुप रहा।", [("SUPPORT", (RU,), (IN,))]),
    ],
)
def test_a_light_verb_ki_may_end_a_clause_before_a_subordinate_one(
    text: str, found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # शुरू between the noun and its light verb: the event begun is the event
        (
            "कुछ लोगों ने पुलिस पर पत्थरबाजी शुरू की थी।",
            [("ASSAULT", ("grp_public_1",), ("grp_police_1",))],
        ),
        ("रूस और चीन ने बातचीत शुरू की।", [("CONSULT", (CN, RU), ())]),
        (
            "मोदी ने पुतिन से चर्चा शुरू की।",
            [("CONSULT", ("per_narendra_modi", "per_vladimir_putin"), ())],
        ),
    ],
)
def test_an_event_begun_is_the_event(
    text: str, found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # on strike, on a sit-in: the protesters are the subject
        ("पुलिस हड़ताल पर चली गई।", [("PROTEST", ("grp_police_1",), ())]),
        ("जौहर धरने पर बैठे।", [("PROTEST", ("per_jauhar",), ())]),
        ("देशमुख अनशन पर हैं।", [("PROTEST", ("per_anil_deshmukh",), ())]),
        # a threat to strike is no strike
        ("पुलिस ने हड़ताल पर जाने की बात कही।", []),
    ],
)
def test_going_on_strike_is_a_protest(
    text: str, found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # a participle before its noun: the meeting held, its ने party took part in it
        ("मोदी ने पुतिन से हुई चर्चा के बाद बयान जारी किया।", [("CONSULT", "meet", (M, P))]),
        ("पुतिन ने मोदी से हुई मुलाकात के बाद बयान दिया।", [("CONSULT", "meet", (M, P))]),
        (
            "जयशंकर ने लावरोव से फोन पर हुई बातचीत में व्यापार का मुद्दा उठाया।",
            [("CONSULT", "phone", (J, L))],
        ),
    ],
)
def test_a_meeting_held_is_a_meeting_of_both(
    text: str, found: list[tuple[str, str | None, tuple[str, ...]]]
) -> None:
    assert [(m.type, m.mode, m.actors) for m in _detect(text) if not m.negated] == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # progressive and future forms of the लगा- and जता- light verbs
        ("अमेरिका चीन पर प्रतिबंध लगा रहा है।", [("SANCTION", (US,), (CN,))]),
        ("भारत चीन पर आरोप लगा रहा है।", [("ACCUSE", (IN,), (CN,))]),
        ("अमेरिका चीन पर प्रतिबंध लगाएगा।", [("SANCTION", (US,), (CN,))]),
        ("रूस भारत के प्रति आभार जता रहा है।", [("SUPPORT", (RU,), (IN,))]),
    ],
)
def test_progressive_and_future_light_verbs(
    text: str, found: list[tuple[str, tuple[str, ...], tuple[str, ...]]]
) -> None:
    assert _found(text) == found


@pytest.mark.parametrize(
    ("text", "found"),
    [
        # done at someone's request: the genitive made the request
        ("रूस के आग्रह पर भारत ने बैठक बुलाई।", [((RU,), ())]),
        ("भारत ने अमेरिका के अनुरोध पर दवाएं भेजीं।", [((US,), ())]),
        ("चीन की अपील पर रूस ने सीमा खोली।", [((CN,), ())]),
        # a request considered names no one who made it
        ("भारत अनुरोध पर विचार करेगा।", []),
    ],
)
def test_done_at_a_request_is_a_request_by_the_genitive(
    text: str, found: list[tuple[tuple[str, ...], tuple[str, ...]]]
) -> None:
    requests = [m for m in _detect(text) if m.type == "REQUEST" and not m.negated]
    assert [(m.actors, m.recipients) for m in requests] == found
