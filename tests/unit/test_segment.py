from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from khabar.model import Span
from khabar.text import segment as _segment
from khabar.text.segment import segment
from tests.conftest import SHARED


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("पहला वाक्य। दूसरा वाक्य।", ["पहला वाक्य।", "दूसरा वाक्य।"]),
        ("क्या हुआ? कुछ नहीं! ठीक है॥", ["क्या हुआ?", "कुछ नहीं!", "ठीक है॥"]),
        ("विदेश मंत्री एस. जयशंकर ने कहा।", ["विदेश मंत्री एस. जयशंकर ने कहा।"]),
        ("डॉ. एस. जयशंकर पहुंचे। फिर लौटे।", ["डॉ. एस. जयशंकर पहुंचे।", "फिर लौटे।"]),
        ("Dr. S. Jaishankar met him. Then left.", ["Dr. S. Jaishankar met him.", "Then left."]),
        ("वृद्धि 3.5 प्रतिशत रही।", ["वृद्धि 3.5 प्रतिशत रही।"]),
        ("see pic.twitter.com/abc now. ok", ["see pic.twitter.com/abc now.", "ok"]),
        ("शीर्षक बिना विराम\nपहला वाक्य।", ["शीर्षक बिना विराम", "पहला वाक्य।"]),
        ('उन्होंने कहा, "हम आएंगे।" फिर गए।', ['उन्होंने कहा, "हम आएंगे।"', "फिर गए।"]),
        ("जे.पी. नड्डा आए।", ["जे.पी. नड्डा आए।"]),
        ("", []),
        ("   \n  ", []),
    ],
)
def test_segment_table(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


@given(st.text(max_size=400))
def test_spans_are_ordered_trimmed_and_inside(text: str) -> None:
    previous_end = 0
    for span in segment(text):
        assert previous_end <= span.start < span.end <= len(text)
        assert not text[span.start].isspace() and not text[span.end - 1].isspace()
        previous_end = span.end


def test_sentence_boundaries_on_ud_pud() -> None:
    """Gold boundaries from UD Hindi-PUD: recall of sentence ends stays high."""
    path = SHARED / "data" / "sbd" / "ud_pud_hi.docs.jsonl"
    docs = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    hits = total = predicted = 0
    for doc in docs:
        text, gold = _doc_text_and_ends(doc)
        found = {s.end for s in segment(text)}
        hits += len(found & gold)
        total += len(gold)
        predicted += len(found)
    assert total > 900
    assert hits / total >= 0.95  # recall of gold sentence ends
    assert hits / predicted >= 0.95  # precision: no splits after initials or numbers


def _doc_text_and_ends(doc: dict[str, object]) -> tuple[str, set[int]]:
    """The document text and the offsets where its gold sentences end."""
    text = doc["text"]
    sentences = doc["gold_sentences"]
    assert isinstance(text, str) and isinstance(sentences, list)
    ends: set[int] = set()
    position = 0
    for sentence in sentences:
        start = text.index(sentence, position)
        position = start + len(sentence)
        ends.add(position)
    return text, ends


def _reference_segment(text: str) -> list[Span]:
    """The character-by-character loop before issue 7, kept as the reference: the token
    before a "." searched from the start of the text, every character visited."""
    spans: list[Span] = []
    start = 0
    n = len(text)
    i = 0
    while i < n:
        ch = text[i]
        cut: int | None = None
        if ch in _segment._TERMINATORS or (ch == "." and _reference_dot_ends(text, i)):
            j = i + 1
            while j < n and (text[j] in _segment._TERMINATORS or text[j] in _segment._CLOSERS):
                j += 1
            cut = j
        elif ch == "\n":
            cut = i
        if cut is not None:
            _segment._append(spans, text, start, cut)
            start = cut
            i = max(cut, i + 1)
            continue
        i += 1
    _segment._append(spans, text, start, n)
    return spans


def _reference_dot_ends(text: str, i: int) -> bool:
    """The "." rule on the token before ``i`` searched from the start of the text (the
    module searches a window first): the loop and the window are what is checked here."""
    return _segment._dot_rule(text, i, _segment._TOKEN_BEFORE.search(text, 0, i))


_PIECES = [
    " ",
    "\n",
    "\t",
    ".",
    "..",
    "।",
    "॥",
    "?",
    "!",
    '"',
    "”",
    ")",
    "»",
    "3",
    "3.5",
    "a",
    "S",
    "Dr",
    "u.s",
    "एस",
    "डॉ",
    "जे.पी",
    "क",
    "कि",
    "\u093e",
    "भारत",
    "सरकार",
    "x" * 70,
    "भारत" * 20,
    "pic.twitter.com/ab",
    "\u00a0",
    "\u200b",
]


@given(st.lists(st.sampled_from(_PIECES), max_size=60))
def test_segment_equals_reference_on_edge_pieces(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert segment(text) == _reference_segment(text)


@given(st.text(max_size=300))
def test_segment_equals_reference_on_any_text(text: str) -> None:
    assert segment(text) == _reference_segment(text)


def test_segment_equals_reference_on_long_tokens() -> None:
    """Tokens longer than the window searched back, and a line break before the dot."""
    for text in ("ab" * 50 + ". Next", "word\n. x", "अ" * 200 + ".\n" + "b" * 65 + ". c"):
        assert segment(text) == _reference_segment(text)
