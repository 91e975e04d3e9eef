"""Event detection: trigger words from a lexicon, roles from Hindi case markers.

A sentence is cut into clauses (at कि, relative words, quotes, colons and infinitival
phrases) because Hindi roles and verbs are clause-local. In a clause every lexicon trigger
(``seeds/event_triggers.csv``) becomes a candidate. A noun trigger counts as a *predicate*
when a light verb follows it (मुलाकात की, दौरा किया, समर्थन करता है, बातचीत होगी);
some nouns (चर्चा, समर्थन, ...) are triggers only then, since bare they name a topic.

Roles come from the case marker after each entity (or resolved pronoun):

* ने / subject (unmarked, clause-initial) -> agent, only for agentive predicates (कर-, दे-,
  ले- light verbs, verbs); with हो- the event noun itself is the subject.
* से, के साथ -> counterpart; को -> dative; पर, के खिलाफ -> target; में on a place -> location.
* की/का/के, के बीच and a bare compound (भारत-रूस शिखर सम्मेलन) -> participants of the
  trigger noun, but only when the words between them and the trigger are transparent
  (dates, places, determiners), so a topic phrase (X के बीच सहयोग पर चर्चा) is not a role.

Pronouns (उन्होंने, वह, उनकी), दोनों नेताओं/देशों and bare titles (विदेश मंत्री ने) are
resolved from what the article said before; an elided subject of an active predicate takes
the last agent. An event needs at least one actor, which keeps headlines and furniture out.

Dates: each date expression in a clause belongs to the nearest trigger; a relative clause
(जब, जहाँ, जिसकी ...) shares dates with the clause it hangs on. A mention with no date
of its own stays undated (``date_source="none"``) unless the article names exactly one
calendar day and the mention is past/ongoing and set where that day was: then it takes that
day with ``date_source="article"``. The publication date is never used by itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from khabar.model import DateMention, EntityMention, EventMention, Span
from khabar.nlp.groups import GroupLexicon, continuations, group_kind
from khabar.nlp.tense import FUTURE, PAST, PRESENT, tense_after
from khabar.resources import csv_rows, reference_path

if TYPE_CHECKING:
    from khabar.nlp.entities import KnowledgeBase

# --- lexicon ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Trigger:
    """One row of ``event_triggers.csv``."""

    phrase: tuple[str, ...]  # tokens, lower-cased
    language: str
    type: str
    mode: str | None
    frame: str  # joint | reciprocal | visit | host | forum | directed
    predicate: bool  # a verb (or predicate adjective) rather than an event noun
    light_verb_required: bool
    requires: str  # "" or one of _REQUIRES: what the clause must hold for an event
    weight: float

    @property
    def requires_org(self) -> bool:
        return self.requires == "org"


def _words(line: str) -> list[str]:
    return line.split()


_FRAMES = frozenset({"joint", "reciprocal", "visit", "host", "forum", "directed"})
# PLOVER's 16 categories; a trigger row with any other type is an error, not a new type
PLOVER_TYPES = frozenset(
    _words(
        "CONSULT AGREE SUPPORT COOPERATE AID REQUEST ACCUSE REJECT THREATEN PROTEST SANCTION "
        "COERCE ASSAULT MOBILIZE RETREAT CONCEDE"
    )
)
# The modes of CONSULT the detector gives: a trigger's own (meet, phone, visit) or
# multilateral when a meeting has an organisation or three or more parties (_mode).
EVENT_MODES = frozenset({"meet", "phone", "visit", "multilateral"})
# org: a forum needs an organisation; comit: a counterpart (से, के साथ); person: a person as
# counterpart (X Y से मिले); target: a named recipient; target_or_group: a named recipient or
# a group noun in a recipient's case (आरोपी को, पुलिस पर); group: the group itself
# (फंसे भारतीयों को वापस लाने); aid_object: supplies, medicine or vehicles in the clause
_REQUIRES = frozenset({"", "org", "comit", "person", "target", "target_or_group", "group"})
_REQUIRES_ALL = _REQUIRES | {"aid_object"}
_TOKEN = re.compile(r"[0-9A-Za-z\u0900-\u0963\u0966-\u097F\u200c\u200d]+(?:'[A-Za-z]+)?|\S")


def _tokens_of(text: str) -> tuple[str, ...]:
    return tuple(m.group(0).lower() for m in _TOKEN.finditer(text))


def load_triggers(path: Path | None = None) -> dict[str, tuple[Trigger, ...]]:
    """Read the trigger lexicon, keyed by first token, longest phrases first. A row with an
    unknown type, frame or requirement is an error naming the file and line, not a new type."""
    by_first: dict[str, list[Trigger]] = {}
    for where, row in csv_rows(path or reference_path("event_triggers.csv"), _TRIGGER_COLUMNS):
        phrase = _tokens_of(row["trigger"])
        if not phrase:
            raise ValueError(f"{where}: empty trigger")
        for column, allowed in (("type", PLOVER_TYPES), ("frame", _FRAMES)):
            if row[column] not in allowed:
                raise ValueError(
                    f"{where}: {column} {row[column]!r} is not one of {', '.join(sorted(allowed))}"
                )
        if row["mode"] and row["mode"] not in EVENT_MODES:
            raise ValueError(
                f"{where}: mode {row['mode']!r} is not one of {', '.join(sorted(EVENT_MODES))}"
            )
        if row["requires"] not in _REQUIRES_ALL:
            raise ValueError(f"{where}: requires {row['requires']!r} is not known")
        try:
            weight = float(row["weight"])
        except ValueError:
            raise ValueError(f"{where}: weight {row['weight']!r} is not a number") from None
        entry = Trigger(
            phrase=phrase,
            language=row["language"],
            type=row["type"],
            mode=row["mode"] or None,
            frame=row["frame"],
            predicate=row["pos"] == "pred",
            light_verb_required=row["light_verb_required"] == "yes",
            requires=row["requires"],
            weight=weight,
        )
        by_first.setdefault(phrase[0], []).append(entry)
    return {k: tuple(sorted(v, key=lambda t: -len(t.phrase))) for k, v in by_first.items()}


_TRIGGER_COLUMNS = (
    "trigger", "language", "type", "mode", "frame", "pos", "light_verb_required", "requires",
    "weight",
)  # fmt: skip


_WORD_CLASSES = frozenset({"group", "aid_object", "kin", "wish", "complement", "offer"})


def load_event_words(path: Path | None = None) -> dict[str, frozenset[str]]:
    """Read ``event_words.csv``: word classes the constructions test (groups, aid objects,
    kinship words, wishes), lower-cased, by class."""
    classes: dict[str, set[str]] = {c: set() for c in _WORD_CLASSES}
    for where, row in csv_rows(path or reference_path("event_words.csv"), ("word", "class")):
        word = row["word"].strip().lower()
        if not word or row["class"] not in _WORD_CLASSES:
            raise ValueError(f"{where}: bad event word row {row}")
        classes[row["class"]].add(word)
    return {c: frozenset(v) for c, v in classes.items()}


@dataclass(frozen=True, slots=True)
class EventLexicon:
    """What the event stage reads from ``seeds/``: the triggers, the word classes, and the
    group head words that continue a name before them (सार्क देशों, भारत सरकार)."""

    triggers: dict[str, tuple[Trigger, ...]]
    words: dict[str, frozenset[str]]
    continuing: frozenset[str]


def load_event_lexicon(seeds_dir: Path, groups: GroupLexicon) -> EventLexicon:
    return EventLexicon(
        load_triggers(seeds_dir / "event_triggers.csv"),
        load_event_words(seeds_dir / "event_words.csv"),
        continuations(groups),
    )


# --- word classes (grammar, not lexicon) ---------------------------------------------------

_AGENTIVE_LV = frozenset(
    _words(
        "कर की किया किए किये कीं करेंगे करेगा करेगी करेंगी करने करते करता करती करना करके "
        "करें दिया दी दिए दीं देंगे देगा देगी देने देते देता देती दे लिया ली लिए लेंगे "
        "लेगा लेने लेते ले लगाया लगाई लगाए लगाते लगाता लगाने जताई जताया जताते जताने डाला "
        "डाली बनाया बनाई भेजी भेजा "
        # progressive and future forms: रोक लगा रहे हैं, आभार जता रहा है, प्रतिबंध लगाएगा
        "लगा लगाएगा लगाएगी लगाएंगे लगाएंगी लगाएं जता जताएगा जताएगी जताएंगे"
    )
)
_INFINITIVE_LV = frozenset(_words("करना करने करनी होना होने देना देने लेना लेने"))
_NONAGENTIVE_LV = frozenset(_words("हुई हुआ हुए हुईं हो होगी होगा होंगे होने होती होता होते बनी"))
_RECEIPT = frozenset(_words("मिला मिली मिले मिलीं मिलेगा मिलेगी मिलेंगे"))
_SPEECH_LV = frozenset(_words("कह कहा कहते कहती कहेंगे बोले बोला"))  # ट्रंप ने भारत को कहा- शुक्रिया
_PASSIVE = frozenset(_words("गई गया गए गयी गये जाएगी जाएगा जाएंगे जाती जाता जाना जाने"))
_COPULA = frozenset(_words("है हैं था थी थे रहे रहेंगे रहने रहेगा रहेगी गए जाएंगे"))
_NEGATION = frozenset(_words("नहीं न ना मत not never no didn't cannot won't"))
_SKIP_BEFORE_VERB = frozenset(_words("भी ही तो"))
_HELD = frozenset(_words("हुई हुए हुआ"))  # a participle before its event noun: हुई बैठक
_BEGIN = frozenset(_words("शुरू शुरु"))  # an aspect word between a noun and its light verb
# going on, sitting on or being on a strike or sit-in (the protesters are its subject)
_ON_PROTEST = frozenset(_words("चले चली चला बैठे बैठी बैठा बैठ उतरे उतरी उतर है हैं था थी थे"))
_CONJ = frozenset(_words("और तथा एवं व , - and &"))
_POSTPOSITIONS = frozenset(
    _words(
        "ने से को में पर तक का के की द्वारा संग सहित समेत बाद पहले दौरान लिए तहत बारे "
        "अनुसार मुताबिक ओर तरफ साथ बीच खिलाफ"
    )
)
_GENITIVE = frozenset(_words("का के की"))
_SPEECH = frozenset(_words("कहा बताया घोषणा दावा कहना कहते said announced told"))
_ACCORDING = (("के", "अनुसार"), ("के", "मुताबिक"))
_OPENERS_PREV = frozenset(_words("जब जहां जहाँ जहा"))  # relative clause on the clause before
_OPENERS_BACK = frozenset(_words("जिसकी जिसके जिसका जिसमें जिससे जिसे जो जिन्होंने"))
_OPENERS = _OPENERS_PREV | _OPENERS_BACK | frozenset(_words("जबकि क्योंकि ताकि लेकिन मगर बल्कि"))
_BOUNDARY_PUNCT = frozenset(':;“”"—–|')
# "समर्थन करता है" is present (habitual); tense.py reads ता है as a past participle
_HABITUAL = re.compile(r"\S+\s+(?:कर|दे|रख)(?:ता|ती|ते)\s+(?:है|हैं)")
_MODAL = re.compile(r"सकते|सकता|सकती|सकें|उम्मीद|संभावना|संभव|\bmay\b|\bmight\b|\bexpected\b")
_TITLE_WORDS = frozenset(
    _words(
        "राष्ट्रपति प्रधानमंत्री पीएम मंत्री विदेश रक्षा गृह वित्त उप प्रथम फर्स्ट डिप्टी "
        "प्राइम मिनिस्टर राजदूत सलाहकार राष्ट्रीय सुरक्षा नेता अध्यक्ष समकक्ष राजधानी शहर "
        "सचिव महासचिव प्रवक्ता pm dpm president minister foreign prime first deputy "
        "secretary"
    )
)
_TITLE_HEADS = frozenset(_words("मंत्री राष्ट्रपति प्रधानमंत्री नेता पीएम समकक्ष"))
_MODIFIERS = frozenset(
    _words(
        "यह ये वह इस उस इन उन एक पहली पहला पहले दूसरी दूसरा आखिरी अगली अगला पिछली पिछला "
        "अहम महत्वपूर्ण प्रस्तावित आगामी आधिकारिक राजकीय द्विपक्षीय औपचारिक अनौपचारिक "
        "ऐतिहासिक वार्षिक विस्तृत हालिया उपयोगी शिखर उच्चस्तरीय स्तरीय संयुक्त भी ही the "
        "a an our his her their its first last official state bilateral annual upcoming"
    )
)
_ORDINAL = re.compile(r"^\d+(?:वें|वां|वीं|वा|th|st|nd|rd)$")
_PRONOUNS: dict[str, tuple[str, str]] = {  # token -> (person, inherent marker)
    **dict.fromkeys(_words("उन्होंने इन्होंने उसने इसने"), ("third", "AGENT")),
    "हमने": ("we", "AGENT"),
    "मैंने": ("i", "AGENT"),
    **dict.fromkeys(_words("वह वे"), ("third", "NONE")),
    "हम": ("we", "NONE"),
    "मैं": ("i", "NONE"),
    # oblique first person: the speaker as recipient or partner (not the genitive: "मैं और
    # मेरे समकक्ष जयशंकर" would lose the speaker from the coordination)
    **dict.fromkeys(_words("मुझे मुझको"), ("i", "DAT")),
    "मुझसे": ("i", "COMIT"),
    **dict.fromkeys(_words("उनकी उनके उनका उसकी उसके उसका"), ("third", "GEN")),
    **dict.fromkeys(_words("उनसे उससे"), ("third", "COMIT")),
    **dict.fromkeys(_words("उन्हें उनको उसे"), ("third", "DAT")),
}
_BOTH_PERSONS = frozenset(_words("नेता नेताओं मंत्री मंत्रियों"))
_BOTH_COUNTRIES = frozenset(_words("देश देशों पक्ष पक्षों राष्ट्र राष्ट्रों"))
_PLACE_LABELS = frozenset({"LOC", "GPE"})
_EN_MARKERS = {"in": "IN", "at": "IN", "with": "COMIT", "to": "TO", "by": "AGENT", "of": "GEN"}

# --- places ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Places:
    """Which country each place is in, from the entity knowledge base.

    ``codes`` maps a place id to its ISO country code; ``countries`` maps a code to the id of
    the country itself (the first place with that code in the KB, where countries are listed
    before their cities).
    """

    codes: dict[str, str]
    countries: dict[str, str]

    def code(self, entity_id: str) -> str | None:
        return self.codes.get(entity_id)

    def country(self, entity_id: str) -> str | None:
        """The country entity containing ``entity_id`` (itself for a country), if known."""
        code = self.codes.get(entity_id)
        return self.countries.get(code) if code else None

    def is_country(self, entity_id: str) -> bool:
        return self.country(entity_id) == entity_id

    def same_country(self, a: str, b: str) -> bool:
        """One place, or two in one country; a place the KB does not locate is only itself."""
        return a == b or (self.code(a) or a) == (self.code(b) or b)


def places_of(kb: KnowledgeBase) -> Places:
    """Which country each place of the knowledge base is in."""
    codes: dict[str, str] = {}
    countries: dict[str, str] = {}
    for entity in kb.entities.values():
        if entity.type in _PLACE_LABELS and entity.country:
            codes[entity.entity_id] = entity.country
            countries.setdefault(entity.country, entity.entity_id)
    return Places(codes, countries)


def default_places() -> Places:
    """The shipped knowledge base's places (``khabar.resources.shipped``): for callers that
    pass none. Fails, as loading the knowledge base does, when it is missing or malformed."""
    from khabar.resources import shipped  # the resources module builds on this one

    return shipped().places


# --- records for one article ----------------------------------------------------------------


class _Tok(NamedTuple):
    """A word of a sentence (a tuple: a sentence makes one per word, and a frozen
    dataclass's ``__init__`` cost a seventh of the event stage)."""

    text: str
    low: str
    start: int
    end: int


@dataclass(slots=True)
class _Ref:
    """An entity mention, or a pronoun / दोनों-phrase / bare title standing for entities."""

    first: int  # token indices, inclusive
    last: int
    start: int  # char offsets
    end: int
    ids: tuple[str, ...]
    label: str  # PER | PLACE | ORG | OTHER
    kind: str = "entity"  # entity | pronoun | both | title
    person: str | None = None  # we | i | third, for pronouns
    inherent: str | None = None  # a pronoun's own case
    both_sides: tuple[str, ...] = ()  # हम read as "both parties"
    marker: str = "NONE"
    marker_last: int = -1  # last token of the case marker (the reference's own when none)
    mod: bool = False
    adjective: bool = False  # रूसी, भारतीय: a demonym used as an adjective


@dataclass(slots=True)
class _Group:
    members: list[_Ref]
    marker: str
    first: int
    last: int  # last token of the marker (or of the last member when unmarked)

    def ids(self, both: bool = False) -> list[str]:
        out: list[str] = []
        for ref in self.members:
            for i in ref.both_sides if both and ref.both_sides else ref.ids:
                if i not in out:
                    out.append(i)
        return out

    @property
    def resolved(self) -> bool:
        return any(r.kind != "entity" for r in self.members)


@dataclass(slots=True)
class _Clause:
    first: int
    last: int  # inclusive
    opener: str | None  # prev | back | comp | None
    reported: bool = False
    refs: list[_Ref] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)


