from __future__ import annotations

import re
import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.text import clean as _clean_module
from khabar.text.clean import Cleaned, clean
from tests.conftest import seed_texts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  नमस्ते  दुनिया  ", "नमस्ते दुनिया"),
        ("a\u200bb\u200dc\ufeffd", "abcd"),
        ("a\x00b\x07c", "abc"),
        ("line one\r\nline two", "line one\nline two"),
        ("para one\n\n\n\npara two", "para one\n\npara two"),
        ("a\t\u00a0 b", "a b"),
        ("पहला।\nये भी पढ़ें- कुछ और खबर\nदूसरा।", "पहला।\nदूसरा।"),
        ("पहला।\nइसे भी पढ़ें: x y z\n\nदूसरा।", "पहला।\n\nदूसरा।"),
        ("पहला।\nयह भी पढ़ें:- शेख हसीना\nदूसरा।", "पहला।\nदूसरा।"),
        ("First.\nAlso Read: other story\nSecond.", "First.\nSecond."),
        (
            "प्रतिबद्धता जताई. Also Read - भारत ने Su-30MKI दागी\n\nमंत्रालय ने कहा।",
            "प्रतिबद्धता जताई.\n\nमंत्रालय ने कहा।",
        ),
        ("सराहना की.” Also Read - खौफ: भाजपा\nअगला।", "सराहना की.”\nअगला।"),
        ("उन्होंने कहा कि यह भी पढ़ें और समझें।", "उन्होंने कहा कि यह भी पढ़ें और समझें।"),
        ("मुलाकात, फोटो (सो. सोशल मीडिया)\nआगे", "मुलाकात\nआगे"),
        ("post text pic.twitter.com/YNzdZOpTlv — name", "post text — name"),
        ("न\u093c", "\u0929"),  # NFC composes NA + NUKTA
    ],
)
def test_clean_table(raw: str, expected: str) -> None:
    assert clean(raw).text == expected


@pytest.mark.parametrize("raw", ["", "   ", "\u200b\u200b", "ये भी पढ़ें- सब कुछ"])
def test_clean_to_nothing(raw: str) -> None:
    assert clean(raw).text == ""


@pytest.mark.parametrize("name", sorted(seed_texts()))
def test_offsets_map_back_to_raw_on_seeds(name: str) -> None:
    raw = seed_texts()[name]
    cleaned = clean(raw)
    # every word of the cleaned text maps back to the same characters in the raw text
    position = 0
    for word in cleaned.text.split():
        start = cleaned.text.index(word, position)
        end = start + len(word)
        raw_start, raw_end = cleaned.to_raw(start, end)
        assert raw[raw_start:raw_end] == word
        position = end


def test_seed_furniture_removed() -> None:
    texts = seed_texts()
    for raw in texts.values():
        text = clean(raw).text
        for marker in (
            "ये भी पढ़ें",
            "इसे भी पढ़ें",
            "यह भी पढ़ें",
            "Also Read",
            "pic.twitter.com",
            "फोटो (सो.",
            "Su-30MKI",
            "भाजपा",
            "जंगल सफारी",
        ):
            assert marker not in text
    assert clean(texts["002"]).removed[0][0] == "photo"


def test_composed_characters_map_to_their_whole_raw_span() -> None:
    raw = "क न\u093c ख"
    cleaned = clean(raw)
    start = cleaned.text.index("\u0929")
    assert cleaned.to_raw(start, start + 1) == (2, 4)
    assert cleaned.to_raw(start + 2, start + 3) == (5, 6)


@given(st.text(max_size=300))
def test_clean_never_raises_and_maps_inside_raw(raw: str) -> None:
    cleaned = clean(raw)
    runs = cleaned.runs
    assert all(clen > 0 for _, _, clen, _ in runs)
    for start in range(0, len(cleaned.text), 7):
        raw_start, raw_end = cleaned.to_raw(start, min(start + 3, len(cleaned.text)))
        assert 0 <= raw_start <= raw_end <= len(raw)


@pytest.mark.parametrize(
    ("raw", "removed"),
    [
        ("abc", 0),
        ("\u0958\u093e\u0928\u0942\u0928", 0),  # NFC grows क़ into two code points
        ("\u0958\u093e\u0928\u0942\u0928   \u092a\u093e\u0938", 2),  # and collapses spaces
        ("a\u200bb", 1),
        ("", 0),
    ],
)
def test_removed_characters_never_negative(raw: str, removed: int) -> None:
    assert clean(raw).n_removed(len(raw)) == removed


