"""Entity recognition and linking for Hindi (and embedded English) news text.

Every mention gets an ``entity_id`` so that events can name their actors across articles.
Resolution, in order of trust:

1. ``gazetteer``: the longest KB name or alias at this position, compared on normalised
   tokens (nukta, chandrabindu, vowel length, nasal clusters, ``.``/``-`` between tokens),
   because Hindi news spells the same name many ways (मॉस्को/मास्को, एस. जयशंकर/एस जयशंकर).
2. ``short_form``: a token of a person named in full earlier in the article (लावरोव after
   सर्गेई लावरोव, सिंह after राजनाथ सिंह). A single-token alias of a person already named in
   full is labelled so too: the article, not the alias list, is the evidence.
3. ``fuzzy``: a close misspelling of a KB alias (जयंशकर). Deliberately strict (see
   ``_fuzzy_distance``): merging two people is worse than missing one.
4. ``generated``: a name right after a title (राष्ट्रपति X Y, President X) that the KB does
   not know gets an id hashed from its normalised form, so it is stable across articles.
5. ``model``: spans from an optional statistical NER model (``ner_model``), linked the same
   way. They fill gaps, except that a longer organisation or place name around a gazetteer
   place (भारत सरकार, दिल्ली विश्वविद्यालय) replaces that place.

Titles (विदेश मंत्री, डॉ., First DPM) are never part of a name: they become the mention's
``role``. A country or demonym directly before a title (रूसी विदेश मंत्री, US President) is
a modifier of the role, not a second actor, so it is folded into the role.
"""

from __future__ import annotations

import bisect
import functools
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from rapidfuzz.distance import OSA

from khabar.model import Entity, EntityMention, Span
from khabar.nlp.tokenize import tokenize
from khabar.resources import csv_rows, reference_path

LABELS = frozenset({"PER", "LOC", "ORG"})

_NUKTA = "\u093c"
# Spelling variation that Hindi news does not use to tell names apart.
_FOLD = str.maketrans(
    {
        "ँ": "ं",  # chandrabindu → anusvara
        "ॉ": "ा",  # candra o: मॉस्को/मास्को
        "ऑ": "आ",
        "ॅ": "े",
        "ी": "ि",  # vowel length: रूसी/रुसी, मिशुस्तीन/मिशुस्तिन
        "ू": "ु",
        "ई": "इ",
        "ऊ": "उ",
        "\u200c": None,
        "\u200d": None,
        "-": None,
        "‐": None,
    }
)
# A nasal consonant with virama before a consonant is the anusvara written out: जोहान्सबर्ग.
_NASAL_CLUSTER = re.compile("[ङञणनम]\u094d(?=[क-ह])")
_WORD_CHARS = r"\w\u0900-\u0963\u0966-\u097f"  # \w misses Devanagari vowel signs; not ।॥
_LEAD = re.compile(rf"^[^{_WORD_CHARS}]+")
_TRAIL = re.compile(rf"[^{_WORD_CHARS}]+$")
# What may separate two tokens of one name: "एस. जयशंकर", "IRIGC-TEC", "एशिया-प्रशांत".
_JOIN_GAP = re.compile(r"[ \t\u00a0]*[.\-‐–]?[ \t\u00a0]*")
_DEVANAGARI_NAME = re.compile(r"^[\u0900-\u0963\u0970-\u097f]+$")
_LATIN_NAME = re.compile(r"^[A-Z][a-z]+(?:['’][A-Za-z]+)?$|^[A-Z]$")
# Hindi finite verbs and participles: a name after a title ends before these.
_VERB_ENDING = re.compile(r"(?:ेंगे|ेंगि|ेगा|ेगि|ुंगा|ुंगि|ोगे|ते|ता|ति|तिं|ना|ने|नि|कर|िया|ाया|ाइ|ाए|ाएं)$")


@functools.lru_cache(maxsize=1 << 16)
def _norm(word: str) -> str:
    """The comparison key of one token: spelling variants of a name share it (memoised:
    news repeats its words, and normalising is most of the gazetteer's cost per word)."""
    if word.isascii():
        # Acronyms stay case-sensitive so that "US"/"UN" do not match "us"/"un".
        if len(word) <= 5 and word.isupper():
            return word.replace("-", "")
        return word.casefold().replace("-", "")
    text = unicodedata.normalize("NFD", word).replace(_NUKTA, "")
    text = unicodedata.normalize("NFC", text)
    return _NASAL_CLUSTER.sub("ं", text).translate(_FOLD)


def _wordset(*lines: str) -> frozenset[str]:
    """Normalised keys of the space-separated words in ``lines``."""
    return frozenset(_norm(word) for line in lines for word in line.split())


