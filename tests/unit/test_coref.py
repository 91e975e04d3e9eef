"""Merging event mentions into events, on synthetic mentions."""

from __future__ import annotations

import hashlib
import itertools
import random
from dataclasses import replace
from datetime import date

import pytest

from khabar.model import EventMention
from khabar.nlp.coref import Event, LinkedMention, ReportedEvent, canonical_key, merge_events
from khabar.nlp.events import Places

PLACES = Places(
    {
        "moscow": "RU",
        "kremlin": "RU",
        "russia": "RU",
        "johannesburg": "ZA",
        "delhi": "IN",
        "india": "IN",
    },
    {"RU": "russia", "IN": "india", "ZA": "johannesburg_country"},
)
DAY = {
    "08-07": ("2025-08-07", date(2025, 8, 7), date(2025, 8, 7), "day"),
    "08-21": ("2025-08-21", date(2025, 8, 21), date(2025, 8, 21), "day"),
    "08-22": ("2025-08-22", date(2025, 8, 22), date(2025, 8, 22), "day"),
    "08-19/21": ("2025-08-19/2025-08-21", date(2025, 8, 19), date(2025, 8, 21), "day"),
    "08": ("2025-08", date(2025, 8, 1), date(2025, 8, 31), "month"),
    "12": ("2025-12", date(2025, 12, 1), date(2025, 12, 31), "month"),
}
PUBLISHED = {
    "a": date(2025, 8, 13),
    "b": date(2025, 11, 17),
    "c": date(2025, 11, 19),
    "old": date(2020, 9, 18),
}


def report(
    article: str,
    sentence: int,
    actors: tuple[str, ...],
    when: str | None = None,
    *,
    type_: str = "CONSULT",
    mode: str | None = "meet",
    location: str | None = None,
    status: str = "occurred",
    recipients: tuple[str, ...] = (),
    negated: bool = False,
    confidence: float = 0.8,
) -> ReportedEvent:
    value, start, end, precision = DAY[when] if when else (None, None, None, None)
    mention = EventMention(
        type=type_,
        mode=mode,
        actors=actors,
        recipients=recipients,
        location=location,
        date_value=value,
        start_date=start,
        end_date=end,
        precision=precision,
        date_source="sentence" if when else "none",
        status=status,
        sentence=sentence,
        trigger_start=sentence * 100,
        trigger_end=sentence * 100 + 6,
        trigger="मुलाकात",
        confidence=confidence,
        negated=negated,
    )
    return ReportedEvent(article, PUBLISHED[article], mention)


def merge(*reports: ReportedEvent) -> tuple[list[Event], list[LinkedMention]]:
    return merge_events(list(reports), places=PLACES)