@dataclass(slots=True)
class _State:
    """What the article has said so far, for resolving pronouns and elided subjects."""

    places: Places
    lexicon: EventLexicon
    labels: dict[str, str] = field(default_factory=dict)
    persons: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    agents: list[tuple[str, ...]] = field(default_factory=list)  # every agent named, in order
    last_pair: tuple[str, ...] = ()
    nominal: set[int] = field(default_factory=set)  # trigger starts of non-predicate mentions
    referring: set[int] = field(default_factory=set)  # trigger starts after इस/उस (इस चर्चा)
    recent: dict[str, EventMention] = field(default_factory=dict)  # last mention of each type
    previous_dates: tuple[DateMention, ...] = ()  # the dates of the sentence before

    @property
    def last_agents(self) -> tuple[str, ...]:
        return self.agents[-1] if self.agents else ()


@dataclass(slots=True)
class _Hit:
    entry: Trigger
    first: int
    last: int
    light_verb: int | None  # token index of the light verb
    agentive: bool
    passive: bool
    receipt: bool = False  # अनुरोध मिला: the को-marked party received, the से-marked one sent
    claim: bool = False  # X का आरोप है कि …, X के अनुरोध पर: the genitive made the claim or request


# --- public API -----------------------------------------------------------------------------


def detect_events(
    text: str,
    sentences: Sequence[Span],
    entities: Sequence[EntityMention],
    dates: Sequence[DateMention],
    document_date: date | None,
    *,
    places: Places | None = None,
    lexicon: EventLexicon | None = None,
) -> list[EventMention]:
    """Event mentions in one article, in text order; negated ones are kept and flagged.
    ``places`` and ``lexicon`` default to the shipped ones (``khabar.resources.shipped``)."""
    if places is None or lexicon is None:
        from khabar.resources import shipped  # the resources module builds on this one

        places = places or shipped().places
        lexicon = lexicon or shipped().events
    state = _State(places, lexicon)
    for e in entities:
        state.labels.setdefault(e.entity_id, _label(e.label))
    usable = [d for d in dates if d.type in ("DATE", "TIME") and d.start_date and d.end_date]
    found: list[EventMention] = []
    in_entities, in_dates = _inside(entities, sentences), _inside(usable, sentences)
    for index, span in enumerate(sentences):
        found.extend(
            _sentence_events(
                text,
                index,
                span,
                in_entities[index],
                in_dates[index],
                document_date,
                lexicon,
                state,
            )
        )
        state.previous_dates = tuple(in_dates[index])
    found = _forum_references(_cataphora(found), state.referring)
    return _inherit_article_date(found, sentences, usable, places, state.nominal, document_date)


def _cataphora(found: list[EventMention]) -> list[EventMention]:
    """A headline or lead names an event before the sentence that tells who took part
    ("… मारपीट करने वाला गिरफ्तार", then "दिल्ली पुलिस ने आरोपी को गिरफ्तार किया"): a
    mention with no participants takes those of the next mention of its type a few
    sentences on; one with none there either is dropped."""
    out: list[EventMention] = []
    for k, m in enumerate(found):
        if m.actors:
            out.append(m)
            continue
        later = next(
            (n for n in found[k + 1 :] if n.actors and _names(n, m.type, m.mode, m.sentence)),
            None,
        )
        if later is not None:
            out.append(
                replace(
                    m,
                    mode=later.mode,
                    actors=later.actors,
                    recipients=_joined(
                        later.recipients, tuple(i for i in m.recipients if i not in later.actors)
                    ),
                    location=m.location or later.location,
                    confidence=round(m.confidence * 0.85, 3),
                )
            )
    return out


