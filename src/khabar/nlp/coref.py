"""Merge event mentions into events: one row per real event, every report kept.

Event datasets are criticised for counting reports instead of events, so all mentions in
the warehouse are re-merged on every run. The result depends only on the *set* of reports:
they are deduplicated and sorted canonically first, and ids are hashes of content.

Merge rule. A mention joins an event when all of these hold:

* same ``type`` and ``mode``;
* actor sets are nested: one contains the other (Lavrov ⊂ Jaishankar+Lavrov), so that
  Jaishankar–Manturov and Jaishankar–Putin on the same day stay two events. For
  multilateral meetings the forum (recipients) counts as a participant, so "Jaishankar
  co-chaired IRIGC-TEC" and "the IRIGC-TEC meeting" meet;
* dates compatible at their precision: intervals overlap with every dated mention already
  in the event (2025-08 holds 2025-08-21; 2025-08-21 and 2025-08-19/2025-08-21 overlap);
* locations compatible: none given, or in the same country (the KB has no city containment,
  and Kremlin/Moscow must meet).

Order of work: dated mentions first, finest precision and largest actor set first, each
joining the best compatible event (same article, more shared actors, nearer sentence).
Then undated mentions: into a compatible event of the *same article* (nearest sentence,
then same status; a planned mention never joins an event that ended before its article
was published); failing that, into an event of another article only if the actor set is
identical, there is exactly one such event, and its date is within a year of the article's
publication on the right side (a planned mention cannot join an event before publication).
Undated mentions left over merge with each other within their article. Finally events with
the same canonical key (type, mode, actors, date interval, location) are merged, so the key
is unique. Negated mentions ("did not meet") are not events and are left out.
"""

from __future__ import annotations

import hashlib
import itertools
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from khabar.model import EventMention
from khabar.nlp.events import Places, default_places
from khabar.nlp.groups import group_kind

_PRECISION = ("day", "week", "month", "quarter", "half", "year", "decade", "century")
_STATUS_RANK = {"occurred": 0, "ongoing": 1, "reported": 2, "planned": 3}
_PLAUSIBLE = timedelta(days=366)
_SUBSET_LIMIT = 8  # people of a report up to which the index looks up each subset


@dataclass(frozen=True)
class ReportedEvent:
    """An event mention with the article that reported it."""

    article_id: str
    published_date: date | None
    mention: EventMention


@dataclass(frozen=True)
class Event:
    """One row of the ``events`` table."""

    event_id: str
    type: str
    mode: str | None
    actors: tuple[str, ...]
    recipients: tuple[str, ...]
    location_id: str | None
    date_value: str | None
    start_date: date | None
    end_date: date | None
    precision: str | None
    status: str
    num_mentions: int
    num_articles: int
    first_seen_at: date | None  # earliest published_date among reporting articles
    confidence: float
    canonical_key: str


@dataclass(frozen=True)
class LinkedMention:
    """One row of ``event_mentions``: a report and the event it belongs to."""

    event_mention_id: str
    event_id: str
    article_id: str
    mention: EventMention


def merge_events(
    reports: Sequence[ReportedEvent], *, places: Places | None = None
) -> tuple[list[Event], list[LinkedMention]]:
    """Events (sorted by id) and their mentions (sorted by article, trigger offset)."""
    places = places or default_places()
    unique: dict[str, ReportedEvent] = {}
    for report in sorted(reports, key=_sort_key):
        if not report.mention.negated:
            unique[mention_id(report)] = report  # the same report stored and re-detected
    ordered = sorted(unique.values(), key=_sort_key)
    dated = sorted(
        (r for r in ordered if r.mention.start_date and r.mention.end_date),
        key=lambda r: (_precision_rank(r.mention.precision), -len(_people(r)), _sort_key(r)),
    )
    undated = [r for r in ordered if not (r.mention.start_date and r.mention.end_date)]
    clusters = _Clusters()
    for report in dated:
        _place(report, clusters, places, same_article_only=False)
    fixed = clusters
    leftovers: list[ReportedEvent] = []
    for report in undated:
        target = _undated_target(report, fixed, places)
        if target is None:
            leftovers.append(report)
        else:
            target.add(report)
    undated_clusters = _Clusters()
    for report in leftovers:
        _place(report, undated_clusters, places, same_article_only=True)
    undated_groups = _join_undated(list(undated_clusters))
    events = _dedupe_keys(
        [_summarise(c, places) for c in [*(c.members for c in clusters), *undated_groups]],
        places,
    )
    linked = [
        LinkedMention(mention_id(r), event.event_id, r.article_id, r.mention)
        for event, members in events
        for r in members
    ]
    linked.sort(key=lambda m: (m.article_id, m.mention.trigger_start, m.event_mention_id))
    return sorted((e for e, _ in events), key=lambda e: e.event_id), linked