@pytest.mark.parametrize(
    ("reports", "n_events"),
    [
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 5, ("j", "l"), "08-21")],
            1,
            id="same meeting in two articles",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 5, ("l", "j"), "08-21")],
            1,
            id="actor order does not matter",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 5, ("j", "l"), "08")],
            1,
            id="month holds the day",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("a", 5, ("j", "l"), "08-07")],
            2,
            id="different days are different events",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 5, ("l",), "08-21")],
            1,
            id="a nested actor set merges",
        ),
        pytest.param(
            [report("c", 1, ("j", "m"), "08-21"), report("c", 5, ("j", "p"), "08-21")],
            2,
            id="crossing actor sets on one day stay apart",
        ),
        pytest.param(
            [
                report("a", 1, ("j", "l"), "08-21"),
                report("a", 2, ("j", "l"), "08-21", mode="phone"),
            ],
            2,
            id="modes differ",
        ),
        pytest.param(
            [
                report("a", 1, ("j", "l"), "08-21", location="moscow"),
                report("b", 5, ("j", "l"), "08-21", location="johannesburg"),
            ],
            2,
            id="incompatible places",
        ),
        pytest.param(
            [
                report("c", 1, ("j", "p"), "08-21", location="moscow"),
                report("c", 5, ("j", "p"), "08-21", location="kremlin"),
            ],
            1,
            id="places in one country are compatible",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("a", 3, ("j", "l"))],
            1,
            id="undated joins a dated event in its article",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 3, ("j", "l"))],
            1,
            id="undated joins the one identical event elsewhere",
        ),
        pytest.param(
            [
                report("a", 1, ("j", "l"), "08-21"),
                report("a", 8, ("j", "l"), "08-07"),
                report("b", 3, ("j", "l")),
            ],
            3,
            id="undated stays apart when two events elsewhere fit",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("b", 3, ("l",))],
            2,
            id="across articles only an identical actor set joins",
        ),
        pytest.param(
            [report("a", 1, ("j", "l"), "08-21"), report("old", 3, ("j", "l"), status="planned")],
            2,
            id="a report years away cannot join",
        ),
        pytest.param(
            [
                report("b", 1, ("p",), "12", mode="visit"),
                report("b", 2, ("p",), "08", mode="visit"),
                report("b", 4, ("p",), mode="visit", status="planned"),
            ],
            2,
            id="planned joins what is still to come",
        ),
        pytest.param(
            [
                report("b", 2, ("p",), "08", mode="visit"),
                report("b", 4, ("p",), mode="visit", status="planned"),
            ],
            2,
            id="planned cannot join what ended before publication",
        ),
        pytest.param(
            [report("a", 1, ("j", "l")), report("a", 4, ("l",))],
            1,
            id="undated mentions merge within their article",
        ),
        pytest.param(
            [report("a", 1, ("j", "l")), report("b", 4, ("j", "l"))],
            1,
            id="events with one canonical key are one event",
        ),
        pytest.param(
            [
                report("a", 1, ("j", "l"), "08-21"),
                report("b", 4, ("j", "l"), "08-21", negated=True),
            ],
            1,
            id="negated mentions are no events",
        ),
        pytest.param(
            [
                report("b", 1, ("t",), type_="ACCUSE", mode=None, recipients=("w",)),
                report("c", 2, ("t",), type_="ACCUSE", mode=None, recipients=("w",)),
            ],
            1,
            id="undated reports two days apart with the same people are one event",
        ),
        pytest.param(
            [
                report("b", 1, ("grp_public_1",), type_="ASSAULT", mode=None, recipients=("w",)),
                report("c", 2, ("grp_public_2",), type_="ASSAULT", mode=None, recipients=("w",)),
                report("old", 2, ("grp_public_2",), type_="ASSAULT", mode=None, recipients=("w",)),
            ],
            2,
            id="undated group reports a week apart are one event, years apart two",
        ),
        pytest.param(
            [
                report(
                    "b",
                    1,
                    ("india",),
                    "08",
                    type_="AID",
                    mode=None,
                    recipients=("grp_nationals_aaaa",),
                ),
                report("c", 2, ("grp_government_1",), "08-21", type_="AID", mode=None),
                report("c", 3, ("grp_government_2",), "08-21", type_="AID", mode=None),
            ],
            2,
            id="groups of one kind are the same participant (two wordings of the government)",
        ),
        pytest.param(
            [
                report("a", 1, ("saarc",), "08-21", mode="multilateral", recipients=("saarc",)),
                report("b", 2, ("pakistan",), mode="multilateral", recipients=("saarc",)),
                report("c", 4, ("grp_countries_1",), mode="multilateral", recipients=("saarc",)),
            ],
            1,
            id="a forum's meeting is known by its forum, whichever members a report names",
        ),
        pytest.param(
            [
                report("a", 1, ("saarc",), "08-21", mode="multilateral", recipients=("saarc",)),
                report("b", 2, ("pakistan",), "08-07", mode="multilateral", recipients=("saarc",)),
            ],
            2,
            id="a forum's meetings on two days stay two",
        ),
        pytest.param(
            [
                report("c", 1, ("per_m",), mode="multilateral", recipients=("sco",)),
                report("c", 5, ("per_r", "per_j"), mode="multilateral", recipients=("sco",)),
            ],
            2,
            id="a forum's summit and its ministers' meeting are two",
        ),
        pytest.param(
            [
                report("a", 1, ("grp_police_1",), "08-21", type_="COERCE", mode=None),
                report("b", 2, ("grp_police_1",), type_="COERCE", mode=None),
                report("c", 3, ("grp_police_2",), type_="COERCE", mode=None),
            ],
            3,
            id="police arresting someone in three papers are three arrests",
        ),
        pytest.param(
            [
                report("a", 1, ("grp_police_1",), type_="COERCE", mode=None),
                report("old", 2, ("grp_police_1",), type_="COERCE", mode=None),
                report("old", 3, ("grp_police_1",), "08", type_="COERCE", mode=None),
                report("b", 4, ("grp_police_1",), "08", type_="COERCE", mode=None),
            ],
            3,
            id="one wording of the police, undated, in two papers is no shared key",
        ),
        pytest.param(
            [
                report(
                    "a", 1, ("grp_police_1",), "08-21", type_="COERCE", mode=None, recipients=("x",)
                ),
                report("b", 2, ("grp_police_2",), type_="COERCE", mode=None, recipients=("x",)),
            ],
            1,
            id="unless they name the same target",
        ),
        pytest.param(
            [
                report(
                    "b",
                    1,
                    ("grp_countries_1",),
                    type_="REQUEST",
                    mode=None,
                    recipients=("org_government_of_india",),
                ),
                report(
                    "c",
                    2,
                    ("grp_countries_2",),
                    type_="REQUEST",
                    mode=None,
                    recipients=("loc_india",),
                ),
            ],
            1,
            id="a request to a government is a request to its country",
        ),
        pytest.param(
            [
                report("b", 1, ("org_government_of_india",), type_="AID", mode=None),
                report("c", 2, ("loc_india",), type_="AID", mode=None),
            ],
            2,
            id="as actors a government and its country stay apart",
        ),
        pytest.param(
            [
                report("a", 1, ("china",), type_="REQUEST", mode=None, recipients=("india",)),
                report("c", 2, ("china",), type_="REQUEST", mode=None, recipients=("pakistan",)),
            ],
            2,
            id="undated requests of one actor to two targets are two events",
        ),
        pytest.param(
            [
                report(
                    "a", 1, ("china",), "08-21", type_="REQUEST", mode=None, recipients=("pak",)
                ),
                report("b", 2, ("china",), type_="REQUEST", mode=None, recipients=("india",)),
            ],
            2,
            id="an undated report joins another article's event only with the same targets",
        ),
    ],
)
def test_number_of_events(reports: list[ReportedEvent], n_events: int) -> None:
    events, linked = merge(*reports)
    assert len(events) == n_events
    assert len(linked) == sum(not r.mention.negated for r in reports)
    assert sum(e.num_mentions for e in events) == len(linked)