def _joined(first: tuple[str, ...], then: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(first + then))


_M = TypeVar("_M", EntityMention, DateMention)


def _inside(mentions: Sequence[_M], sentences: Sequence[Span]) -> list[list[_M]]:
    """The mentions inside each sentence, in their order: found by bisection on their starts,
    since testing every mention against every sentence was a fifth of the event stage."""
    order = sorted(range(len(mentions)), key=lambda k: mentions[k].start)
    starts = [mentions[k].start for k in order]
    inside: list[list[_M]] = []
    for span in sentences:
        first = bisect.bisect_left(starts, span.start)
        last = bisect.bisect_right(starts, span.end)
        picked = sorted(k for k in order[first:last] if mentions[k].end <= span.end)
        inside.append([mentions[k] for k in picked])
    return inside


# --- sentence analysis ----------------------------------------------------------------------


def _label(label: str) -> str:
    if label in _PLACE_LABELS:
        return "PLACE"
    return label if label in ("PER", "ORG", "GRP") else "OTHER"


def _sentence_events(
    text: str,
    index: int,
    span: Span,
    ents: Sequence[EntityMention],
    sdates: Sequence[DateMention],
    document_date: date | None,
    lexicon: EventLexicon,
    state: _State,
) -> list[EventMention]:
    """The events of one sentence; ``ents`` and ``sdates`` are the mentions inside it."""
    toks = [
        _Tok(m.group(0), m.group(0).lower(), span.start + m.start(), span.start + m.end())
        for m in _TOKEN.finditer(text[span.start : span.end])
    ]
    if not toks:
        return []
    covered = _covered(toks, [(e.start, e.end) for e in ents] + [(d.start, d.end) for d in sdates])
    date_toks = _covered(toks, [(d.start, d.end) for d in sdates])
    refs = _entity_refs(toks, ents, state)
    refs = sorted(refs + _pseudo_refs(toks, covered), key=lambda r: r.first)
    _mark(toks, refs, date_toks, lexicon)
    clauses = _clauses(toks, refs)
    out: list[EventMention] = []
    for k, clause in enumerate(clauses):
        _resolve(clause, clauses[:k], state)
        clause.groups = _groups(toks, clause.refs, lexicon)
        hits = _hits(toks, clause, covered, lexicon.triggers)
        mentions = _clause_events(
            text, index, span, toks, clauses, k, hits, sdates, date_toks, document_date, state
        )
        out.extend(mentions)
        _update_state(clause, mentions, state)
    return out


def _covered(toks: Sequence[_Tok], spans: Sequence[tuple[int, int]]) -> set[int]:
    return {i for i, t in enumerate(toks) for s, e in spans if s <= t.start and t.end <= e}


def _entity_refs(toks: Sequence[_Tok], ents: Sequence[EntityMention], state: _State) -> list[_Ref]:
    refs: list[_Ref] = []
    for e in sorted(ents, key=lambda e: (e.start, -(e.end - e.start))):
        inside = [i for i, t in enumerate(toks) if t.start < e.end and e.start < t.end]
        if not inside or any(r.first <= inside[0] <= r.last for r in refs):
            continue
        surface = e.surface.strip()
        refs.append(
            _Ref(
                inside[0],
                inside[-1],
                e.start,
                e.end,
                (e.entity_id,),
                state.labels.get(e.entity_id, _label(e.label)),
                adjective=_label(e.label) == "PLACE" and surface.endswith(("ी", "ीय")),
            )
        )
    return refs


def _pseudo_refs(toks: Sequence[_Tok], covered: set[int]) -> list[_Ref]:
    """Pronouns, दोनों-phrases and bare titles; resolved later, in text order."""
    out: list[_Ref] = []
    i = 0
    while i < len(toks):
        low = toks[i].low
        if i in covered:
            i += 1
            continue
        if low in _PRONOUNS:
            person, inherent = _PRONOUNS[low]
            out.append(
                _Ref(i, i, toks[i].start, toks[i].end, (), "PER", "pronoun", person, inherent)
            )
        elif low == "दोनों" and i + 1 < len(toks) and i + 1 not in covered:
            noun = toks[i + 1].low
            if noun in _BOTH_PERSONS or noun in _BOTH_COUNTRIES:
                label = "PER" if noun in _BOTH_PERSONS else "PLACE"
                out.append(_Ref(i, i + 1, toks[i].start, toks[i + 1].end, (), label, "both"))
                i += 2
                continue
        elif low in _TITLE_HEADS and i + 1 < len(toks) and toks[i + 1].low == "ने":
            first = i
            while (
                first - 1 >= 0 and toks[first - 1].low in _TITLE_WORDS and first - 1 not in covered
            ):
                first -= 1
            out.append(_Ref(first, i, toks[first].start, toks[i].end, (), "PER", "title"))
        i += 1
    return out


def _postposition(toks: Sequence[_Tok], i: int) -> tuple[str, int] | None:
    """The case marker starting at token ``i`` and the index of its last token."""
    if i >= len(toks):
        return None
    low = toks[i].low
    nxt = toks[i + 1].low if i + 1 < len(toks) else ""
    if low == "ने":
        return "AGENT", i
    if low == "द्वारा":  # the agent of a passive (X द्वारा अनुरोध किया गया)
        return "BY", i
    if low == "से" or low == "संग":
        return "COMIT", i
    if low == "को":
        return "DAT", i
    if low == "में":
        return "IN", i
    if low == "पर":
        return "ON", i
    if low in ("सहित", "समेत"):
        return "OTHER", i
    if low in _GENITIVE:
        if nxt == "साथ" and not (i + 2 < len(toks) and toks[i + 2].low == "-"):
            return "COMIT", i + 1
        if nxt == "बीच":
            return "BETWEEN", i + 1
        if nxt in ("खिलाफ", "ख़िलाफ़", "खिलाफ़", "विरुद्ध"):
            return "AGAINST", i + 1
        return "GEN", i
    return None


def _is_plain(tok: _Tok) -> bool:
    return (
        tok.low not in _POSTPOSITIONS
        and tok.low not in _CONJ
        and tok.low not in _AGENTIVE_LV
        and tok.low not in _NONAGENTIVE_LV
        and tok.low not in _COPULA
        and tok.low not in _PASSIVE
        and tok.low not in _NEGATION
        and _TOKEN.fullmatch(tok.text) is not None
        and not tok.text[0].isdigit()
        and len(tok.text) > 1
    )


def _mark(
    toks: Sequence[_Tok],
    refs: list[_Ref],
    date_toks: set[int],
    lexicon: EventLexicon,
) -> None:
    """Set each reference's case marker and whether it only modifies the next reference."""
    starts = {r.first: r for r in refs}
    for ref in refs:
        i = _after_name(toks, ref.last + 1, starts, lexicon.continuing)
        ref.marker_last = ref.last
        if ref.kind == "pronoun" and ref.inherent != "NONE":
            ref.marker = ref.inherent or "NONE"
            continue
        # "रूस के राष्ट्रपति पुतिन", "रूसी विदेश मंत्री लावरोव", "रूसी नेता ने": a modifier
        j = i + 1 if i < len(toks) and toks[i].low in _GENITIVE else i
        titles = 0
        while j < len(toks) and toks[j].low in _TITLE_WORDS and j not in starts:
            j, titles = j + 1, titles + 1
        head = starts.get(j)
        if head is not None and head is not ref and titles <= 6:
            person_head = head.label == "PER"
            if (person_head and (ref.label in ("PLACE", "ORG") or titles)) or (
                head.label == "PLACE" and ref.label == "PLACE" and titles
            ):
                ref.mod = True
                continue
        if (
            ref.adjective
            and i < len(toks)
            and _is_plain(toks[i])
            and toks[i].low not in lexicon.triggers
        ):
            ref.mod = True  # रूसी नेतृत्व, भारतीय समुदायों
            continue
        before = toks[ref.first - 1].low if ref.first > 0 else ""
        if before in _EN_MARKERS and ref.first - 1 not in date_toks:
            ref.marker = _EN_MARKERS[before]
            continue
        if i < len(toks) and toks[i].low in _CONJ:
            ref.marker = "COORD"
            continue
        post = _postposition(toks, i)
        if post:
            ref.marker, ref.marker_last = post
    _not_participants(toks, refs, lexicon.words["kin"])


def _not_participants(toks: Sequence[_Tok], refs: list[_Ref], kin: frozenset[str]) -> None:
    """Names that only describe someone else or the page: a father's name (जौहर पुत्र
    इसराइल ने: the case belongs to जौहर), a dateline (नयी दिल्ली, 19 अप्रैल / नयी दिल्ली :),
    a photo credit glued to the sentence's end (…प्रदर्शन.मुकेश झा)."""
    ends = {r.last: r for r in refs}
    starts = {r.first: r for r in refs}
    n = len(toks)
    for ref in refs:
        named = starts.get(ref.last + 1)
        if named is not None and ref.ids and named.ids == ref.ids:
            ref.mod = True  # आरोपी संजीव की: a title before the name; the case is the name's
            continue
        before = ref.first - 1
        if before >= 0 and toks[before].low in kin and ref.kind == "entity":
            ref.mod = True
            relative = ends.get(before - 1)
            if relative is not None and relative is not ref:
                relative.marker, relative.marker_last = ref.marker, ref.marker_last
                relative.mod = False
            continue
        after = toks[ref.last + 1].low if ref.last + 1 < n else ""
        if before >= 1 and toks[before].low == "(" and after == ")" and (before - 1) in ends:
            ref.mod = True  # संयुक्त अरब अमीरात (यूएई): a gloss of the name before it
            continue
        if ref.first == 0 and ref.label == "PLACE" and after in (",", ":"):
            ref.mod = True
            continue
        glued = (
            before >= 0
            and toks[before].low in (".", "।", "|")
            and toks[before].end == toks[ref.first].start
        )
        if glued and all(not _TOKEN.fullmatch(t.text) for t in toks[ref.last + 1 :]):
            ref.mod = True


def _after_name(
    toks: Sequence[_Tok], i: int, starts: dict[int, _Ref], continuing: frozenset[str]
) -> int:
    """The first token after a name's gloss (एससीओ (SCO)) and a head word that continues
    it (सार्क देशों, भारत सरकार, मालदीव आदि देशों में): where its case marker stands."""
    if i < len(toks) and toks[i].low == "(":
        j = i
        while j < len(toks) and j - i < 10 and toks[j].low != ")":
            j += 1
        i = j + 1
    if i < len(toks) and toks[i].low in ("आदि", "जैसे", "समेत"):
        i += 1
    if i < len(toks) and i not in starts and toks[i].low in continuing:
        i += 1
    if i < len(toks) and toks[i].low in _NOUN_TAILS:
        i += 1  # पुलिस वालों पर, डॉक्टर और पुलिस दोनों पर: the case is the name's
    return i