def mention_id(report: ReportedEvent) -> str:
    """Stable id of one report: its article, trigger offsets and category."""
    m = report.mention
    return _sha(f"{report.article_id}|{m.trigger_start}|{m.trigger_end}|{m.type}|{m.mode or ''}")


def canonical_key(
    event_type: str,
    mode: str | None,
    actors: Iterable[str],
    start: date | None,
    end: date | None,
    location: str | None,
    recipients: Iterable[str] = (),
    article: str | None = None,
) -> str:
    """The key the duplicate-events suite checks for uniqueness. Recipients, where there
    are any, end it: China's undated requests to India and to Pakistan are two events.
    ``article``: for an event known only by unnamed groups, the article that first
    reported it (police arresting someone in 150 papers are not one arrest)."""
    interval = f"{start.isoformat() if start else ''}/{end.isoformat() if end else ''}"
    key = "|".join((event_type, mode or "", ",".join(sorted(actors)), interval, location or ""))
    targets = ",".join(sorted(recipients))
    key = f"{key}|to:{targets}" if targets else key
    return f"{key}|in:{article}" if article else key


# --- clustering -------------------------------------------------------------------------------


@dataclass(eq=False)
class _Cluster:
    members: list[ReportedEvent] = field(default_factory=list)
    start: date | None = None  # intersection of the dated members' intervals
    end: date | None = None
    # Kept up to date by ``add`` (recomputing them per comparison made merging quadratic):
    participants: set[str] = field(default_factory=set)  # the members' people
    articles: set[str] = field(default_factory=set)
    locations: set[str] = field(default_factory=set)  # the members' distinct locations
    kind: tuple[str, str | None] | None = None  # the head's type and mode
    owner: _Clusters | None = None

    def add(self, report: ReportedEvent) -> None:
        m = report.mention
        if m.start_date and m.end_date:
            self.start = max(self.start, m.start_date) if self.start else m.start_date
            self.end = min(self.end, m.end_date) if self.end else m.end_date
        if not self.members:
            self.kind = (m.type, m.mode)
        self.members.append(report)
        if m.location:
            self.locations.add(m.location)
        new_article = report.article_id not in self.articles
        self.articles.add(report.article_id)
        new = set(_people(report)) - self.participants
        before = frozenset(self.participants)
        self.participants |= new
        if self.owner is not None and (new or new_article):
            self.owner.grew(self, new, before, report.article_id)

    @property
    def head(self) -> EventMention:
        return self.members[0].mention