# Titles: the word right before a name must be a head; modifiers may precede the head.
_HEADS = _wordset(
    "मंत्री राष्ट्रपति उपराष्ट्रपति प्रधानमंत्री मुख्यमंत्री सलाहकार डॉ पीएम सीएम मिनिस्टर अध्यक्ष",
    "सचिव महासचिव राजदूत प्रवक्ता चांसलर श्री श्रीमती जनरल प्रेसिडेंट सांसद राज्यपाल",
    "Dr Mr Mrs Ms Shri Smt Prof Gen President Minister PM DPM CM Chancellor Secretary",
    "Ambassador Premier Adviser Advisor Spokesperson Spokesman Chairman Envoy",
)
_MODIFIERS = _wordset(
    "विदेश रक्षा गृह वित्त वाणिज्य उद्योग व्यापार ऊर्जा उप प्रथम राष्ट्रीय सुरक्षा",
    "फर्स्ट डिप्टी प्राइम केंद्रीय पूर्व प्रधान कार्यवाहक संयुक्त विशेष",
    "First Deputy Foreign Defence Defense External Affairs Prime Vice National",
    "Security Former Home Finance Trade Acting Special State Union",
)
_TITLE_WORDS = _HEADS | _MODIFIERS
# A bare "मंत्री" also follows plural and generic uses (दोनों मंत्री, मंत्री द्विपक्षीय ...).
_WEAK_ROLES = _wordset("मंत्री Minister")
# Function words and nouns that follow titles but are never names.
_STOPWORDS = _wordset(
    "ने से को के की का में पर और एवं तथा या व भी ही तो है हैं था थी थे हो द्वारा",
    "लिए साथ बाद पहले बीच तक यह वह ये वे इस उस इन उन जो कि एक दो आज कल अब",
    "पद चुनाव कार्यालय भवन आवास निवास स्तर स्तरीय वार्ता बैठक यात्रा दौरा दौरे",
    "शिखर सम्मेलन समिट मुलाकात बातचीत ओर तरफ़ रूप बनने बने बनी चुने नेता",
    "the of and in on at to for by with from a an as is was his her their",
)
_MAX_GENERATED_TOKENS = 3
_SHORT_FORM_MIN_LEN = 3
_FUZZY_MIN_LEN = 6
# Places and organisations: the world's country and capital names are many and short, and
# common words sit one edit from them (नियामक/नियामी, मलेरिया/मलेशिया).
_FUZZY_MIN_LEN_NON_PER = 8
_FUZZY_CACHE_LIMIT = 200_000


class EntityModel(Protocol):
    """A statistical recogniser: (start, end, label, score) spans over the whole text.

    Its spans fill gaps the gazetteer left (and replace a gazetteer place inside a longer
    organisation or place name); they are linked like any other name.
    """

    def __call__(
        self, text: str, sentences: Sequence[Span]
    ) -> Iterable[tuple[int, int, str, float]]: ...


@dataclass(frozen=True, slots=True)
class _Words:
    """The word tokens of one sentence, with edge punctuation trimmed off."""

    keys: list[str]
    starts: list[int]
    ends: list[int]
    joins: list[bool]  # joins[i]: word i and i+1 may belong to one name


def _words(text: str, offset: int = 0) -> _Words:
    keys: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for surface, start, end in tokenize(text):
        lead_match = _LEAD.match(surface)
        lead = lead_match.end() if lead_match else 0
        if lead == len(surface):
            continue  # punctuation only
        trail_match = _TRAIL.search(surface, lead)
        trail = len(surface) - trail_match.start() if trail_match else 0
        core = surface[lead : len(surface) - trail]
        keys.append(_norm(core))
        starts.append(offset + start + lead)
        ends.append(offset + end - trail)
    joins = [
        _JOIN_GAP.fullmatch(text, ends[i] - offset, starts[i + 1] - offset) is not None
        for i in range(len(keys) - 1)
    ]
    return _Words(keys, starts, ends, joins)


def _phrase_keys(phrase: str) -> tuple[str, ...]:
    return tuple(_words(phrase).keys)