_NOUN_TAILS = frozenset(_words("दोनों वाले वालों"))


def _clauses(toks: Sequence[_Tok], refs: Sequence[_Ref]) -> list[_Clause]:
    """Cut at कि, relative words, quotes, colons, dashes (not one before the last word or two:
    "ट्रंप ने भारत को कहा- शुक्रिया" is one act), sentence-internal stops and the
    end of infinitival or participial phrases (… रोकने के लिए, … करते हुए), which carry
    their own arguments; and mark what is reported speech."""
    cuts: list[tuple[int, str | None]] = [(0, None)]
    n = len(toks)
    correlative = False  # after जब / जहां / अगर: its तो / वहीं / तब opens the main clause
    for i, tok in enumerate(toks):
        low = tok.low
        if low in _CORRELATED and i > 0 and correlative:
            cuts.append((i, None))
            correlative = False
            continue
        correlative = correlative or low in _CORRELATING
        if (
            low in _BOUNDARY_PUNCT
            or (low == "-" and (i + 1 < n and toks[i + 1].start > tok.end) and n - i > 3)
            or (low in (".", "।", "?", "!") and i > 0 and len(toks[i - 1].low) > 2)
        ):
            cuts.append((i + 1, None))
        elif low == "कि":
            cuts.append((i + 1, "comp"))
        elif low in _OPENERS and i > 0:
            opener = "prev" if low in _OPENERS_PREV else "back" if low in _OPENERS_BACK else None
            cuts.append((i, opener))
        elif (
            low in ("के", "से")
            and i + 1 < n
            and toks[i + 1].low in ("लिए", "बाद", "पहले", "दौरान")
            and i > 0
            and toks[i - 1].low.endswith("ने")
            and len(toks[i - 1].low) > 2
        ):
            cuts.append((i + 2, None))
        elif low == "हुए" and i > 0 and toks[i - 1].low.endswith("ते"):
            cuts.append((i + 1, None))
    clauses: list[_Clause] = []
    # where two cuts meet ("बताया कि जब …") the complement wins, then the relative: a total
    # order, since the set's own order changes with the process's hash seed
    points = sorted({c for c in cuts if c[0] < n}, key=lambda c: (c[0], _OPENER_RANK[c[1]]))
    merged: dict[int, str | None] = {}
    for pos, opener in points:
        merged[pos] = merged.get(pos) or opener
    positions = sorted(merged)
    reported = False
    in_quote = False
    for k, pos in enumerate(positions):
        end = (positions[k + 1] - 1) if k + 1 < len(positions) else n - 1
        if end < pos:
            continue
        clause = _Clause(pos, end, merged[pos])
        words = {toks[j].low for j in range(pos, end + 1)}
        if clause.opener == "comp" and clauses and _speechy(toks, clauses[-1]):
            reported = True
        if pos > 0 and toks[pos - 1].low in ("“", '"'):
            in_quote = True
        if any(
            toks[j].low == a and toks[j + 1].low == b
            for j in range(pos, end)
            for a, b in _ACCORDING
        ):
            reported = True
        clause.reported = reported or in_quote or "according" in words
        if toks[end].low in ("”",) or (toks[end].low == '"' and in_quote):
            in_quote = False
        clause.refs = [r for r in refs if pos <= r.first <= end]
        clauses.append(clause)
    return clauses


_CORRELATING = frozenset(_words("जब जहां जहाँ अगर यदि"))
_CORRELATED = frozenset(_words("तो तब वहीं वहां वहाँ"))
_OPENER_RANK: dict[str | None, int] = {"comp": 0, "back": 1, "prev": 2, None: 3}


def _speechy(toks: Sequence[_Tok], clause: _Clause) -> bool:
    return any(toks[j].low in _SPEECH for j in range(clause.first, clause.last + 1))


# --- resolution -------------------------------------------------------------------------------


def _resolve(clause: _Clause, earlier: Sequence[_Clause], state: _State) -> None:
    """Give pronouns, दोनों-phrases and bare titles the ids they stand for."""
    for ref in clause.refs:
        if ref.kind == "entity":
            continue
        if ref.kind == "title":
            ref.ids = tuple(state.persons[-1:])
        elif ref.kind == "both":
            if ref.label == "PER":
                ref.ids = state.last_pair or _last_distinct(state.persons, 2)
            else:
                ref.ids = _last_distinct(state.countries, 2)
        elif ref.person in ("we", "i"):
            ref.ids = _speaker(earlier) or state.last_agents
            if ref.person == "we":  # "हम सहमत हुए": with a reciprocal verb, both parties
                ref.both_sides = _last_distinct(state.countries, 2)
        else:
            previous = [
                r for c in earlier for r in c.refs if r.label == "PER" and r.ids and not r.mod
            ]
            if ref.inherent in ("DAT", "GEN", "COMIT"):  # not the clause's own subject
                previous += [
                    r
                    for r in clause.refs
                    if r.last < ref.first
                    and r.kind == "entity"
                    and r.label in ("PER", "GRP")
                    and r.ids
                    and not r.mod
                    and r.marker not in ("AGENT", "NONE", "COORD")
                ]
            if clause.reported:  # in X's speech a third person is not X (X would say मैं)
                speaker = set(_speaker(earlier))
                others = [
                    r
                    for r in [r for c in earlier for r in c.refs]
                    + [r for r in clause.refs if r.last < ref.first and r.kind == "entity"]
                    if r.label in ("PER", "ORG", "GRP")
                    and r.ids
                    and not r.mod
                    and not set(r.ids) & speaker
                ]
                if speaker and others:
                    previous = others
            ref.ids = previous[-1].ids if previous else state.last_agents


def _last_distinct(ids: Sequence[str], n: int) -> tuple[str, ...]:
    out: list[str] = []
    for i in reversed(ids):
        if i not in out:
            out.append(i)
        if len(out) == n:
            return tuple(sorted(out))
    return ()


def _speaker(earlier: Sequence[_Clause]) -> tuple[str, ...]:
    for clause in reversed(earlier):
        for group in clause.groups:
            if group.marker in ("AGENT", "BY") and group.ids():
                return tuple(group.ids())
    return ()


def _groups(toks: Sequence[_Tok], refs: Sequence[_Ref], lexicon: EventLexicon) -> list[_Group]:
    """Join coordinated references (X और Y ने) into groups sharing one marker."""
    live = [r for r in refs if not r.mod and (r.ids or r.both_sides)]
    groups: list[_Group] = []
    pending: list[_Ref] = []
    for n, ref in enumerate(live):
        pending.append(ref)
        if ref.marker == "COORD":
            nxt = live[n + 1] if n + 1 < len(live) else None
            j = ref.last + 1
            steps = 0
            while j < len(toks) and steps < 8 and (nxt is None or j < nxt.first):
                low = toks[j].low
                nxt_low = toks[j + 1].low if j + 1 < len(toks) else ""
                if (
                    low in _CONJ
                    or low in _TITLE_WORDS
                    or _is_plain(toks[j])
                    or low == "."
                    or (low in _GENITIVE and nxt_low in _TITLE_WORDS)
                ):
                    j, steps = j + 1, steps + 1
                    continue
                break
            if nxt is not None and j == nxt.first:
                continue  # coordinated with the next reference
            j = _after_name(toks, j, {r.first: r for r in live}, lexicon.continuing)
            post = _postposition(toks, j)
            marker, last = (post[0], post[1]) if post else ("NONE", ref.last)
        else:
            marker, last = ref.marker, max(ref.marker_last, ref.last)
        groups.append(_Group(pending, marker, pending[0].first, last))
        pending = []
    return groups


# --- triggers ---------------------------------------------------------------------------------


def _hits(
    toks: Sequence[_Tok],
    clause: _Clause,
    covered: set[int],
    lexicon: dict[str, tuple[Trigger, ...]],
) -> list[_Hit]:
    hits: list[_Hit] = []
    i = clause.first
    while i <= clause.last:
        match = None
        if i not in covered:
            for entry in lexicon.get(toks[i].low, ()):
                n = len(entry.phrase)
                if i + n - 1 <= clause.last and all(
                    toks[i + k].low == entry.phrase[k] for k in range(n)
                ):
                    match = entry
                    break
        if match is None:
            i += 1
            continue
        last = i + len(match.phrase) - 1
        if (
            not match.predicate
            and last + 1 <= clause.last
            and toks[last + 1].low == "("
            and any(toks[j].low == ")" for j in range(last + 2, min(last + 8, len(toks))))
        ):
            i = last + 1  # संयुक्त राष्ट्र के सम्मेलन (अंकटाड): the noun is part of a name
            continue
        lv, agentive, passive = _light_verb(toks, last, clause, match, covered)
        if lv is None and not match.predicate and match.language == "hi":
            lv, agentive, passive = _light_verb_before(toks, i, clause, match)
            if lv == i - 1 and match.mode == "meet" and _by_phone(toks, lv, clause):
                match = replace(match, mode="phone")  # फोन पर हुई बातचीत
        claim = (
            lv is None
            and match.frame == "directed"
            and (_claimed(toks, last, clause) or _on_request(toks, i, last, clause, match))
        )
        if claim:
            lv = last + 1
        if match.light_verb_required and lv is None and not _nominal_report(toks, i, clause, match):
            i = last + 1
            continue
        receipt = lv is not None and not match.predicate and toks[lv].low in _RECEIPT
        hits.append(_Hit(match, i, last, lv, agentive, passive, receipt, claim))
        i = last + 1
    return hits


_DEMONSTRATIVES = frozenset({"इस", "इन", "उस", "उन"})
_PHONE = frozenset(_words("फोन फ़ोन टेलीफोन टेलीफ़ोन"))


def _by_phone(toks: Sequence[_Tok], held: int, clause: _Clause) -> bool:
    """Whether "फोन पर" comes before the participle of a held meeting (फोन पर हुई बातचीत)."""
    return held - 2 >= clause.first and toks[held - 1].low == "पर" and toks[held - 2].low in _PHONE


_REFERRING = _DEMONSTRATIVES | {"इसी", "उसी"}


def _demonstrative(toks: Sequence[_Tok], clause: _Clause, hit: _Hit) -> bool:
    """इस चर्चा में, इस अतिविशेष चर्चा में: the noun names an event the article tells."""
    before = [toks[j].low for j in range(max(clause.first, hit.first - 2), hit.first)]
    return bool(before) and (
        before[-1] in _REFERRING or (len(before) == 2 and before[0] in _REFERRING)
    )