# The cleaning loop before lone spaces were left to the text (issue 7), kept verbatim as the
# reference the faster one must equal: same text, runs and removals on any input.
_REFERENCE_NOISE = (
    r"|(?P<drop>[\u200b-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]+)"
    r"|(?P<space>(?:[\s\u00a0\u2000-\u200a\u202f\u205f\u3000\u200b-\u200f\ufeff])+)"
)
_REFERENCE = re.compile(_clean_module._FURNITURE + _REFERENCE_NOISE, re.MULTILINE)


def _reference_clean(raw: str) -> Cleaned:
    pieces: list[tuple[str, int, int]] = []
    removed: list[tuple[str, int, int]] = []
    pos = 0
    n = len(raw)
    for match in _REFERENCE.finditer(raw):
        start, end = match.span()
        if start > pos:
            _reference_keep(pieces, raw, pos, start)
        kind = match.lastgroup or "drop"
        if kind == "space":
            chunk = match.group()
            if start == 0 or end == n:
                replacement = ""
            elif chunk.count("\n") >= 2:
                replacement = "\n\n"
            elif "\n" in chunk:
                replacement = "\n"
            else:
                replacement = " "
            if replacement and pieces and pieces[-1][0] in ("\n", "\n\n", " "):
                previous = pieces.pop()
                replacement = max(previous[0], replacement, key=len)
                start = previous[1]
            if replacement:
                pieces.append((replacement, start, end))
        elif kind in ("teaser", "photo", "pic"):
            removed.append((kind, start, end))
        pos = end
    if pos < n:
        _reference_keep(pieces, raw, pos, n)
    while pieces and pieces[-1][0].isspace():
        pieces.pop()
    return _clean_module._assemble(pieces, removed)


def _reference_keep(pieces: list[tuple[str, int, int]], raw: str, start: int, end: int) -> None:
    segment = raw[start:end]
    if unicodedata.is_normalized("NFC", segment):
        pieces.append((segment, start, end))
        return
    cluster_start = start
    for i in range(start + 1, end + 1):
        if i == end or unicodedata.combining(raw[i]) == 0:
            cluster = raw[cluster_start:i]
            pieces.append((unicodedata.normalize("NFC", cluster), cluster_start, i))
            cluster_start = i


# Pieces that meet at the edges the fast path must get right: furniture with and without
# spaces around it, controls next to spaces, characters NFC changes (and lengthens).
_PIECES = [
    " ",
    " ",
    "  ",
    "\n",
    "\n\n",
    "\t",
    "\r\n",
    "\u00a0",
    "\u2000",
    "\u3000",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u00ad",
    "\x00",
    "\x07",
    "\x85",
    "\x1c",
    ",",
    ".",
    ")",
    "-",
    ": ",
    "क",
    "न\u093c",
    "\u0958",
    "\u0344",
    "e\u0301",
    "\u0301",
    "é",
    "a",
    "A",
    "p",
    "h",
    "R",
    "भारत",
    "यह",
    "इसे",
    "और",
    "फोटो",
    "तस्वीर",
    "Photo",
    "ये भी पढ़ें",
    "इसे भी पढ़ें:",
    "Also Read - x",
    "ALSO READ",
    "Read More",
    "और पढ़ें -",
    "फोटो (सो. सोशल मीडिया)",
    ", फ़ोटो: साभार X)",
    "Photo (Source",
    "pic.twitter.com/Ab1",
    "https://pic.twitter.com/x",
    "नमस्ते",
    "hello world",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=40))
def test_clean_equals_reference_on_edge_pieces(pieces: list[str]) -> None:
    raw = "".join(pieces)
    assert clean(raw) == _reference_clean(raw)


@given(st.text(max_size=200))
def test_clean_equals_reference_on_any_text(raw: str) -> None:
    assert clean(raw) == _reference_clean(raw)


@pytest.mark.parametrize("name", sorted(seed_texts()))
def test_clean_equals_reference_on_seeds(name: str) -> None:
    raw = seed_texts()[name]
    assert clean(raw) == _reference_clean(raw)