class _Clusters:
    """Clusters in creation order, indexed so that a report is compared only with clusters
    that can be compatible: same type and mode, and a shared person or no people yet
    (nested non-empty actor sets always share one). Candidates keep creation order, so the
    choice among them is the one a scan of every cluster makes."""

    def __init__(self) -> None:
        self.items: list[_Cluster] = []
        self._position: dict[int, int] = {}
        self._by_person: dict[tuple[str, str | None], dict[str, set[int]]] = {}
        self._no_people: dict[tuple[str, str | None], set[int]] = {}
        self._by_article: dict[str, set[int]] = {}
        self._by_people: dict[tuple[str, str | None, frozenset[str]], set[int]] = {}

    def __iter__(self) -> Iterator[_Cluster]:
        return iter(self.items)

    def append(self, cluster: _Cluster) -> None:
        position = len(self.items)
        self.items.append(cluster)
        self._position[id(cluster)] = position
        cluster.owner = self
        key = (cluster.head.type, cluster.head.mode)
        if not cluster.participants:
            self._no_people.setdefault(key, set()).add(position)
        index = self._by_person.setdefault(key, {})
        for person in cluster.participants:
            index.setdefault(person, set()).add(position)
        for article in cluster.articles:
            self._by_article.setdefault(article, set()).add(position)
        people = (*key, frozenset(cluster.participants))
        self._by_people.setdefault(people, set()).add(position)

    def grew(self, cluster: _Cluster, new: set[str], before: frozenset[str], article: str) -> None:
        position = self._position[id(cluster)]
        key = (cluster.head.type, cluster.head.mode)
        self._by_article.setdefault(article, set()).add(position)
        if not new:
            return
        self._no_people.get(key, set()).discard(position)
        index = self._by_person.setdefault(key, {})
        for person in new:
            index.setdefault(person, set()).add(position)
        self._by_people.get((*key, before), set()).discard(position)
        people = (*key, frozenset(cluster.participants))
        self._by_people.setdefault(people, set()).add(position)

    def candidates(self, report: ReportedEvent) -> list[_Cluster]:
        """A superset of the clusters ``_compatible`` accepts, in creation order: those
        whose people contain the report's, or are contained in them (or are none)."""
        mine = set(_people(report))
        if not mine:
            return []
        key = (report.mention.type, report.mention.mode)
        index = self._by_person.get(key, {})
        positions = set(self._no_people.get(key, ()))
        if len(mine) <= _SUBSET_LIMIT:
            positions |= set.intersection(*(index.get(p, set()) for p in mine))
            names = sorted(mine)
            for size in range(1, len(names) + 1):
                for subset in itertools.combinations(names, size):
                    positions |= self._by_people.get((*key, frozenset(subset)), set())
        else:  # too many subsets to look up: everyone sharing a person
            for person in mine:
                positions |= index.get(person, set())
        return [self.items[i] for i in sorted(positions)]

    def of_article(self, report: ReportedEvent) -> list[_Cluster]:
        """The clusters with a member from the report's article, in creation order (a
        superset of the compatible ones there: callers test ``_compatible``)."""
        return [self.items[i] for i in sorted(self._by_article.get(report.article_id, ()))]

    def same_people(self, report: ReportedEvent) -> list[_Cluster]:
        """The clusters of the report's type and mode whose people are exactly its own."""
        m = report.mention
        positions = self._by_people.get((m.type, m.mode, frozenset(_people(report))), set())
        return [self.items[i] for i in sorted(positions)]


def _place(
    report: ReportedEvent, clusters: _Clusters, places: Places, *, same_article_only: bool
) -> None:
    """Add ``report`` to its preferred compatible cluster, or start one.

    ``_preference`` ranks a cluster of the report's own article first and, among the rest,
    one with exactly the report's people next (the largest overlap; no two clusters tie,
    the head's id decides): so the article's clusters are tried first, then those with the
    same people, and only then every candidate. Each step finds the best of all candidates
    whenever it finds any; a popular actor's clusters are no longer all compared with every
    report (merging 14,000 reports scanned 2 million of them)."""
    start, end = report.mention.start_date, report.mention.end_date
    mine = set(_people(report))

    def fits(group: list[_Cluster]) -> list[_Cluster]:
        return [
            c
            for c in group
            # the date test of _compatible, first and inline: it rules out most candidates
            if not (start and end and c.start and c.end and (start > c.end or end < c.start))
            and _compatible(report, c, places, mine)
            and (not same_article_only or report.article_id in c.articles)
            and (report.article_id in c.articles or _identified(report, c))
        ]

    candidates = fits(clusters.of_article(report))
    if not candidates and not same_article_only:
        candidates = fits(clusters.same_people(report)) or fits(clusters.candidates(report))
    if candidates:
        min(candidates, key=lambda c: _preference(report, c)).add(report)
    else:
        cluster = _Cluster()
        cluster.add(report)
        clusters.append(cluster)