def _forum_references(found: list[EventMention], referring: set[int]) -> list[EventMention]:
    """ "पाकिस्तान इस चर्चा में शामिल होगा" in an article about one SAARC conference names
    that conference: a mention of a type after इस/उस, where the article's multilateral
    mentions of the type name exactly one forum, is a report of that forum's meeting, its
    own participants kept as members who took part."""
    forums: dict[str, set[tuple[str, ...]]] = {}
    for m in found:
        if m.mode == "multilateral" and m.recipients:
            forums.setdefault(m.type, set()).add(m.recipients)
    out: list[EventMention] = []
    for m in found:
        forum = forums.get(m.type, set())
        if m.trigger_start in referring and m.mode != "multilateral" and len(forum) == 1:
            (recipients,) = forum
            m = replace(m, mode="multilateral", recipients=recipients)
        out.append(m)
    return out


def _nominal_report(toks: Sequence[_Tok], first: int, clause: _Clause, entry: Trigger) -> bool:
    """A noun that needs its light verb to be an event may still name one told elsewhere:
    with a demonstrative (इस हमले में दो लोग घायल हुए) or, for an attack, after its target
    (डॉक्टरों पर हमला, पुलिस पर पत्थरबाजी के आरोप में). It gets no participants of its own:
    the article's event of its type, before or after, supplies them."""
    before = toks[first - 1].low if first > clause.first else ""
    return before in _DEMONSTRATIVES or (entry.type == "ASSAULT" and before == "पर")


def _light_verb(
    toks: Sequence[_Tok], last: int, clause: _Clause, entry: Trigger, covered: set[int]
) -> tuple[int | None, bool, bool]:
    """The light verb after a noun trigger, and its voice.

    Only particles, names, dates and ने may come between (फोन पुतिन ने किया था); anything
    else means the noun is an argument of some other verb (सहयोग पर चर्चा करेंगे).
    """
    if entry.predicate or entry.language == "en":
        passive = any(
            toks[j].low in _PASSIVE for j in range(last + 1, min(last + 3, clause.last + 1))
        )
        return last, True, passive
    for j in range(last + 1, min(last + 6, clause.last + 1)):
        low = toks[j].low
        nxt = toks[j + 1].low if j + 1 < len(toks) else ""
        if low == "की" and not (
            j == clause.last
            or nxt in ("", "।", ".", ",", "और", "तथा", "थी", "है", "हैं")
            or nxt in _PASSIVE
        ):
            continue  # की is the genitive unless it ends the clause (… की जब मैंने कहा)
        if low in _AGENTIVE_LV or (low == "ली" and nxt != ""):
            passive = any(toks[k].low in _PASSIVE for k in range(j + 1, min(j + 3, len(toks))))
            return j, True, passive
        if low in _NONAGENTIVE_LV or (low in _RECEIPT and entry.frame == "directed"):
            return j, False, False
        if entry.type == "SUPPORT" and low in _SPEECH_LV:
            return j, True, False  # thanks said: भारत को शुक्रिया कह चुके हैं, धन्यवाद कहा
        if entry.frame == "visit" and low in _COPULA and toks[j - 1].low == "पर":
            return j, True, False
        if entry.type == "PROTEST" and toks[j - 1].low == "पर" and low in _ON_PROTEST:
            return j, True, False  # हड़ताल पर चले गए, धरने पर बैठे, अनशन पर हैं
        if low in _BEGIN and j == last + 1:
            continue  # the event begun: पत्थरबाजी शुरू की, बातचीत शुरू हुई
        if low in _SKIP_BEFORE_VERB or low in _NEGATION or j in covered or low == "ने":
            continue
        if low == "में" and j == last + 1 and nxt in ("हिस्सा", "भाग"):
            continue  # बैठक में हिस्सा लिया: took part in the meeting
        if low in ("हिस्सा", "भाग") and toks[j - 1].low == "में":
            continue
        if entry.frame == "visit" and low == "पर" and j == last + 1:
            continue
        if entry.type == "PROTEST" and low == "पर" and j == last + 1:
            continue
        break
    return None, False, False


def _claimed(toks: Sequence[_Tok], last: int, clause: _Clause) -> bool:
    """ "स्वास्थ्यकर्मियों का आरोप है कि …", "इनकी मांग है कि …": a claim stated with the
    copula before its content; the noun's genitive is who makes it."""
    j = last + 1
    return (
        j + 1 < len(toks)
        and toks[j].low in ("है", "हैं", "था", "थी", "थे")
        and toks[j + 1].low == "कि"
        and last - 1 >= clause.first
        and toks[last - 1].low in _GENITIVE
    )


def _on_request(
    toks: Sequence[_Tok], first: int, last: int, clause: _Clause, entry: Trigger
) -> bool:
    """ "भारत ने अमेरिका के अनुरोध पर दवा भेजी": done at a request, which the genitive made."""
    return (
        entry.type == "REQUEST"
        and last + 1 <= clause.last
        and toks[last + 1].low == "पर"
        and first - 1 > clause.first
        and toks[first - 1].low in _GENITIVE
    )


def _light_verb_before(
    toks: Sequence[_Tok], first: int, clause: _Clause, entry: Trigger
) -> tuple[int | None, bool, bool]:
    """A headline puts the light verb first: "मोदी ने की समीक्षा बैठक", "भाकपा ने दिया धरना".
    Only right after ने, so that a genitive की (X की बैठक) is never read as one."""
    j = first - 1
    if j > clause.first and toks[j].low in _HELD:
        # the talks held: "X ने Y से फोन पर हुई बातचीत के दौरान …": a joint event's ने party
        # took part in it too (none is guessed where no ने comes before)
        ergative = any(toks[k].low == "ने" for k in range(clause.first, j))
        return j, entry.frame == "joint" and ergative, False
    skipped = 0
    while j > clause.first and skipped < 2 and _is_plain(toks[j]):
        j, skipped = j - 1, skipped + 1
    if j > clause.first and toks[j].low in _AGENTIVE_LV and toks[j - 1].low == "ने":
        return j, True, False
    while j > clause.first and toks[j].low in ("-", ":"):
        j -= 1
    if (
        entry.type == "SUPPORT"
        and toks[j].low in _SPEECH_LV
        and any(toks[k].low == "ने" for k in range(clause.first, j))
    ):
        return j, True, False  # thanks said: ट्रंप ने भारत को कहा- शुक्रिया
    return None, False, False


# --- roles and mentions -----------------------------------------------------------------------


def _transparent(
    toks: Sequence[_Tok], lo: int, hi: int, refs: Sequence[_Ref], date_toks: set[int]
) -> bool:
    """Whether tokens lo..hi-1 may sit between a participant and its trigger noun."""
    place_toks = {j for r in refs if r.label == "PLACE" for j in range(r.first, r.last + 1)}
    other = {
        j for r in refs if r.label != "PLACE" and not r.mod for j in range(r.first, r.last + 1)
    }
    plain = 0
    for j in range(lo, hi):
        low = toks[j].low
        if j in other:
            return False
        if j in date_toks or j in place_toks or low in _GENITIVE or low == "-":
            continue
        if low == "में" and j - 1 in place_toks | date_toks:
            continue
        if low in _MODIFIERS or _ORDINAL.match(low) or low in _TITLE_WORDS:
            continue
        if _is_plain(toks[j]) and plain < 2:
            plain += 1
            continue
        return False
    return True


_PARTICIPLE = frozenset(_words("वाला वाले वाली वालों वालीं"))
_ACCUSED_OF = frozenset(_words("आरोपी आरोपित आरोपियों आरोपितों"))


class _Participle(NamedTuple):
    """A participle phrase that describes the noun after it: "[डॉक्टरों के साथ मारपीट करने]
    वाला आरोपी", "[डॉक्टरों पर हमला करने] के आरोपी शर्मा". Its verb's agent is that noun."""

    first: int  # first token of the phrase
    verb: int  # the infinitive (करने)
    head: int  # first token of the noun it describes


def _participles(toks: Sequence[_Tok], clause: _Clause, hits: Sequence[_Hit]) -> list[_Participle]:
    """The participle phrases whose verb is a trigger's. One runs back from the infinitive
    over its own argument: to the case marker before that one, an ergative ने (a participle
    takes none: that name is the outer verb's), a comma, the participle before or the
    clause's start ("सरकार से [प्रदेशों से लौटने] वाले मजदूरों को")."""
    verbs = {h.light_verb if h.light_verb is not None else h.last for h in hits}
    out: list[_Participle] = []
    for v in range(clause.first + 1, clause.last):
        low, verb = toks[v].low, toks[v - 1].low
        if v - 1 not in verbs or len(verb) < 4 or not verb.endswith("ने"):
            continue
        if not (low in _PARTICIPLE or (low == "के" and toks[v + 1].low in _ACCUSED_OF)):
            continue
        if toks[v + 1].low in _BE:
            continue  # "दौरे पर रहने वाले हैं": about to, no relative
        first, markers = v - 1, 0
        while first > clause.first:
            before = toks[first - 1].low
            markers += before in _CASE_TOKENS
            if before in ("ने", ",") or before in _PARTICIPLE or markers > 1:
                break
            first -= 1
        out.append(_Participle(first, v - 1, v + 1))
    return out


_BE = frozenset(_words("है हैं था थी थे हो होंगे होगा होगी"))
_CASE_TOKENS = frozenset(_words("से को पर में तक द्वारा साथ खिलाफ लिए"))


@dataclass(slots=True)
class _Roles:
    agents: list[_Group] = field(default_factory=list)
    subject: list[_Group] = field(default_factory=list)
    counterparts: list[_Group] = field(default_factory=list)
    dative: list[_Group] = field(default_factory=list)
    target: list[_Group] = field(default_factory=list)
    attached: list[_Group] = field(default_factory=list)  # genitive, के बीच, compound
    objects: list[_Group] = field(default_factory=list)  # English objects after the verb
    genitives: list[_Group] = field(default_factory=list)  # every X की/का/के before the verb
    location: str | None = None
    zero: tuple[str, ...] = ()