class KnowledgeBase:
    """Entities and their normalised names, indexed for matching.

    Built once per CSV version and shared by every article; the only state that changes
    afterwards is a bounded memo of fuzzy look-ups, which never changes a result.
    """

    def __init__(
        self,
        rows: Iterable[tuple[Entity, Sequence[str]]],
        *,
        demonyms: Iterable[tuple[str, str]] = (),
        offices: Iterable[tuple[str, str]] = (),
        stoplist: Iterable[tuple[str, str]] = (),
        exact_only: Iterable[str] = (),
    ) -> None:
        self.entities: dict[str, Entity] = {}
        self._index: dict[tuple[str, ...], str] = {}
        self._names: dict[str, frozenset[str]] = {}  # entity id → tokens of its longer names
        self._fuzzy: dict[tuple[str, int], list[tuple[str, str]]] = {}
        self._fuzzy_cache: dict[str, tuple[str, int] | None] = {}
        self._demonyms: dict[tuple[str, ...], str] = {}  # demonym keys → country id
        self.offices: dict[str, str] = dict(offices)  # office id → the place it governs
        self._stop: dict[tuple[str, ...], str] = {}
        self._named: set[tuple[tuple[str, ...], str]] = set()  # every (name, id), stopped too
        for name, entity_id in stoplist:
            self._stop[_phrase_keys(name)] = entity_id
        for entity, aliases in rows:
            self._add(entity, aliases)
        self._add_demonyms(demonyms)
        self._check()
        # Names made from a pattern (यूपी सरकार, बिहार के सीएम) are mostly the pattern: one
        # or two edits away is another state's, or a phrase (यदि सरकार 'if the government').
        exact = frozenset(exact_only) | frozenset(self.offices)
        self._first = frozenset(key[0] for key in self._index)
        self.max_tokens = max((len(key) for key in self._index), default=0)
        for key, entity_id in sorted(self._index.items()):
            joined = " ".join(key)
            if key[-1].isupper() or any(ch.isdigit() for ch in joined):
                continue  # acronyms
            if self.entities[entity_id].type != "PER" and len(joined) < _FUZZY_MIN_LEN_NON_PER:
                continue  # a word one letter off a short place is a word (मलेरिया/मलेशिया)
            if entity_id in exact:
                continue
            self._fuzzy.setdefault((joined[0], len(key)), []).append((joined, entity_id))
        # Sorted by length, so that a look-up scans only aliases within two code points of
        # the candidate's length (no more than two edits apart); the result does not depend
        # on the order (the closest entity, or None on a tie between two).
        for bucket in self._fuzzy.values():
            bucket.sort(key=lambda pair: len(pair[0]))
        self._fuzzy_lengths = {k: [len(a) for a, _ in v] for k, v in self._fuzzy.items()}

    def _add(self, entity: Entity, aliases: Sequence[str]) -> None:
        if entity.entity_id in self.entities:
            raise ValueError(f"duplicate entity id {entity.entity_id!r}")
        if entity.type not in LABELS:
            raise ValueError(f"{entity.entity_id}: type {entity.type!r} is not one of {LABELS}")
        self.entities[entity.entity_id] = entity
        names: set[str] = set()
        for name in (entity.name_hi, entity.name_en, *aliases):
            key = _phrase_keys(name)
            self._named.add((key, entity.entity_id))
            if not key or self._stop.get(key) == entity.entity_id:
                continue
            other = self._index.setdefault(key, entity.entity_id)
            if other != entity.entity_id:
                raise ValueError(f"alias {name!r} names both {other} and {entity.entity_id}")
            if len(key) > 1 and entity.entity_id not in self.offices:
                names.update(k for k in key if len(k) >= _SHORT_FORM_MIN_LEN)
        self._names[entity.entity_id] = frozenset(names - _TITLE_WORDS - _STOPWORDS)

    def _add_demonyms(self, demonyms: Iterable[tuple[str, str]]) -> None:
        """Demonyms (भारतीय, अमेरिकी, Indian) are names of their country for the gazetteer,
        and also kept apart so that the event stage can tell the adjective from the name."""
        countries: dict[str, str] = {}
        for entity in self.entities.values():
            if entity.type == "LOC" and entity.country:
                countries.setdefault(entity.country, entity.entity_id)  # countries come first
        for name, code in demonyms:
            country_id = countries.get(code)
            if country_id is None:
                raise ValueError(f"demonym {name!r}: no country {code!r} in the KB")
            key = _phrase_keys(name)
            if self._stop.get(key) == country_id:
                continue
            other = self._index.setdefault(key, country_id)
            if other != country_id:
                raise ValueError(f"demonym {name!r} of {country_id} is a name of {other}")
            self._demonyms[key] = country_id

    def _check(self) -> None:
        """A stale stop list or office table is an error, not a silent no-op."""
        for office, place in self.offices.items():
            if office not in self.entities or place not in self.entities:
                raise ValueError(f"office {office!r} of {place!r}: not both in the KB")
        for key, entity_id in self._stop.items():
            if (key, entity_id) not in self._named:
                raise ValueError(f"stop list: {' '.join(key)!r} is no name of {entity_id!r}")

    def __len__(self) -> int:
        return len(self.entities)

    def __contains__(self, entity_id: object) -> bool:
        return entity_id in self.entities

    def get(self, entity_id: str) -> Entity | None:
        return self.entities.get(entity_id)

    def lookup(self, name: str) -> Entity | None:
        """The entity that ``name`` (a name or alias, any known spelling) denotes exactly."""
        entity_id = self._index.get(_phrase_keys(name))
        return None if entity_id is None else self.entities[entity_id]

    def demonym_country(self, name: str) -> str | None:
        """The id of the country whose demonym ``name`` is (भारतीय, अमरीकी, Indian → its
        country), any known spelling; None when ``name`` is not a demonym (a country's own
        name such as भारत is not one)."""
        return self._demonyms.get(_phrase_keys(name))

    def office_of(self, entity_id: str) -> str | None:
        """The place an office entity belongs to (``per_cm_uttar_pradesh`` →
        ``loc_uttar_pradesh``); None for anything that is not an office."""
        return self.offices.get(entity_id)

    def _match(self, words: _Words, i: int) -> tuple[int, str] | None:
        """Longest KB alias starting at word ``i``: (end word, entity id)."""
        keys = words.keys
        if keys[i] not in self._first:
            return None
        limit = i + 1
        while limit < len(keys) and limit - i < self.max_tokens and words.joins[limit - 1]:
            limit += 1
        for end in range(limit, i, -1):
            entity_id = self._index.get(tuple(keys[i:end]))
            if entity_id is not None:
                return end, entity_id
        return None

    def _fuzzy_match(self, joined: str, n_tokens: int) -> tuple[str, int] | None:
        """The one KB entity whose alias is a close misspelling of ``joined``, and the
        edit distance; None when none is close or two different entities are equally close."""
        if joined in self._fuzzy_cache:
            return self._fuzzy_cache[joined]
        best: tuple[str, int] | None = None
        tied = False
        bucket_key = (joined[0], n_tokens)
        bucket = self._fuzzy.get(bucket_key, [])
        lengths = self._fuzzy_lengths.get(bucket_key, [])
        low = bisect.bisect_left(lengths, len(joined) - 2)
        high = bisect.bisect_right(lengths, len(joined) + 2)
        for alias, entity_id in bucket[low:high]:
            distance = _fuzzy_distance(joined, alias)
            if distance is None or (best is not None and distance > best[1]):
                continue
            if best is not None and distance == best[1]:
                tied = tied or entity_id != best[0]
                continue
            best, tied = (entity_id, distance), False
        result = None if tied else best
        if len(self._fuzzy_cache) >= _FUZZY_CACHE_LIMIT:
            self._fuzzy_cache.clear()
        self._fuzzy_cache[joined] = result
        return result