def _compatible(
    report: ReportedEvent, cluster: _Cluster, places: Places, mine: set[str] | None = None
) -> bool:
    """``mine``: the report's people, when the caller has them already."""
    m = report.mention
    if (m.type, m.mode) != cluster.kind:
        return False
    if mine is None:
        mine = set(_people(report))
    theirs = cluster.participants
    if not mine or not (mine <= theirs or theirs <= mine):
        return False
    if (
        m.start_date
        and m.end_date
        and cluster.start
        and cluster.end
        and (m.start_date > cluster.end or m.end_date < cluster.start)
    ):
        return False
    if m.location:
        for loc in cluster.locations:
            if not places.same_country(loc, m.location):
                return False
    return True


def _preference(report: ReportedEvent, cluster: _Cluster) -> tuple[int, float, int, str]:
    """Lower is better: same article, more shared actors, nearer sentence, then a stable id."""
    same = [r for r in cluster.members if r.article_id == report.article_id]
    mine, theirs = set(_people(report)), cluster.participants
    overlap = len(mine & theirs) / len(mine | theirs)
    distance = min((abs(r.mention.sentence - report.mention.sentence) for r in same), default=10**6)
    return (0 if same else 1, -overlap, distance, mention_id(cluster.members[0]))


def _undated_target(report: ReportedEvent, clusters: _Clusters, places: Places) -> _Cluster | None:
    m = report.mention
    local = [c for c in clusters.of_article(report) if _compatible(report, c, places)]
    if m.status == "planned" and report.published_date:
        # what is still to come cannot be an event that ended before the article
        local = [c for c in local if not (c.end and c.end < report.published_date)]
    if local:

        def rank(c: _Cluster) -> tuple[int, int, str]:
            same = [r for r in c.members if r.article_id == report.article_id]
            distance = min(abs(r.mention.sentence - m.sentence) for r in same)
            conflict = int(all(_conflicts(m.status, r.mention.status) for r in same))
            return distance, conflict, mention_id(c.members[0])

        return min(local, key=rank)
    # The one dated event with exactly these people that the report can be about; none if
    # two can (so the search stops at the second).
    mine = set(_people(report))
    found: _Cluster | None = None
    for c in clusters.same_people(report):
        if (
            _plausible(report, c)
            and mine == c.participants
            and _compatible(report, c, places)
            and _identified(report, c)
            and _same_targets(report, c)
        ):
            if found is not None:
                return None
            found = c
    return found


_NEAR = timedelta(days=7)


def _join_undated(clusters: list[_Cluster]) -> list[list[ReportedEvent]]:
    """Undated events of different articles published within a week of each other that
    have the same type, mode and people, and compatible recipients, are one event: papers
    report the same thanks, accusation or request on the day it was made or soon after,
    mostly without a date. Unnamed groups alone (पुलिस) also need a named target in
    common. Clusters are taken in creation order, each joining the first earlier group it
    fits, so the result depends only on the reports."""
    groups: list[tuple[_Cluster, list[ReportedEvent], set[str], set[date], set[str]]] = []
    for cluster in clusters:
        recipients = _targets(cluster.members)
        days = {r.published_date for r in cluster.members if r.published_date}
        for head, members, theirs, their_days, articles in groups:
            if (
                head.kind == cluster.kind
                and head.participants == cluster.participants
                and cluster.participants
                and not (articles & cluster.articles)
                and (not recipients or not theirs or recipients <= theirs or theirs <= recipients)
                and (
                    any(not group_kind(p) for p in cluster.participants)
                    or any(not group_kind(i) for i in recipients & theirs)
                )
                and days
                and their_days
                and all(abs(a - b) <= _NEAR for a in days for b in their_days)
            ):
                members.extend(cluster.members)
                theirs |= recipients
                their_days |= days
                articles |= cluster.articles
                break
        else:
            groups.append((cluster, list(cluster.members), recipients, days, set(cluster.articles)))
    return [members for _, members, _, _, _ in groups]


def _identified(report: ReportedEvent, cluster: _Cluster) -> bool:
    """Whether people alone tie a report to another article's event: named ones do, but
    "पुलिस ने आरोपी को गिरफ्तार किया" in two papers is two arrests unless they also name
    the same target."""
    if any(not group_kind(p) for p in _people(report)):
        return True
    mine = {i for i in _targets([report]) if not group_kind(i)}
    return bool(mine & _targets(cluster.members))