def _roles(
    toks: Sequence[_Tok],
    clauses: Sequence[_Clause],
    k: int,
    hit: _Hit,
    date_toks: set[int],
    state: _State,
    hits: Sequence[_Hit] = (),
) -> _Roles:
    clause = clauses[k]
    roles = _Roles()
    english = hit.entry.language == "en"
    predicate = hit.light_verb is not None
    groups = [g for g in clause.groups if not _elsewhere(toks, g, hit, hits)]
    phrases = _participles(toks, clause, hits)
    verb = hit.light_verb if hit.light_verb is not None else hit.last
    own = next((p for p in phrases if p.first <= hit.first and verb == p.verb), None)
    if own is not None:  # its arguments are inside the phrase, its agent the noun after it
        groups = [g for g in groups if own.first <= g.first and g.last < own.verb]
        roles.agents = [g for g in clause.groups if own.head <= g.first <= own.head + 1][:1]
    else:  # the outer verb: the phrase's arguments are not its own
        groups = [g for g in groups if not any(p.first <= g.first < p.verb for p in phrases)]
    for group in groups:
        before = group.last < hit.first
        if (
            group.marker == "GEN"
            and before
            and not _demanded(toks, group, hit)
            and (hit.entry.type not in _BODILY or _owns_patient(toks, group, hit))
        ):
            roles.genitives.append(group)
        # before an agentive predicate an unmarked name is its subject (रूस समर्थन करता है),
        # not a compound modifier (भारत-रूस शिखर सम्मेलन) as before a noun
        compound = not (predicate and hit.agentive and hit.entry.frame != "visit")
        markers = ("GEN", "BETWEEN", "NONE") if compound else ("GEN", "BETWEEN")
        if (
            group.marker in markers
            and before
            and _transparent(toks, group.last + 1, hit.first, clause.refs, date_toks)
        ):
            roles.attached.append(group)
        elif (
            group.marker == "COMIT"
            and hit.entry.requires == "group"
            and group.members[-1].label == "PLACE"
        ):
            continue  # मालदीव से भारतीयों को निकालने: where they are brought from, no party
        elif group.marker == "COMIT" and (
            predicate
            or (before and _transparent(toks, group.last + 1, hit.first, clause.refs, date_toks))
        ):
            roles.counterparts.append(group)
        elif not predicate:
            if (  # डॉक्टरों पर हमला: the target of a bare attack noun
                group.marker in ("ON", "AGAINST")
                and hit.entry.frame == "directed"
                and group.last == hit.first - 1
            ):
                roles.target.append(group)
            continue
        elif (group.marker == "AGENT" and hit.agentive and not hit.passive) or (
            group.marker == "BY" and hit.agentive
        ):
            roles.agents.append(group)
        elif group.marker == "DAT":
            roles.dative.append(group)
        elif group.marker == "IN" and hit.entry.type == "REQUEST" and _court(group):
            roles.target.append(group)  # अदालत में अपील दाखिल कर … की मांग की: asks the court
        elif group.marker in ("ON", "AGAINST") and hit.entry.frame == "directed":
            roles.target.append(group)
        elif group.marker in ("NONE", "TO") and not before and english:
            roles.objects.append(group)
    if own is not None:
        pass  # the participle's agent is the noun it describes, or none is said
    elif predicate and not roles.agents and (hit.agentive or english) and not hit.passive:
        attached = {id(g) for g in roles.attached}
        for group in groups:
            if group.marker == "NONE" and group.last < hit.first and id(group) not in attached:
                roles.subject.append(group)
                break
        if (
            not roles.subject
            and not english
            and hit.entry.frame in ("joint", "reciprocal", "directed", "forum")
            and not any(g.marker == "NONE" for g in clause.groups if g.last < hit.first)
            and not toks[hit.light_verb or hit.last].low.endswith("ने")  # infinitive: no subject
        ):
            roles.zero = _elided_agent(roles, hit, state)
    if (
        own is None
        and predicate
        and not roles.agents
        and not roles.subject
        and _purpose(toks, clause)
    ):
        main = _main_agents(toks, clauses, k, state.lexicon)
        if not main and _passive_served(toks, clauses, k):
            roles.zero = ()  # "… लाने के लिए जहाज को दुबई भेजा गया": who sent it is not said
        else:
            roles.zero = main or roles.zero
    roles.location = _location(clauses, k, hit)
    return roles


_FINITE = frozenset(_words("था थी थे है हैं गया गई गए दिया दी दिए लिया ली लिए किया की किए"))


def _elsewhere(toks: Sequence[_Tok], group: _Group, hit: _Hit, hits: Sequence[_Hit]) -> bool:
    """A target before the trigger that another predicate takes: that of the event noun
    right after it ("कर्मचारियों पर हमले के मामले में … जेल भेजे गए"), or one before a finite
    verb and और ("पुलिसकर्मियों पर पत्थर चलाए गए थे और आरोपियों को पुलिस ने दबोचा").
    Other arguments stay: two verbs share a counterpart ("X से बात की थी और … की मांग की")."""
    if group.last >= hit.first or group.marker not in ("ON", "AGAINST"):
        return False
    if any(
        h is not hit and h.first == group.last + 1 and h.entry.frame == "directed" for h in hits
    ):
        return True
    return _across(toks, group, hit)


def _across(toks: Sequence[_Tok], group: _Group, hit: _Hit) -> bool:
    """Whether a finite verb and और stand between the group and the trigger."""
    return any(
        toks[j].low == "और" and toks[j - 1].low in _FINITE for j in range(group.last + 2, hit.first)
    )


_BODILY = frozenset({"COERCE", "ASSAULT"})


def _owns_patient(toks: Sequence[_Tok], group: _Group, hit: _Hit) -> bool:
    """An arrest or attack takes a genitive only as the owner of the one it acts on
    ("अमेरिका के राजनयिकों को निष्कासित किया"): its noun carries को or पर. One elsewhere is
    someone else's ("रामसागर की पिटाई के मामले में … को गिरफ्तार किया": the victim of the
    beating is not the one arrested)."""
    j = group.last + 1
    while j < hit.first and j - group.last <= 3 and _is_plain(toks[j]):
        j += 1
    return j < hit.first and toks[j].low in ("को", "पर")


def _demanded(toks: Sequence[_Tok], group: _Group, hit: _Hit) -> bool:
    """A genitive inside what is asked for ("आरोपी की जमानत रद्द करने की मांग"): an
    infinitive, then का/की/के and the trigger; it names no party to the request (one
    supported may be: "भारत के सदस्य बनने का समर्थन")."""
    j = hit.first - 2
    return (
        hit.entry.type == "REQUEST"
        and j > group.last
        and toks[j + 1].low in _GENITIVE
        and len(toks[j].low) > 3
        and toks[j].low.endswith("ने")
        and toks[j].low not in _NOT_INFINITIVE
    )


def _court(group: _Group) -> bool:
    return any(group_kind(i) == "court" for i in group.ids())


def _elided_agent(roles: _Roles, hit: _Hit, state: _State) -> tuple[str, ...]:
    """The last agent the article named, but never one this clause acts on: in "मुकदमा
    दर्ज कर आरोपी को गिरफ्तार कर लिया" after "उसने … मारपीट की" the accused is arrested,
    not arresting. Then the agent before that one, if any."""
    undergo = roles.dative + roles.target
    if hit.entry.frame == "directed":
        undergo = undergo + roles.counterparts
    taken = {i for g in undergo for i in g.ids()}
    if not taken:
        return state.last_agents
    for ids in reversed(state.agents):
        if not taken & set(ids):
            return ids
    return ()


def _purpose(toks: Sequence[_Tok], clause: _Clause) -> bool:
    """A purpose clause (फंसे भारतीयों को वापस लाने के लिए …) ends in के लिए."""
    return (
        clause.last > clause.first
        and toks[clause.last].low == "लिए"
        and toks[clause.last - 1].low == "के"
    )


def _main_agents(
    toks: Sequence[_Tok], clauses: Sequence[_Clause], k: int, lexicon: EventLexicon
) -> tuple[str, ...]:
    """Who acts in the clause a purpose clause serves: "… वापस लाने के लिए नौसेना ने अभियान
    शुरू किया" — the navy brings them back. That clause is not resolved yet: its names only."""
    if k + 1 >= len(clauses) or clauses[k + 1].opener is not None:
        return ()
    names = [r for r in clauses[k + 1].refs if r.kind == "entity"]
    for group in _groups(toks, names, lexicon):
        if group.marker in ("AGENT", "BY") and group.ids():
            return tuple(group.ids())
    return ()


_PASSIVE_AUX = frozenset(_words("गया गई गए गयी गये जाएगा जाएगी जाएंगे जाएँगे"))
_MOTION = frozenset(_words("चला चली चले आ लौट निकल"))  # चला गया: went, no passive


def _passive_served(toks: Sequence[_Tok], clauses: Sequence[_Clause], k: int) -> bool:
    """Whether the clause a purpose clause serves is a passive (भेजा गया है) naming no
    agent: then nobody said in the article is known to act."""
    if k + 1 >= len(clauses) or clauses[k + 1].opener is not None:
        return False
    served = clauses[k + 1]
    if any(r.marker in ("AGENT", "BY") for r in served.refs):
        return False
    return any(
        toks[j].low in _PASSIVE_AUX
        and toks[j - 1].low not in _MOTION
        and toks[j - 1].low.endswith(("ा", "ी", "े"))
        for j in range(served.first + 1, served.last + 1)
    )


def _location(clauses: Sequence[_Clause], k: int, hit: _Hit) -> str | None:
    clause = clauses[k]
    places = [g for g in clause.groups if g.marker == "IN" and g.members[0].label == "PLACE"]
    if places:
        before = [g for g in places if g.last < hit.first]
        return (before[-1] if before else places[0]).members[0].ids[0]
    if clause.opener == "prev" and k > 0:
        prior = [r for r in clauses[k - 1].refs if r.label == "PLACE" and not r.mod and r.ids]
        if prior:
            return prior[-1].ids[0]
    return None


