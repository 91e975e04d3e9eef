"""Unnamed group participants (khabar.nlp.groups) on unseen-style sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from khabar.model import EntityMention, Span
from khabar.nlp.groups import (
    group_kind,
    group_mentions,
    load_groups,
    resolve_definite,
    resolve_institutions,
)


def _groups(text: str, names: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    entities = []
    for name in names:
        start = text.index(name)
        entities.append(EntityMention(start, start + len(name), name, "LOC", "loc_x"))
    found = group_mentions(text, [Span(0, len(text))], entities)
    for m in found:
        assert text[m.start : m.end] == m.surface and m.label == "GRP"
    return [(m.surface, group_kind(m.entity_id) or "") for m in found]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        ("कुछ लोगों ने टीम पर पथराव किया।", (), [("कुछ लोगों", "public")]),
        ("गांव के ग्रामीणों ने हमला किया।", (), [("ग्रामीणों", "residents")]),
        ("दिल्ली में महिला डॉक्टरों के साथ मारपीट हुई।", (), [("महिला डॉक्टरों", "health")]),
        ("विदेशों में फंसे भारतीयों को वापस लाया जाएगा।", (), [("फंसे भारतीयों", "nationals")]),
        ("केंद्र सरकार ने मंजूरी दी।", (), [("केंद्र सरकार", "government")]),
        ("पुलिस ने आरोपियों को दबोच लिया।", (), [("पुलिस", "police"), ("आरोपियों", "accused")]),
        # courts order, jail and hear pleas: an institution the knowledge base cannot list
        ("सत्र अदालत ने उसे जेल भेज दिया।", (), [("सत्र अदालत", "court")]),
        ("उसने उच्च न्यायालय से राहत मांगी।", (), [("उच्च न्यायालय", "court")]),
        ("सर्वोच्च न्यायालय ने याचिका खारिज की।", (), [("सर्वोच्च न्यायालय", "court")]),
        ("जिला अदालत में सुनवाई हुई।", (), [("अदालत", "court")]),
        # a head right after a name belongs to it: सार्क देशों, भारत सरकार, X आदि देशों
        ("सार्क देशों की बैठक हुई।", ("सार्क",), []),
        ("भारत सरकार ने घोषणा की।", ("भारत",), []),
        ("रूस और जर्मनी आदि देशों में फंसे लोग", ("जर्मनी",), [("फंसे लोग", "public")]),
        # a head inside a name the entity stage found is left to it
        ("दिल्ली पुलिस ने जांच की।", ("दिल्ली पुलिस",), []),
        ("", (), []),
    ],
)
def test_group_phrases(text: str, names: tuple[str, ...], expected: list[tuple[str, str]]) -> None:
    assert _groups(text, names) == expected


def test_the_same_phrase_is_the_same_entity_in_every_article() -> None:
    a = group_mentions("कुछ लोगों ने पथराव किया।", [Span(0, 24)], [])
    b = group_mentions("कल कुछ लोगों ने हमला किया।", [Span(0, 26)], [])
    assert a[0].entity_id == b[0].entity_id
    assert a[0].entity_id.startswith("grp_public_")


def test_group_kind_only_for_group_ids() -> None:
    assert group_kind("per_narendra_modi") is None
    assert group_kind("grp_police_0123456789") == "police"


@pytest.mark.parametrize(
    "row",
    ["लोगों,head,,no group", "लोगों,noun,public,unknown kind", ",modifier,,empty word"],
)
def test_a_malformed_lexicon_row_is_an_error(tmp_path: Path, row: str) -> None:
    path = tmp_path / "groups.csv"
    path.write_text("word,kind,group,note\n" + row + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="bad group row"):
        load_groups(path)


def _resolved(text: str, names: dict[str, str]) -> list[tuple[str, str, str]]:
    """Group mentions of ``text`` plus the named people, after ``resolve_definite``."""
    people = []
    for name, entity_id in names.items():
        start = text.index(name)
        people.append(EntityMention(start, start + len(name), name, "PER", entity_id))
    found = people + group_mentions(text, [Span(0, len(text))], people)
    out = resolve_definite(text, found)
    return sorted((m.surface, m.label, m.entity_id) for m in out if m.surface.startswith("आरोप"))


def test_the_accused_once_named_is_that_person() -> None:
    text = "आरोपी रमेश कुमार को जमानत मिली। पुलिस ने आरोपी को फिर गिरफ्तार किया।"
    assert _resolved(text, {"रमेश कुमार": "per_ramesh"}) == [
        ("आरोपी", "PER", "per_ramesh"),
        ("आरोपी", "PER", "per_ramesh"),
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # two accused named: "the accused" is either
        (
            "आरोपी रमेश कुमार और आरोपी सुरेश सिंह पेश हुए। आरोपी को जेल भेजा।",
            {"रमेश कुमार": "per_ramesh", "सुरेश सिंह": "per_suresh"},
        ),
        # named, but not beside the head word
        ("रमेश कुमार ने कहा कि आरोपी भाग गया।", {"रमेश कुमार": "per_ramesh"}),
        # a plural head is a group, whoever is named
        ("आरोपी रमेश कुमार के साथ आरोपियों को पकड़ा।", {"रमेश कुमार": "per_ramesh"}),
    ],
)
def test_the_accused_stays_a_group_unless_one_person_is_named(
    text: str, names: dict[str, str]
) -> None:
    groups = [m for m in _resolved(text, names) if m[1] == "GRP"]
    assert groups and all(m[2].startswith("grp_accused_") for m in groups)


def _institutions(text: str, names: dict[str, str]) -> list[tuple[str, str]]:
    """Each bare head's entity after ``resolve_institutions``; ``names``: named organisations."""
    orgs = []
    for name, entity_id in names.items():
        start = text.index(name)
        orgs.append(EntityMention(start, start + len(name), name, "ORG", entity_id))
    out = resolve_institutions(orgs + group_mentions(text, [Span(0, len(text))], orgs))
    for m in out:
        assert text[m.start : m.end] == m.surface
    spans = {(m.start, m.end) for m in orgs}
    return sorted((m.surface, m.entity_id) for m in out if (m.start, m.end) not in spans)


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        (
            "दिल्ली पुलिस ने जांच शुरू की। पुलिस ने दो लोगों को पकड़ा।",
            {"दिल्ली पुलिस": "org_delhi_police"},
            [("पुलिस", "org_delhi_police"), ("लोगों", "grp_public")],
        ),
        (
            "नौसेना ने जहाज भेजा। भारतीय नौसेना के प्रवक्ता ने बताया।",
            {"भारतीय नौसेना": "org_indian_navy"},
            [("नौसेना", "org_indian_navy")],
        ),
        (
            "केंद्र सरकार ने योजना बनाई। सरकार ने कहा कि उड़ानें चलेंगी।",
            {"केंद्र सरकार": "org_government_of_india"},
            [("सरकार", "org_government_of_india")],
        ),
        # two police forces named: which one is meant is not known
        (
            "दिल्ली पुलिस और मुंबई पुलिस ने बात की। पुलिस ने जांच की।",
            {"दिल्ली पुलिस": "org_delhi_police", "मुंबई पुलिस": "org_mumbai_police"},
            [("पुलिस", "grp_police")],
        ),
        # no force named: the police stay a group; policemen are people, not the force
        ("पुलिस ने जांच की।", {}, [("पुलिस", "grp_police")]),
        (
            "दिल्ली पुलिस आई। पुलिसकर्मियों ने लाठीचार्ज किया।",
            {"दिल्ली पुलिस": "org_delhi_police"},
            [("पुलिसकर्मियों", "grp_police")],
        ),
    ],
)
def test_a_bare_head_is_the_articles_one_named_institution(
    text: str, names: dict[str, str], expected: list[tuple[str, str]]
) -> None:
    found = _institutions(text, names)
    simplified = [
        (surface, entity_id if not entity_id.startswith("grp_") else entity_id.rsplit("_", 1)[0])
        for surface, entity_id in found
    ]
    assert simplified == expected