def _same_targets(report: ReportedEvent, cluster: _Cluster) -> bool:
    """Whether a report from another article can be aimed at the event's recipients: one
    names none, or one's are among the other's ("चीन ने भारत से अपील की" is not China's
    request to Pakistan, whatever the day)."""
    mine, theirs = _targets([report]), _targets(cluster.members)
    return not mine or not theirs or mine <= theirs or theirs <= mine


def _conflicts(a: str, b: str) -> bool:
    return {a, b} == {"planned", "occurred"}


def _plausible(report: ReportedEvent, cluster: _Cluster) -> bool:
    """Whether an undated report from another article can be about this dated event."""
    published = report.published_date
    if published is None or cluster.start is None or cluster.end is None:
        return False
    if cluster.start > published + _PLAUSIBLE or cluster.end < published - _PLAUSIBLE:
        return False
    status = report.mention.status
    if status == "planned" and cluster.end < published:
        return False
    return not (status == "occurred" and cluster.start > published)


# --- one event from its mentions --------------------------------------------------------------


def _summarise(
    members: Sequence[ReportedEvent], places: Places
) -> tuple[Event, list[ReportedEvent]]:
    members = sorted(members, key=_sort_key)
    head = members[0].mention
    actors = _union_actors(members)
    recipients = _recipients(members, actors)
    location = _location(members, places)
    start, end, value, precision = _date(members)
    published = [r.published_date for r in members if r.published_date]
    status = min((r.mention.status for r in members), key=lambda s: _STATUS_RANK.get(s, 9))
    if start and published and all(p < start for p in published):
        status = "planned"
    elif end and any(p > end for p in published):
        status = "occurred"  # a report written after the event: it happened (or we'd know)
    miss = 1.0
    for r in members:
        miss *= 1.0 - max(0.0, min(1.0, r.mention.confidence))
    anonymous = all(group_kind(i) for i in actors)
    first = min(r.article_id for r in members) if anonymous else None
    key = canonical_key(head.type, head.mode, actors, start, end, location, recipients, first)
    event = Event(
        event_id=_sha(key),
        type=head.type,
        mode=head.mode,
        actors=actors,
        recipients=recipients,
        location_id=location,
        date_value=value,
        start_date=start,
        end_date=end,
        precision=precision,
        status=status,
        num_mentions=len(members),
        num_articles=len({r.article_id for r in members}),
        first_seen_at=min(published) if published else None,
        confidence=round(1.0 - miss, 3),
        canonical_key=key,
    )
    return event, list(members)


def _is_fallback(m: EventMention) -> bool:
    """A multilateral mention whose only named participant is the forum itself."""
    return m.mode == "multilateral" and bool(m.recipients) and set(m.actors) == set(m.recipients)


def _union_actors(members: Sequence[ReportedEvent]) -> tuple[str, ...]:
    """All actors reported; mentions nest, so this is the fullest report. The forum of a
    multilateral meeting counts only where no one else is named."""
    pool = [r.mention for r in members if not _is_fallback(r.mention)] or [
        r.mention for r in members
    ]
    actors = {i for m in pool for i in m.actors}
    if members[0].mention.mode == "multilateral":
        # unnamed members (सार्क के देशों) add nothing to a forum's named participants
        named = {i for i in actors if not group_kind(i)} or {
            i for r in members for i in r.mention.actors if not group_kind(i)
        }
        actors = named or actors
    return tuple(sorted(actors))


def _recipients(members: Sequence[ReportedEvent], actors: Sequence[str]) -> tuple[str, ...]:
    if members[0].mention.mode == "multilateral":
        forums = {i for r in members for i in r.mention.recipients}
        return tuple(sorted(forums - set(actors) or forums))
    votes: dict[tuple[str, ...], float] = {}
    for r in members:
        key = tuple(i for i in r.mention.recipients if i not in actors)
        if key:
            votes[key] = votes.get(key, 0.0) + r.mention.confidence
    if not votes:
        return ()
    return max(sorted(votes), key=lambda k: round(votes[k], 9))