def _clause_events(
    text: str,
    index: int,
    span: Span,
    toks: Sequence[_Tok],
    clauses: Sequence[_Clause],
    k: int,
    hits: Sequence[_Hit],
    sdates: Sequence[DateMention],
    date_toks: set[int],
    document_date: date | None,
    state: _State,
) -> list[EventMention]:
    clause = clauses[k]
    own_dates = _claim_dates(toks, clause, hits, sdates)
    predicate_types = {(h.entry.type, h.entry.mode) for h in hits if h.light_verb is not None}
    out: list[EventMention] = []
    for hit in hits:
        if hit.light_verb is None and (hit.entry.type, hit.entry.mode) in predicate_types:
            continue  # "BRICS समिट में मुलाकात की": the noun is the venue of the verb's event
        if (
            hit.light_verb is None
            and _means(toks, hit)
            and hit.entry.type in {t for t, _ in predicate_types}
        ):
            continue  # "वीडियो कॉन्फ्रेंसिंग के जरिए बैठक की": the means of the verb's event
        if _wished(toks, clause, hit, state.lexicon.words["wish"]) or _complement(
            toks, clause, hit, state.lexicon.words["complement"]
        ):
            continue
        roles = _roles(toks, clauses, k, hit, date_toks, state, hits)
        built = _frame(hit, roles, state.places)
        antecedent = _antecedent(hit, index, state) if built is None else None
        orphan = built is None and antecedent is None and _may_refer(hit)
        # its own target still counts: "डॉक्टरों और पुलिस पर हमला" names who was attacked
        targets = tuple(i for g in roles.target for i in g.ids())
        if antecedent is not None:
            a = antecedent
            own = tuple(i for i in targets if i not in a.actors)
            built = (a.actors, _joined(a.recipients, own), a.location, True, False, ())
        elif orphan:
            built = ((), targets, None, True, False, ())
        if built is None:
            continue
        actors, recipients, location, resolved, fallback, spans = built
        if not orphan and not _satisfied(toks, clause, hit, roles, recipients, state):
            continue
        when = (
            own_dates.get(id(hit))
            or _neighbour_date(toks, clauses, k, sdates)
            or _carried_date(toks, sdates, state)
        )
        trigger_start, trigger_end = toks[hit.first].start, toks[hit.last].end
        if hit.light_verb is None or toks[hit.light_verb].low in _INFINITIVE_LV:
            state.nominal.add(trigger_start)  # बैठक करना अच्छा कदम था: no time asserted
        if _demonstrative(toks, clause, hit):
            state.referring.add(trigger_start)
        status = _status(text, span, clause, toks, hit, when, document_date)
        if hit.claim and status == "ongoing":
            status = "occurred"  # the claim is made: a speech act, not a state
        source = "sentence" if when else "none"
        if when is None and document_date and status == "ongoing" and _progressive(toks, hit):
            # "सीएम योगी बैठक कर रहे हैं": going on as the article is written; said so
            when = DateMention(
                0,
                0,
                "",
                "DATE",
                document_date.isoformat(),
                document_date,
                document_date,
                "day",
                "document",
            )
            source = "document"
        confidence = hit.entry.weight
        confidence *= 1.0 if hit.light_verb is not None else 0.9
        confidence *= 0.85 if resolved else 1.0
        confidence *= 0.75 if roles.zero and not (roles.agents or roles.subject) else 1.0
        confidence *= 0.8 if fallback else 1.0
        out.append(
            EventMention(
                type=hit.entry.type,
                mode=antecedent.mode if antecedent else _mode(hit.entry, actors, recipients, state),
                actors=actors,
                recipients=recipients,
                location=location,
                date_value=_value(when) if when else None,
                start_date=when.start_date if when else None,
                end_date=when.end_date if when else None,
                precision=when.precision if when else None,
                date_source=source,
                status=status,
                sentence=index,
                trigger_start=trigger_start,
                trigger_end=trigger_end,
                trigger=text[trigger_start:trigger_end],
                confidence=round(confidence, 3),
                negated=_negated(toks, clause, hit),
                actor_spans=spans,
            )
        )
    return out


_ANAPHORA_SENTENCES = 6  # how far a trigger without participants looks for its event
_RECENT = timedelta(days=7)  # how long before its publication an article's own day may be


def _progressive(toks: Sequence[_Tok], hit: _Hit) -> bool:
    """कर रहे हैं: going on now (not करता है, a habit)."""
    if hit.light_verb is None:
        return False
    after = range(hit.light_verb + 1, min(hit.light_verb + 3, len(toks)))
    return any(toks[j].low in ("रहा", "रही", "रहे", "रहीं") for j in after)


def _may_refer(hit: _Hit) -> bool:
    """Whether a trigger without participants of its own may name an event of its type
    told nearby: an unambiguous event word, not one that needs a construction."""
    return hit.entry.requires in ("", "org", "target_or_group", "group")


def _antecedent(hit: _Hit, index: int, state: _State) -> EventMention | None:
    """A trigger with no participants of its own (इस वार्ता में, बैठक में मोदी ने कहा) names
    the article's last event of its type a few sentences back: the same participants,
    marked as resolved."""
    if not _may_refer(hit):
        return None
    last = state.recent.get(hit.entry.type)
    if last is None or not _names(last, hit.entry.type, hit.entry.mode, index):
        return None
    return last


def _names(event: EventMention, type_: str, mode: str | None, sentence: int) -> bool:
    """Whether a participant-less mention of ``type_`` in ``sentence`` can name ``event``:
    the same type, a few sentences apart, and a visit only for a visit (आज की यह बातचीत
    after a visit: talks are not the visit)."""
    return (
        event.type == type_
        and (event.mode == "visit") == (mode == "visit")
        and abs(event.sentence - sentence) <= _ANAPHORA_SENTENCES
    )


_MEANS = frozenset({"जरिए", "जरिये", "ज़रिए", "ज़रिये", "माध्यम", "द्वारा"})
# subjunctive and polite imperative light verbs: "पीएम मोदी करें बैठक" asks for a meeting
_SUBJUNCTIVE = frozenset({"करें", "लें"})


def _means(toks: Sequence[_Tok], hit: _Hit) -> bool:
    """X के जरिए / के माध्यम से / के द्वारा: the trigger noun is how another act was done."""
    j = hit.last + 1
    return j + 1 < len(toks) and toks[j].low == "के" and toks[j + 1].low in _MEANS


def _wished(toks: Sequence[_Tok], clause: _Clause, hit: _Hit, wish: frozenset[str]) -> bool:
    """A wish, an ought or a call for an act (वार्ता करना चाहते हैं, बैठक करनी चाहिए, मोदी
    करें बैठक) is not an event."""
    if hit.light_verb is not None and toks[hit.light_verb].low in _SUBJUNCTIVE:
        return True
    if hit.first > clause.first and toks[hit.first - 1].low in _SUBJUNCTIVE:
        return True  # a headline puts the verb first: "पीएम मोदी करें बैठक"
    end = hit.light_verb if hit.light_verb is not None else hit.last
    return any(toks[j].low in wish for j in range(end + 1, min(end + 4, clause.last + 1)))


# words ending in ने that are no infinitive: pronouns with the ergative, अपने, सामने
_NOT_INFINITIVE = frozenset(_words("उन्होंने उसने इसने इन्होंने जिसने जिन्होंने किसने मैंने हमने तुमने आपने अपने सामने"))


def _complement(toks: Sequence[_Tok], clause: _Clause, hit: _Hit, heads: frozenset[str]) -> bool:
    """The content of a request, permission or instruction is not an event of its own: in
    "विरोध करने की मांग की", "कच्चा माल भेजने की अनुमति देने का अनुरोध", "वापसी सुनिश्चित करने
    का निर्देश" the event is the asking (or, for an instruction to one's own officials, none).
    An infinitive (…ने) a few words after the trigger, then का/की/के and a head word of the
    ``complement`` class."""
    end = hit.light_verb if hit.light_verb is not None else hit.last
    for k in range(hit.last, min(end + 4, clause.last) + 1):
        low = toks[k].low
        if len(low) < 4 or not low.endswith("ने") or low in _NOT_INFINITIVE:
            continue
        j = k + 1
        if j <= clause.last and toks[j].low in ("का", "की", "के"):
            j += 1 + (j + 1 <= clause.last and toks[j + 1].low == "भी")
            return j <= clause.last and toks[j].low in heads
        return False
    return False


def _group_words(
    toks: Sequence[_Tok], clause: _Clause, hit: _Hit, agents: bool, group: frozenset[str]
) -> bool:
    """Whether the clause names a group (आरोपी, डॉक्टरों, फंसे भारतीयों); ``agents`` says if
    one marked with ने counts."""
    for j in range(clause.first, clause.last + 1):
        if toks[j].low in group and not (hit.first <= j <= hit.last):
            nxt = toks[j + 1].low if j + 1 < len(toks) else ""
            if agents or nxt != "ने":
                return True
    return False


def _satisfied(
    toks: Sequence[_Tok],
    clause: _Clause,
    hit: _Hit,
    roles: _Roles,
    recipients: Sequence[str],
    state: _State,
) -> bool:
    """The trigger row's ``requires``: a construction, not a word, makes the event."""
    need = hit.entry.requires
    if need in ("", "org") or hit.claim:  # a claim's target is in what it says
        return True
    if need == "comit":
        return any(g.ids() for g in roles.counterparts)
    if need == "person":
        return any(r.label == "PER" and r.ids for g in roles.counterparts for r in g.members)
    if need == "target":  # the public at large is no target (guidelines: appeals to citizens)
        return any(group_kind(i) != "public" for i in recipients) or _answers_offer(
            toks, clause, hit, state.lexicon.words["offer"]
        )
    if need == "target_or_group":
        return bool(recipients) or _group_words(
            toks, clause, hit, False, state.lexicon.words["group"]
        )
    if need == "group":
        return _group_words(toks, clause, hit, True, state.lexicon.words["group"])
    objects = state.lexicon.words["aid_object"]  # aid_object
    return any(toks[j].low in objects for j in range(clause.first, clause.last + 1))


def _answers_offer(
    toks: Sequence[_Tok], clause: _Clause, hit: _Hit, offers: frozenset[str]
) -> bool:
    """Accepting or refusing an offer, proposal or demand (यह पेशकश स्वीकार कर ली, मांग का
    विरोध किया) answers the actor who made it, even where the clause does not name them."""
    if hit.entry.type not in ("AGREE", "REJECT"):
        return False
    return any(toks[j].low in offers for j in range(clause.first, hit.first))


def _mode(
    entry: Trigger, actors: Sequence[str], recipients: Sequence[str], state: _State
) -> str | None:
    """A meeting or call with an organisation or three parties taking part is multilateral."""
    if entry.type != "CONSULT" or entry.mode not in ("meet", "phone"):
        return entry.mode
    parties = {*actors, *recipients}
    orgs = any(state.labels.get(i) == "ORG" for i in parties)
    return "multilateral" if orgs or len(parties) >= 3 else entry.mode