def _fuzzy_distance(candidate: str, alias: str) -> int | None:
    """Edit distance (with transpositions) when ``candidate`` may be a misspelling of
    ``alias``, else None.

    Short names differ by one letter between different people (ओबामा/ओसामा, Modi/Mody), and
    a longer or shorter form is usually another name (पुतिन/पुतिना, शंकर/जयशंकर, Sharma/Sarma):
    so both must have at least six code points, share the first one, neither may be a prefix
    or suffix of the other, names under eight code points may only swap or replace one
    (जयंशकर/जयशंकर), and only names of ten or more may differ by two edits.
    """
    shorter = min(len(candidate), len(alias))
    if shorter < _FUZZY_MIN_LEN or candidate[0] != alias[0]:
        return None
    if alias.startswith(candidate) or candidate.startswith(alias):
        return None
    if alias.endswith(candidate) or candidate.endswith(alias):
        return None
    if len(alias) < 8 and len(candidate) != len(alias):
        return None
    limit = 1 if len(alias) < 10 else 2
    distance = OSA.distance(candidate, alias, score_cutoff=limit)
    return distance if distance <= limit else None


def _read_csv(path: Path) -> list[tuple[Entity, list[str]]]:
    rows: list[tuple[Entity, list[str]]] = []
    for where, row in csv_rows(path, _ENTITY_COLUMNS):
        if row["type"].strip() not in LABELS or not row["entity_id"].strip():
            raise ValueError(f"{where}: an entity needs an id and a type in {sorted(LABELS)}")
        entity = Entity(
            entity_id=row["entity_id"].strip(),
            type=row["type"].strip(),
            name_hi=unicodedata.normalize("NFC", row["name_hi"].strip()),
            name_en=row["name_en"].strip(),
            country=row["country"].strip() or None,
            wikidata=row["wikidata"].strip() or None,
        )
        aliases = [a.strip() for a in (row["aliases"] or "").split("|") if a.strip()]
        rows.append((entity, aliases))
    return rows


_ENTITY_COLUMNS = ("entity_id", "type", "name_hi", "name_en", "aliases", "country", "wikidata")


# Reference CSVs read beside ``entities.csv`` (in this order: countries first, so that the
# first place with a country code is the country itself; states after their country).
_COUNTRIES_CSV = "countries.csv"
_STATES_CSV = "indian_states.csv"
_DEMONYMS_CSV = "demonyms.csv"
_STOPLIST_CSV = "gazetteer_stoplist.csv"
_COMPANIONS = (_COUNTRIES_CSV, _STATES_CSV, _DEMONYMS_CSV, _STOPLIST_CSV)
# How Hindi and English news name a state's Chief Minister and government; ``{}`` is one of
# the state's names. The office is a PER entity (the office holder, whoever it is that day).
_CM_FORMS = (
    "{} के मुख्यमंत्री", "{} की मुख्यमंत्री", "{} के सीएम", "{} की सीएम", "{} सीएम",
    "{} मुख्यमंत्री", "Chief Minister of {}", "{} Chief Minister", "{} CM",
)  # fmt: skip
_GOVERNMENT_FORMS = ("{} सरकार", "{} की सरकार", "Government of {}", "{} government")


