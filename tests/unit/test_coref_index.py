"""The cluster index of ``merge_events`` only prunes: merging with it equals a full scan."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from khabar.model import EventMention
from khabar.nlp import coref
from khabar.nlp.coref import ReportedEvent

PEOPLE = [f"per_{i}" for i in range(6)] + ["org_sco", "org_brics"]
PLACES = [None, None, "loc_moscow", "loc_delhi", "loc_russia"]


def _reports(seed: int, n: int) -> list[ReportedEvent]:
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        day = date(2025, 1, 1) + timedelta(days=rng.randrange(60))
        dated = rng.random() < 0.6
        span = rng.choice([0, 0, 2, 30])
        mention = EventMention(
            type=rng.choice(["MEET", "MEET", "CONSULT", "AGREE"]),
            mode=rng.choice([None, "bilateral", "multilateral"]),
            actors=tuple(sorted(rng.sample(PEOPLE, rng.choice([0, 1, 2, 2, 3])))),
            recipients=tuple(rng.sample(PEOPLE, rng.choice([0, 0, 1]))),
            location=rng.choice(PLACES),
            date_value=day.isoformat() if dated else None,
            start_date=day if dated else None,
            end_date=day + timedelta(days=span) if dated else None,
            precision=rng.choice(["day", "month", "year"]) if dated else None,
            date_source="sentence" if dated else "none",
            status=rng.choice(["occurred", "planned", "reported", "ongoing"]),
            sentence=rng.randrange(8),
            trigger_start=i * 10,
            trigger_end=i * 10 + 4,
            trigger="मिले",
            confidence=0.8,
            negated=rng.random() < 0.05,
        )
        published = date(2025, 1, 1) + timedelta(days=rng.randrange(90))
        reports.append(ReportedEvent(f"a{rng.randrange(n // 4 + 1)}", published, mention))
    return reports


def _full_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every lookup returns every cluster, as the merge did before it had an index."""

    def every(self: coref._Clusters, report: ReportedEvent) -> list[coref._Cluster]:
        return list(self.items)

    def of_article(self: coref._Clusters, report: ReportedEvent) -> list[coref._Cluster]:
        return [c for c in self.items if any(r.article_id == report.article_id for r in c.members)]

    monkeypatch.setattr(coref._Clusters, "candidates", every)
    monkeypatch.setattr(coref._Clusters, "of_article", of_article)
    monkeypatch.setattr(coref._Clusters, "same_people", every)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_index_merges_like_a_full_scan(seed: int, monkeypatch: pytest.MonkeyPatch) -> None:
    reports = _reports(seed, 300)
    indexed = coref.merge_events(reports)
    with monkeypatch.context() as patch:
        _full_scan(patch)
        scanned = coref.merge_events(reports)
    assert len(indexed[0]) > 20  # the data merges into many events, some of several reports
    assert any(e.num_mentions > 1 for e in indexed[0])
    assert indexed == scanned


def _meet(article: str, published: date, day: date | None, trigger: int) -> ReportedEvent:
    mention = EventMention(
        type="MEET",
        mode="bilateral",
        actors=("per_0", "per_1"),
        recipients=(),
        location=None,
        date_value=day.isoformat() if day else None,
        start_date=day,
        end_date=day,
        precision="day" if day else None,
        date_source="sentence" if day else "none",
        status="occurred",
        sentence=0,
        trigger_start=trigger,
        trigger_end=trigger + 4,
        trigger="मिले",
        confidence=0.8,
        negated=False,
    )
    return ReportedEvent(article, published, mention)


def test_an_undated_report_joins_the_one_dated_event_with_its_people_never_one_of_two() -> None:
    """An undated report from another article joins a dated event with exactly its people
    only when that event is the only plausible one; with two it starts its own."""
    first = _meet("a1", date(2025, 3, 3), date(2025, 3, 2), 0)
    second = _meet("a2", date(2025, 3, 6), date(2025, 3, 5), 0)
    undated = _meet("a3", date(2025, 3, 7), None, 0)
    events, linked = coref.merge_events([first, undated])
    assert len(events) == 1 and len(linked) == 2
    events, linked = coref.merge_events([first, second, undated])
    assert len(events) == 3