def _frame(
    hit: _Hit, roles: _Roles, places: Places
) -> (
    tuple[tuple[str, ...], tuple[str, ...], str | None, bool, bool, tuple[tuple[int, int], ...]]
    | None
):
    """Actors, recipients, location, whether anaphora was used, forum fallback, actor spans."""
    frame = hit.entry.frame
    both = frame == "reciprocal"
    used: list[_Group] = []

    def take(groups: Sequence[_Group], places: bool = True) -> list[str]:
        out: list[str] = []
        for g in groups:
            for ref in g.members:
                if not places and ref.label == "PLACE":
                    continue
                ids = ref.both_sides if both and ref.both_sides else ref.ids
                out.extend(i for i in ids if i not in out)
            used.append(g)
        return out

    location = roles.location
    recipients: list[str] = []
    fallback = False
    if frame in ("joint", "reciprocal", "forum"):
        actors = take(
            roles.agents + roles.subject + roles.counterparts + roles.attached + roles.objects
        )
        actors += [i for i in roles.zero if i not in actors]
        orgs = [i for g in used for r in g.members if r.label == "ORG" for i in r.ids]
        if frame == "forum" or (hit.entry.type == "CONSULT" and orgs):
            if hit.entry.requires_org and not orgs:
                return None
            recipients = sorted(set(orgs))
            people = [i for i in actors if i not in orgs]
            fallback = not people
            actors = people or list(recipients)
    elif frame == "visit":
        destinations = [g for g in roles.attached + roles.objects if g.members[-1].label == "PLACE"]
        visitors = take(roles.agents + roles.subject + roles.attached, places=False)
        visitors += [i for i in roles.zero if i not in visitors]
        if destinations:
            destination = destinations[-1].members[-1].ids[0]
            location = location or destination
            recipients = [places.country(destination) or destination]
        elif hit.entry.predicate:
            return None  # "पहुंचे" is a visit only with a place
        actors = [i for i in visitors if i not in recipients]
    elif frame == "host":
        actors = take(roles.attached + roles.dative + roles.objects)
        recipients = [i for i in take(roles.agents + roles.subject) if i not in actors]
    elif hit.claim:
        actors = take(roles.attached)
    elif hit.receipt:  # भारत को रूस से अनुरोध मिला: रूस asked भारत
        actors = take(roles.counterparts)
        recipients = [i for i in take(roles.dative + roles.subject) if i not in actors]
    else:  # directed
        actors = take(roles.agents + roles.subject)
        actors += [i for i in roles.zero if i not in actors]
        receivers = roles.dative + roles.counterparts + roles.target + roles.objects
        if not receivers:  # भारत के स्थायी सदस्य बनने को लेकर रूस समर्थन करता है
            receivers = roles.genitives[-1:]
        recipients = [i for i in take(receivers) if i not in actors]
    if location in actors and len(actors) > 1:
        actors = [i for i in actors if i != location]
    if not actors:
        return None
    resolved = any(g.resolved for g in used) or bool(roles.zero)
    spans = tuple(
        sorted({(r.start, r.end) for g in used for r in g.members if set(r.ids) & set(actors)})
    )
    joint = frame in ("joint", "reciprocal")
    ordered = (
        tuple(sorted(set(actors))) if joint or frame == "forum" else tuple(dict.fromkeys(actors))
    )
    return ordered, tuple(dict.fromkeys(recipients)), location, resolved, fallback, spans


def _claim_dates(
    toks: Sequence[_Tok], clause: _Clause, hits: Sequence[_Hit], sdates: Sequence[DateMention]
) -> dict[int, DateMention]:
    """Each date in the clause goes to the nearest trigger (ties to the one after it); one
    before all of them also to every trigger left without a date."""
    claimed: dict[int, list[tuple[int, DateMention]]] = {}
    if not hits:
        return {}
    lo, hi = toks[clause.first].start, toks[clause.last].end
    for d in sdates:
        if not (lo <= d.start and d.end <= hi):
            continue
        best = min(
            hits,
            key=lambda h: (
                min(abs(toks[h.first].start - d.end), abs(d.start - toks[h.last].end)),
                toks[h.first].start < d.start,
            ),
        )
        distance = min(abs(toks[best.first].start - d.end), abs(d.start - toks[best.last].end))
        claimed.setdefault(id(best), []).append((distance, d))
    out = {key: min(v, key=lambda x: (x[0], x[1].start))[1] for key, v in claimed.items()}
    # a date before every trigger of the clause sets the time of all its predicates: "दो
    # दिन पहले X ने Y से बात की थी और … की मांग की थी" dates the demand too
    first = toks[min(h.first for h in hits)].start
    leading = [d for key, v in claimed.items() for _, d in v if d.end <= first]
    if leading:
        date_of = max(leading, key=lambda d: d.end)
        for h in hits:
            out.setdefault(id(h), date_of)
    return out


def _neighbour_date(
    toks: Sequence[_Tok], clauses: Sequence[_Clause], k: int, sdates: Sequence[DateMention]
) -> DateMention | None:
    """A relative clause shares the date of the clause it hangs on (and vice versa)."""
    clause = clauses[k]

    def within(c: _Clause) -> list[DateMention]:
        lo, hi = toks[c.first].start, toks[c.last].end
        return [d for d in sdates if lo <= d.start and d.end <= hi]

    if within(clause):
        return None
    if clause.opener == "prev" and k > 0:
        prior = within(clauses[k - 1])
        if prior:
            return max(prior, key=lambda d: d.end)
    if k + 1 < len(clauses) and clauses[k + 1].opener in ("back", "prev", "comp"):
        after = within(clauses[k + 1])
        if after:
            return min(after, key=lambda d: d.start)
    return None


_CONTINUING = frozenset({"वहां", "वहाँ", "वहीं", "तब", "तभी"})
_DURING = frozenset({"इस", "उस", "इसी", "उसी"})


def _carried_date(
    toks: Sequence[_Tok], sdates: Sequence[DateMention], state: _State
) -> DateMention | None:
    """A sentence with no date of its own that opens by pointing back (वहां पर मौजूद आरोपी
    ने …, इस दौरान …) happens when the sentence before it did, if that one named one date."""
    if sdates or not toks:
        return None
    first = toks[0].low
    opens = first in _CONTINUING or (first in _DURING and len(toks) > 1 and toks[1].low == "दौरान")
    dated = [d for d in state.previous_dates if d.type == "DATE"]
    if not opens or len({(d.start_date, d.end_date) for d in dated}) != 1:
        return None
    return dated[-1]


def _value(d: DateMention) -> str | None:
    if d.value and d.type == "TIME" and "T" in d.value:
        return d.value.split("T", 1)[0]
    return d.value


def _status(
    text: str,
    span: Span,
    clause: _Clause,
    toks: Sequence[_Tok],
    hit: _Hit,
    when: DateMention | None,
    document_date: date | None,
) -> str:
    """planned (future, modal, or dated after publication), reported speech, ongoing, occurred."""
    lo, hi = toks[clause.first].start, toks[clause.last].end
    clause_text = text[lo:hi]
    offset = toks[hit.first].start - lo
    tense = PRESENT if _HABITUAL.match(clause_text, offset) else tense_after(clause_text, offset)
    after_publication = bool(
        when and when.start_date and document_date and when.start_date > document_date
    )
    if tense == FUTURE or _MODAL.search(clause_text, offset) or after_publication:
        return "planned"
    if clause.reported:
        return "reported"
    if tense == PRESENT:
        return "ongoing"
    if tense == PAST:
        return "occurred"
    return (
        "occurred"
        if when and document_date and when.end_date and when.end_date <= document_date
        else "reported"
    )


def _negated(toks: Sequence[_Tok], clause: _Clause, hit: _Hit) -> bool:
    end = hit.light_verb if hit.light_verb is not None else hit.last
    window = range(hit.last + 1, min(end + 2, clause.last + 1))
    if any(toks[j].low in _NEGATION for j in window):
        return True
    j = hit.first - 1
    while j >= clause.first and toks[j].low in _SKIP_BEFORE_VERB:
        j -= 1
    if j >= clause.first and toks[j].low in _NEGATION and hit.entry.predicate:
        return True
    if hit.entry.language == "en":
        return any(
            toks[j].low in _NEGATION for j in range(max(clause.first, hit.first - 3), hit.first)
        )
    return False


def _update_state(clause: _Clause, mentions: Sequence[EventMention], state: _State) -> None:
    for ref in clause.refs:
        if ref.kind != "entity" or not ref.ids:
            continue
        if ref.label == "PER":
            state.persons.append(ref.ids[0])
        elif ref.label == "PLACE" and state.places.is_country(ref.ids[0]):
            state.countries.append(ref.ids[0])
    for group in clause.groups:
        if group.marker in ("AGENT", "BY") or (
            group.marker == "NONE" and group.members[0].label in ("PER", "ORG")
        ):
            ids = tuple(group.ids())
            if ids:
                state.agents.append(ids)
                break
    for mention in mentions:
        if not mention.actors:
            continue
        state.recent[mention.type] = mention
        people = tuple(sorted({i for i in mention.actors if state.labels.get(i) == "PER"}))
        if len(people) >= 2:
            state.last_pair = people


# --- article-level date -----------------------------------------------------------------------


def _inherit_article_date(
    mentions: list[EventMention],
    sentences: Sequence[Span],
    dates: Sequence[DateMention],
    places: Places,
    nominal: set[int],
    document_date: date | None = None,
) -> list[EventMention]:
    """Undated past mentions take the article's one named day, where it is set.

    Only predicates (मुलाकात की, not a bare मुलाकात, which may name any meeting) and only
    past or reported ones (not ongoing: भारत लंबे समय से मांग कर रहा है). "Set" means: the
    mention has no place, or a place in the same country as the events of the sentences
    naming that day; an event elsewhere (इधर ... नई दिल्ली में) stays undated.
    """
    days = {d.start_date for d in dates if d.precision == "day" and d.start_date == d.end_date}
    if len(days) != 1:
        return mentions
    day = next(iter(days))
    if day is None:
        return mentions
    if document_date and not (document_date - _RECENT <= day <= document_date):
        return mentions  # a day far from the report is background, not the story's day
    day_sentences = {
        k
        for k, s in enumerate(sentences)
        for d in dates
        if s.start <= d.start < s.end and d.start_date == day
    }
    setting = {m.location for m in mentions if m.sentence in day_sentences and m.location}
    out: list[EventMention] = []
    for m in mentions:
        if (
            m.date_source == "none"
            and m.trigger_start not in nominal
            and m.status in ("occurred", "reported")
            and (
                not setting
                or m.location is None
                or any(places.same_country(m.location, s) for s in setting)
            )
        ):
            m = replace(
                m,
                date_value=day.isoformat(),
                start_date=day,
                end_date=day,
                precision="day",
                date_source="article",
                confidence=round(m.confidence * 0.9, 3),
            )
        out.append(m)
    return out