def _dict_rows(path: Path, columns: Sequence[str]) -> list[dict[str, str]]:
    return [{k: v.strip() for k, v in row.items()} for _, row in csv_rows(path, columns)]


def _split(field: str) -> list[str]:
    return [a.strip() for a in field.split("|") if a.strip()]


def _state_rows(
    path: Path,
) -> tuple[list[tuple[Entity, list[str]]], list[tuple[str, str]], list[str]]:
    """Each state or union territory (a LOC), its government (an ORG) and, where it has one,
    its Chief Minister's office (a PER linked to the state): rows and (office, state) pairs.

    The government and the office are named from every name of the state plus its
    ``office_forms`` (दिल्ली for the National Capital Territory, whose bare name is the
    city's); the first office form, if any, is the one their own names use."""
    rows: list[tuple[Entity, list[str]]] = []
    offices: list[tuple[str, str]] = []
    governments: list[str] = []
    columns = ("entity_id", "name_hi", "name_en", "aliases", "office_forms", "chief_minister")
    for row in _dict_rows(path, columns):
        state_id, name_hi, name_en = row["entity_id"], row["name_hi"], row["name_en"]
        aliases, extra = _split(row["aliases"]), _split(row["office_forms"])
        rows.append((Entity(state_id, "LOC", name_hi, name_en, country="IN"), aliases))
        forms = [*extra, name_hi, name_en, *aliases]
        short_hi = next(f for f in forms if not f.isascii())
        short_en = next(f for f in forms if f.isascii())
        slug = re.sub(r"[^a-z0-9]+", "_", short_en.lower()).strip("_")

        def named(patterns: Sequence[str], forms: Sequence[str] = forms) -> list[str]:
            return list(
                dict.fromkeys(p.format(f) for p in patterns for f in forms
                              if p.isascii() == f.isascii())
            )  # fmt: skip

        government = Entity(
            f"org_government_of_{slug}", "ORG", f"{short_hi} सरकार", f"Government of {short_en}",
            country="IN",
        )  # fmt: skip
        rows.append((government, named(_GOVERNMENT_FORMS)))
        governments.append(government.entity_id)
        if row["chief_minister"] != "yes":
            continue
        office = Entity(
            f"per_cm_{slug}", "PER", f"{short_hi} के मुख्यमंत्री",
            f"Chief Minister of {short_en}", country="IN",
        )  # fmt: skip
        rows.append((office, named(_CM_FORMS)))
        offices.append((office.entity_id, state_id))
    return rows, offices, governments


@functools.cache
def _load_cached(paths: tuple[Path, ...], mtimes: tuple[int, ...]) -> KnowledgeBase:
    folder = paths[0].parent
    present = set(paths[1:])
    rows: list[tuple[Entity, list[str]]] = []
    offices: list[tuple[str, str]] = []
    governments: list[str] = []
    if folder / _COUNTRIES_CSV in present:
        rows += _read_csv(folder / _COUNTRIES_CSV)
    rows += _read_csv(paths[0])
    if folder / _STATES_CSV in present:
        state_rows, offices, governments = _state_rows(folder / _STATES_CSV)
        rows += state_rows
    demonyms: list[tuple[str, str]] = []
    if folder / _DEMONYMS_CSV in present:
        demonyms = [
            (r["demonym"], r["country"])
            for r in _dict_rows(folder / _DEMONYMS_CSV, ("demonym", "country"))
        ]
    stoplist: list[tuple[str, str]] = []
    if folder / _STOPLIST_CSV in present:
        stoplist = [
            (r["name"], r["entity_id"])
            for r in _dict_rows(folder / _STOPLIST_CSV, ("name", "entity_id"))
        ]
    return KnowledgeBase(
        rows, demonyms=demonyms, offices=offices, stoplist=stoplist, exact_only=governments
    )


def load_knowledge_base(path: Path | None = None) -> KnowledgeBase:
    """The KB from ``seeds/entities.csv`` (or ``path``) and the reference CSVs beside it
    (countries and capitals, Indian states, demonyms, the stop list), built once per version
    of those files: the alias index is the expensive part and every article shares it."""
    source = (path or reference_path("entities.csv")).resolve()
    companions = [source.parent / name for name in _COMPANIONS]
    paths = (source, *(p for p in companions if p.is_file()))
    return _load_cached(paths, tuple(p.stat().st_mtime_ns for p in paths))


def demonym_country(name: str, kb: KnowledgeBase | None = None) -> str | None:
    """The country id a demonym names (भारतीय → ``loc_india``, अमेरिकी → ``loc_usa``), from
    ``seeds/demonyms.csv``; None when ``name`` is not a demonym. See
    ``KnowledgeBase.demonym_country``."""
    return (kb or load_knowledge_base()).demonym_country(name)