def test_event_fields_from_its_mentions() -> None:
    events, linked = merge(
        report("a", 1, ("j", "l"), "08-21", location="moscow", status="planned"),
        report("b", 5, ("l",), "08-19/21", status="occurred", confidence=0.5),
        report("b", 6, ("j", "l"), "08", status="reported"),
    )
    (event,) = events
    assert event.actors == ("j", "l")
    assert (event.date_value, event.precision) == ("2025-08-19/2025-08-21", "day")
    assert (event.start_date, event.end_date) == (date(2025, 8, 19), date(2025, 8, 21))
    assert event.location_id == "moscow"
    assert event.status == "occurred"  # planned, then reported as having happened
    assert (event.num_mentions, event.num_articles) == (3, 2)
    assert event.first_seen_at == date(2025, 8, 13)
    assert 0.9 < event.confidence < 1.0
    assert event.canonical_key == canonical_key(
        "CONSULT", "meet", ("l", "j"), date(2025, 8, 19), date(2025, 8, 21), "moscow"
    )
    assert event.event_id == hashlib.sha1(event.canonical_key.encode()).hexdigest()[:16]
    assert [(m.article_id, m.mention.trigger_start) for m in linked] == [
        ("a", 100),
        ("b", 500),
        ("b", 600),
    ]
    assert all(m.event_id == event.event_id and len(m.event_mention_id) == 16 for m in linked)


def test_city_is_preferred_to_country_and_forum_to_nobody() -> None:
    events, _ = merge(
        report("b", 1, ("p",), "12", mode="visit", location="india", recipients=("india",)),
        report("c", 2, ("p",), "12", mode="visit", location="delhi", recipients=("india",)),
    )
    assert (events[0].location_id, events[0].recipients) == ("delhi", ("india",))
    events, _ = merge(
        report("b", 1, ("j",), "08-19/21", mode="multilateral", recipients=("irigc",)),
        report("c", 2, ("irigc",), "08", mode="multilateral", recipients=("irigc",)),
    )
    assert len(events) == 1
    assert (events[0].actors, events[0].recipients) == (("j",), ("irigc",))


def test_a_duplicate_report_is_kept_once() -> None:
    one = report("a", 1, ("j", "l"), "08-21")
    events, linked = merge(one, one, replace(one))
    assert len(events) == 1 and len(linked) == 1


REPORTS = [
    report("a", 1, ("j", "l"), "08-21", location="moscow", status="planned"),
    report("a", 3, ("j", "l")),
    report("a", 4, ("j", "l"), "08-07"),
    report("a", 6, ("l",)),
    report("b", 2, ("j", "l"), "08"),
    report("b", 4, ("j",), "08-19/21", mode="visit", recipients=("russia",)),
    report("c", 1, ("j",), "08-21", mode="visit", recipients=("russia",)),
    report("c", 2, ("p",), "12", mode="visit"),
    report("c", 3, ("p",), mode="visit", status="planned"),
    report("old", 1, ("m", "p"), mode="phone"),
]


@pytest.mark.parametrize("seed", range(5))
def test_order_of_reports_does_not_matter(seed: int) -> None:
    shuffled = list(REPORTS)
    random.Random(seed).shuffle(shuffled)
    assert merge(*shuffled) == merge(*REPORTS)


@pytest.mark.parametrize("order", list(itertools.permutations("abc"))[:4])
def test_one_article_per_run_equals_all_at_once(order: tuple[str, ...]) -> None:
    """The warehouse re-merges its stored mentions with each new article's."""
    stored: list[ReportedEvent] = []
    for article in (*order, "old"):
        new = [r for r in REPORTS if r.article_id == article]
        _, linked = merge(*stored, *new)
        stored = [ReportedEvent(m.article_id, PUBLISHED[m.article_id], m.mention) for m in linked]
    assert merge(*stored) == merge(*REPORTS)