def _location(members: Sequence[ReportedEvent], places: Places) -> str | None:
    """The most specific place: a city over a country; the first report's where tied."""
    located = [r.mention.location for r in members if r.mention.location]
    if not located:
        return None
    specific = [loc for loc in located if not places.is_country(loc)]
    return (specific or located)[0]


def _date(
    members: Sequence[ReportedEvent],
) -> tuple[date | None, date | None, str | None, str | None]:
    """The best-precision date any mention gives (from a sentence before the article)."""
    dated = [r.mention for r in members if r.mention.start_date and r.mention.end_date]
    if not dated:
        return None, None, None, None
    sourced = [m for m in dated if m.date_source == "sentence"] or dated
    finest = min(_precision_rank(m.precision) for m in sourced)
    best = [m for m in sourced if _precision_rank(m.precision) == finest]
    start = min(m.start_date for m in best if m.start_date)
    end = max(m.end_date for m in best if m.end_date)
    for m in sorted(best, key=lambda m: (m.date_value or "", m.trigger_start)):
        if m.start_date == start and m.end_date == end:
            return start, end, m.date_value, m.precision
    return start, end, f"{start.isoformat()}/{end.isoformat()}", best[0].precision


def _dedupe_keys(
    events: list[tuple[Event, list[ReportedEvent]]], places: Places
) -> list[tuple[Event, list[ReportedEvent]]]:
    """Merge events that ended up with the same canonical key, until keys are unique."""
    while True:
        by_key: dict[str, list[ReportedEvent]] = {}
        for event, members in events:
            by_key.setdefault(event.canonical_key, []).extend(members)
        if len(by_key) == len(events):
            return events
        events = [_summarise(members, places) for members in by_key.values()]


# --- helpers ------------------------------------------------------------------------------------


def _people(report: ReportedEvent) -> tuple[str, ...]:
    """The participants that decide a merge; an unnamed group counts by its kind (फंसे
    भारतीयों and भारतीयों are the same stranded Indians), not by its wording."""
    m = report.mention
    people = (*m.actors, *m.recipients) if m.mode == "multilateral" else m.actors
    if m.mode == "multilateral":
        # A forum's meeting is known by its forum and the people at it: the member states a
        # report names (Pakistan in this SAARC conference, SAARC's countries) took part in
        # that one, but a summit with Modi and a ministers' meeting are two.
        forums = tuple(i for i in m.recipients if not group_kind(i))
        named = tuple(i for i in people if not group_kind(i))
        persons = tuple(i for i in named if i.startswith("per_") and i not in forums)
        people = (*forums, *persons) if forums else named or people
    keys = tuple(dict.fromkeys(_group_key(i) for i in people))
    return tuple(sorted(keys)) if m.mode == "multilateral" else keys


_GOVERNMENT = "org_government_of_"


def _group_key(entity_id: str) -> str:
    kind = group_kind(entity_id)
    return f"grp_{kind}" if kind else entity_id


def _target_key(entity_id: str) -> str:
    """A recipient as the merge compares it: a government is the place it governs (कई देशों
    ने भारत से अनुरोध किया, सरकार को देशों से अनुरोध मिला: one request). Only for whom an
    act is aimed at: as actors, भारत सरकार and भारत stay apart, or every aid India gives,
    medicine or evacuation flights, would meet."""
    key = _group_key(entity_id)
    if key.startswith(_GOVERNMENT):
        return "loc_" + key.removeprefix(_GOVERNMENT)
    return key


def _targets(reports: Sequence[ReportedEvent]) -> set[str]:
    """The reports' recipients as the merge compares them (``_target_key``)."""
    return {_target_key(i) for r in reports for i in r.mention.recipients}


def _precision_rank(precision: str | None) -> int:
    return _PRECISION.index(precision) if precision in _PRECISION else len(_PRECISION)


def _sort_key(report: ReportedEvent) -> tuple[object, ...]:
    m = report.mention
    return (
        report.article_id,
        m.sentence,
        m.trigger_start,
        m.trigger_end,
        m.type,
        m.mode or "",
        m.actors,
        m.recipients,
        m.location or "",
        m.date_value or "",
        m.date_source,
        m.status,
        m.confidence,
        m.negated,
        m.actor_spans,
        report.published_date or date.min,
    )


def _sha(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]