def _generated_id(label: str, keys: Sequence[str]) -> str:
    """A stable id for a name the KB lacks: the same normalised name gets the same id in
    every article and every run."""
    digest = hashlib.sha1(" ".join(keys).encode("utf-8")).hexdigest()[:10]
    return f"{label.lower()}_{digest}"


@dataclass(slots=True)
class _Found:
    first: int  # word indices, end exclusive
    last: int
    label: str
    entity_id: str
    method: str
    confidence: float
    role: tuple[int, int] | None = None  # character span of the title


@dataclass(slots=True)
class _Article:
    """What earlier sentences of the same article tell about later ones."""

    kb: KnowledgeBase
    short_forms: dict[str, list[str]]  # name token → person ids, most recent last
    named: set[str]  # persons named in full so far

    def remember(self, entity_id: str, keys: Sequence[str]) -> None:
        """Record a person named with more than one token; its tokens become short forms."""
        if len(keys) < 2:
            return
        self.named.add(entity_id)
        tokens = set(k for k in keys if len(k) >= _SHORT_FORM_MIN_LEN) - _TITLE_WORDS
        tokens |= self.kb._names.get(entity_id, frozenset())
        for token in sorted(tokens - _STOPWORDS):
            ids = self.short_forms.setdefault(token, [])
            if entity_id in ids:
                ids.remove(entity_id)
            ids.append(entity_id)

    def short_form(self, key: str) -> tuple[str, float] | None:
        ids = self.short_forms.get(key)
        if not ids:
            return None
        return ids[-1], (0.95 if len(ids) == 1 else 0.7)


def _role_start(words: _Words, first: int) -> int | None:
    """Index of the first title word directly before word ``first``, if a title is there."""
    i = first - 1
    if i < 0 or not words.joins[i] or words.keys[i] not in _HEADS:
        return None
    while i > 0 and words.joins[i - 1] and words.keys[i - 1] in _TITLE_WORDS:
        i -= 1
    return i


def _is_name_word(key: str) -> bool:
    if key in _STOPWORDS or key in _TITLE_WORDS:
        return False
    if _DEVANAGARI_NAME.match(key):
        return len(key) >= 2 and not _VERB_ENDING.search(key)
    return False


def _generate(
    words: _Words, text: str, i: int, covered: list[bool], surnames: frozenset[int]
) -> _Found | None:
    """A person name the KB lacks, recognised only right after a title, where a name is
    expected: Hindi needs two name words (single words after titles are too often nouns:
    प्रधानमंत्री पद), English one capitalised word. A one-word KB alias may end the name
    (राजदूत नीरव मोदी is not Narendra Modi): ``surnames`` are the word indices of those."""
    start = _role_start(words, i)
    if start is None:
        return None
    if i - start == 1 and words.keys[start] in _WEAK_ROLES:
        return None
    end = i
    latin = words.keys[i].isascii()
    while end < len(words.keys) and end - i < _MAX_GENERATED_TOKENS:
        if end > i and not words.joins[end - 1]:
            break
        if covered[end]:
            end += 1 if end > i and end in surnames else 0
            break
        if latin:
            surface = text[words.starts[end] : words.ends[end]]
            if not _LATIN_NAME.match(surface) or words.keys[end] in _STOPWORDS:
                break
        elif not _is_name_word(words.keys[end]):
            break
        end += 1
    if end == i or (not latin and end - i < 2):
        return None
    keys = words.keys[i:end]
    return _Found(i, end, "PER", _generated_id("PER", keys), "generated", 0.6)


def _resolve_span(keys: Sequence[str], label: str, article: _Article) -> tuple[str, str]:
    """Link a span found by something other than the gazetteer: (entity id, how).

    Short forms and misspellings link only to an entity of the span's own type: an entity
    has one type, and "लावरोव" read as a place is not the person named earlier.
    """
    kb = article.kb
    if (entity_id := kb._index.get(tuple(keys))) is not None:
        return entity_id, "gazetteer"
    if (
        label == "PER"
        and len(keys) == 1
        and (short := article.short_form(keys[0])) is not None
        and _type_of(short[0], kb) == "PER"
    ):
        return short[0], "short_form"
    fuzzy = kb._fuzzy_match(" ".join(keys), len(keys))
    if fuzzy is not None and _type_of(fuzzy[0], kb) == label:
        return fuzzy[0], "fuzzy"
    return _generated_id(label, keys), "generated"


def _type_of(entity_id: str, kb: KnowledgeBase) -> str:
    """A KB entity's type, or a generated id's (its prefix is the type it was made for)."""
    known = kb.get(entity_id)
    return known.type if known is not None else entity_id.split("_", 1)[0].upper()


