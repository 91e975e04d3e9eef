"""Group participants: unnamed groups that news makes actors (कुछ लोगों ने पथराव किया,
विदेशों में फंसे भारतीयों को वापस लाने, केंद्र सरकार ने ...).

PLOVER events need a participant that can be counted, and much of the news names a group
instead of a person. Each group phrase (modifiers from ``seeds/groups.csv`` and one head
noun) becomes a ``GRP`` mention with a generated id ``grp_<group>_<hash>`` of the phrase as
written, so the same phrase is one entity across articles. A phrase inside a name the
entity stage already found is left to that name.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from khabar.model import EntityMention, Span
from khabar.resources import csv_rows, reference_path

LABEL = "GRP"
METHOD = "group"
_WORD = re.compile(r"[\u0900-\u0963\u0966-\u097F\u200c\u200d-]+")
_MAX_MODIFIERS = 2
_LINKS = frozenset({"", "आदि", "जैसे", "समेत"})  # X आदि देशों: the countries are the names


@dataclass(frozen=True, slots=True)
class GroupLexicon:
    heads: dict[str, str]  # head noun -> group kind
    modifiers: frozenset[str]


def load_groups(path: Path | None = None) -> GroupLexicon:
    """Read ``groups.csv``; a row of another kind, or a head without a group, is an error."""
    heads: dict[str, str] = {}
    modifiers: set[str] = set()
    for where, row in csv_rows(path or reference_path("groups.csv"), ("word", "kind", "group")):
        word = row["word"].strip()
        if row["kind"] == "head" and word and row["group"]:
            heads[word] = row["group"]
        elif row["kind"] == "modifier" and word:
            modifiers.add(word)
        else:
            raise ValueError(f"{where}: bad group row {row}")
    return GroupLexicon(heads, frozenset(modifiers))


# heads that continue a name before them (सार्क देशों, भारत सरकार, दिल्ली पुलिस) rather than
# name a group of their own
CONTINUING = frozenset({"countries", "government", "police", "military"})


def continuations(lexicon: GroupLexicon) -> frozenset[str]:
    """Head words that, right after a name, belong to it (built once, into the event
    lexicon: the event stage asks after every name)."""
    return frozenset(w for w, kind in lexicon.heads.items() if kind in CONTINUING)


def group_id(kind: str, surface: str) -> str:
    digest = hashlib.sha1(" ".join(surface.split()).encode("utf-8")).hexdigest()[:10]
    return f"grp_{kind}_{digest}"


def is_group(entity_id: str) -> bool:
    return entity_id.startswith("grp_")


def group_kind(entity_id: str) -> str | None:
    """The group kind of a generated group id (``public``, ``police``, ...), else None."""
    if not is_group(entity_id):
        return None
    return entity_id.split("_")[1]


def group_mentions(
    text: str,
    sentences: Sequence[Span],
    entities: Sequence[EntityMention],
    lexicon: GroupLexicon | None = None,
) -> list[EntityMention]:
    """Group phrases in the sentences that no entity mention overlaps, in text order;
    ``lexicon`` defaults to the shipped one (``khabar.resources.shipped``)."""
    if lexicon is None:
        from khabar.resources import shipped  # the resources module builds on this one

        lexicon = shipped().groups
    lex = lexicon
    taken = sorted((e.start, e.end) for e in entities)
    found: list[EntityMention] = []
    for span in sentences:
        words = [
            (m.start(), m.end(), m.group(0)) for m in _WORD.finditer(text, span.start, span.end)
        ]
        for k, (_, end, word) in enumerate(words):
            kind = lex.heads.get(word)
            if kind is None:
                continue
            first = k
            while (
                first > 0
                and k - first < _MAX_MODIFIERS
                and words[first - 1][2] in lex.modifiers
                and text[words[first - 1][1] : words[first][0]].strip() == ""
            ):
                first -= 1
            begin = words[first][0]
            if any(s < end and begin < e for s, e in taken):
                continue
            if first == k and any(e <= begin and text[e:begin].strip() in _LINKS for _, e in taken):
                continue  # सार्क देशों, भारत सरकार: the name before it is the participant
            surface = text[begin:end]
            found.append(
                EntityMention(begin, end, surface, LABEL, group_id(kind, surface), method=METHOD)
            )
    return found


# group kinds whose singular head, once an article has put a name beside it ("आरोपी संजीव
# शर्मा"), is that person wherever it stands alone ("आरोपी को गिरफ्तार किया")
DEFINITE = frozenset({"accused"})
_SINGULAR = frozenset({"आरोपी", "आरोपित"})


def resolve_definite(text: str, mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """News names the accused once and then calls them "the accused": where an article
    puts exactly one person's name right after such a head word, every bare singular head
    of that kind in the article is that person (a ``PER`` mention with the person's id).
    Two names, or none, leave the groups as they are."""
    ordered = sorted(mentions, key=lambda m: (m.start, m.end))
    named: dict[str, set[str]] = {}
    for here, nxt in itertools.pairwise(ordered):
        kind = group_kind(here.entity_id)
        if (
            kind in DEFINITE
            and here.surface in _SINGULAR
            and nxt.label == "PER"
            and not text[here.end : nxt.start].strip()
        ):
            named.setdefault(kind, set()).add(nxt.entity_id)
    people = {kind: next(iter(ids)) for kind, ids in named.items() if len(ids) == 1}
    if not people:
        return list(mentions)
    out: list[EntityMention] = []
    for m in mentions:
        person = people.get(group_kind(m.entity_id) or "")
        if person is not None and m.surface in _SINGULAR:
            m = EntityMention(m.start, m.end, m.surface, "PER", person, method=METHOD)
        out.append(m)
    return out


def resolve_institutions(mentions: Sequence[EntityMention]) -> list[EntityMention]:
    """An article that names an institution once calls it by its head word after that
    (दिल्ली पुलिस … पुलिस ने, भारतीय नौसेना … नौसेना ने, केंद्र सरकार … सरकार ने): a bare
    police, military or government head is the article's one named organisation whose name
    ends in that word. Two such organisations, or none, leave the group as it is."""
    named: dict[str, set[str]] = {}
    for m in mentions:
        words = m.surface.split()
        if m.label == "ORG" and not is_group(m.entity_id) and len(words) > 1:
            named.setdefault(words[-1], set()).add(m.entity_id)
    out: list[EntityMention] = []
    for m in mentions:
        ids = named.get(m.surface, set()) if group_kind(m.entity_id) in CONTINUING else set()
        if len(ids) == 1:
            m = EntityMention(m.start, m.end, m.surface, "ORG", next(iter(ids)), method=METHOD)
        out.append(m)
    return out