def _sentence(
    text: str, span: Span, article: _Article, model_spans: Sequence[tuple[int, int, str, float]]
) -> list[EntityMention]:
    kb = article.kb
    words = _words(text[span.start : span.end], span.start)
    n = len(words.keys)
    gazetteer: dict[int, _Found] = {}
    covered = [False] * n
    i = 0
    while i < n:
        hit = kb._match(words, i)
        if hit is None:
            i += 1
            continue
        end, entity_id = hit
        gazetteer[i] = _Found(i, end, kb.entities[entity_id].type, entity_id, "gazetteer", 1.0)
        covered[i:end] = [True] * (end - i)
        i = end
    surnames = frozenset(
        f.first for f in gazetteer.values() if f.label == "PER" and f.last - f.first == 1
    )
    # One sweep left to right: what is linked so far licenses the short forms that follow.
    found: list[_Found] = []
    i = 0
    while i < n:
        item = gazetteer.get(i)
        if item is not None:
            if item.label == "PER" and item.entity_id not in kb.offices:
                _relink_person(item, words.keys[item.first : item.last], article)
        elif covered[i] or words.keys[i] in _STOPWORDS or words.keys[i] in _TITLE_WORDS:
            i += 1
            continue
        else:
            item = _fuzzy_or_short(words, i, covered, article) or _generate(
                words, text, i, covered, surnames
            )
            if item is None:
                i += 1
                continue
            covered[item.first : item.last] = [True] * (item.last - item.first)
            if item.label == "PER":
                article.remember(item.entity_id, words.keys[item.first : item.last])
        found.append(item)
        i = item.last
    found = _from_model(words, span, model_spans, covered, found, article)
    found.sort(key=lambda f: f.first)
    mentions: list[EntityMention] = []
    for item in _attach_roles(text, words, found, kb.offices):
        start, end = words.starts[item.first], words.ends[item.last - 1]
        role = text[item.role[0] : item.role[1]].rstrip() if item.role else None
        mentions.append(
            EntityMention(
                start=start,
                end=end,
                surface=text[start:end],
                label=item.label,
                entity_id=item.entity_id,
                role=role or None,
                method=item.method,
                confidence=item.confidence,
            )
        )
    return mentions


def _relink_person(item: _Found, keys: Sequence[str], article: _Article) -> None:
    """A one-word alias of a person follows the article: after "नीरव मोदी", "मोदी" is him;
    after "सर्गेई लावरोव", "लावरोव" is a short form of that mention."""
    if len(keys) == 1:
        short = article.short_form(keys[0])
        if short is None:
            if item.entity_id not in article.named:
                item.confidence = 0.9  # a bare alias with no full name in the article to back it
        elif short[0] != item.entity_id:
            item.entity_id, item.method, item.confidence = short[0], "short_form", short[1]
        else:
            item.method = "short_form"
    article.remember(item.entity_id, keys)


def _fuzzy_or_short(words: _Words, i: int, covered: list[bool], article: _Article) -> _Found | None:
    """Short forms (possibly several tokens of one person) first, then the longest run of up
    to three words that is a close misspelling of a KB alias."""
    end = i
    entity_id: str | None = None
    confidence = 1.0
    while end < len(words.keys) and not covered[end]:
        if end > i and not words.joins[end - 1]:
            break
        short = article.short_form(words.keys[end])
        if short is None or (entity_id is not None and short[0] != entity_id):
            break
        entity_id, confidence = short[0], min(confidence, short[1])
        end += 1
    if entity_id is not None:
        label = article.kb.entities[entity_id].type if entity_id in article.kb else "PER"
        return _Found(i, end, label, entity_id, "short_form", confidence)
    limit = i
    while (
        limit < len(words.keys)
        and limit - i < 3
        and not covered[limit]
        and (limit == i or words.joins[limit - 1])
        and words.keys[limit] not in _STOPWORDS
    ):
        limit += 1
    fuzzy_keys = article.kb._fuzzy
    for end in range(limit, i, -1):
        if (words.keys[i][:1], end - i) not in fuzzy_keys:
            continue  # no alias to be a misspelling of: most words, so checked first
        joined = " ".join(words.keys[i:end])
        if len(joined) < _FUZZY_MIN_LEN or not any(map(str.isalpha, joined)):
            continue
        if any(map(str.isdigit, joined)):
            continue
        fuzzy = article.kb._fuzzy_match(joined, end - i)
        if fuzzy is not None:
            entity_id, distance = fuzzy
            label = article.kb.entities[entity_id].type
            score = round(1.0 - distance / len(joined), 3)
            return _Found(i, end, label, entity_id, "fuzzy", score)
    return None


def _from_model(
    words: _Words,
    span: Span,
    model_spans: Sequence[tuple[int, int, str, float]],
    covered: list[bool],
    found: list[_Found],
    article: _Article,
) -> list[_Found]:
    """``found`` plus the model spans inside this sentence that touch no word already linked.

    One exception: an organisation or place the model reads as a longer name around a
    gazetteer place (भारत सरकार, भारतीय रिज़र्व बैंक, दिल्ली विश्वविद्यालय) is that longer
    name; the place inside it is a modifier, not a second actor, so the model span replaces
    it. Persons and organisations the gazetteer knows are never overridden.
    """
    found = list(found)
    for start, end, label, score in model_spans:
        if label not in LABELS or start < span.start or end > span.end:
            continue
        inside = [j for j in range(len(words.keys)) if start <= words.starts[j] < end]
        if not inside:
            continue
        first, last = inside[0], inside[-1] + 1
        if any(covered[j] for j in inside):
            if label == "PER":
                continue
            clashing = [f for f in found if f.first < last and first < f.last]
            places_inside = all(
                f.method == "gazetteer" and f.label == "LOC" and first <= f.first <= f.last <= last
                for f in clashing
            )
            if not places_inside or sum(f.last - f.first for f in clashing) >= last - first:
                continue
            found = [f for f in found if not any(f is c for c in clashing)]
        keys = words.keys[first:last]
        entity_id, _ = _resolve_span(keys, label, article)
        found.append(_Found(first, last, label, entity_id, "model", round(score, 3)))
        for j in inside:
            covered[j] = True
        if label == "PER":
            article.remember(entity_id, keys)
    return found


def _attach_roles(
    text: str, words: _Words, found: list[_Found], offices: Mapping[str, str]
) -> list[_Found]:
    """Give persons their preceding title; fold a place directly before that title (रूसी
    विदेश मंत्री) into the role instead of reporting it as a separate actor. An office
    directly before a name (उत्तर प्रदेश के मुख्यमंत्री योगी आदित्यनाथ) is that person's
    role in the same way: one actor, not the office and the person."""
    by_last = {f.last: f for f in found}
    taken = {j for f in found for j in range(f.first, f.last)}
    absorbed: set[int] = set()
    for item in found:
        if item.label != "PER" or item.entity_id in offices:
            continue
        before = by_last.get(item.first)
        if (
            before is not None
            and before.entity_id in offices
            and words.joins[item.first - 1]
            and text[words.ends[item.first - 1] : words.starts[item.first]].isspace()
        ):
            item.role = (words.starts[before.first], words.starts[item.first])
            absorbed.add(id(before))
            continue
        start = _role_start(words, item.first)
        if start is None:
            continue
        while start in taken:  # a title word inside another mention is that mention's
            start += 1
        if start >= item.first:
            continue
        role_start = words.starts[start]
        before = by_last.get(start)
        if (
            before is not None
            and before.label == "LOC"
            and text[words.ends[start - 1] : words.starts[start]].isspace()
        ):
            role_start = words.starts[before.first]
            absorbed.add(id(before))
        item.role = (role_start, words.starts[item.first])
    return [f for f in found if id(f) not in absorbed]


def extract_entities(
    text: str, sentences: Sequence[Span], kb: KnowledgeBase, model: EntityModel | None = None
) -> list[EntityMention]:
    """Person, place and organisation mentions in ``text``, each linked to an entity id.

    Sentences bound names (a name never spans two); they are read in order, since short
    forms need the full name earlier in the article. No sentences means the whole text.
    ``model`` may add spans the gazetteer missed.
    """
    spans = sorted(sentences, key=lambda s: (s.start, s.end)) or [Span(0, len(text))]
    model_spans = sorted(model(text, spans)) if model is not None else []
    article = _Article(kb, {}, set())
    mentions: list[EntityMention] = []
    for span in spans:
        for mention in _sentence(text, span, article, model_spans):
            if mentions and mention.start < mentions[-1].end:
                continue  # overlapping sentence spans: keep the first reading
            mentions.append(mention)
    return mentions


def entities_for(mentions: Iterable[EntityMention], kb: KnowledgeBase) -> list[Entity]:
    """The entities the mentions refer to, sorted by id: KB rows as they are, and for
    generated ids a row named after the longest surface seen (ties: the smallest)."""
    return entities_named(((m.entity_id, m.surface) for m in mentions), kb)


def entities_named(named: Iterable[tuple[str, str]], kb: KnowledgeBase) -> list[Entity]:
    """``entities_for`` from (entity id, surface) pairs, such as a mentions table's."""
    surfaces: dict[str, list[str]] = {}
    for entity_id, surface in named:
        surfaces.setdefault(entity_id, []).append(surface)
    result: list[Entity] = []
    for entity_id in sorted(surfaces):
        known = kb.get(entity_id)
        if known is not None:
            result.append(known)
            continue
        name = min(surfaces[entity_id], key=lambda s: (-len(s), s))
        label = _type_of(entity_id, kb)
        hindi = any("\u0900" <= ch <= "\u097f" for ch in name)
        result.append(
            Entity(
                entity_id=entity_id,
                type=label,
                name_hi=name if hindi else "",
                name_en="" if hindi else name,
                source="generated",
            )
        )
    return result


__all__ = [
    "LABELS",
    "EntityModel",
    "KnowledgeBase",
    "demonym_country",
    "entities_for",
    "entities_named",
    "extract_entities",
    "load_knowledge_base",
]
