"""``is_nfc`` must answer exactly as ``unicodedata.is_normalized("NFC", …)``."""

from __future__ import annotations

import itertools
import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from khabar.text.nfc import is_nfc
from tests.conftest import REPO

SHARED = REPO.parent / "shared"
# Around the nukta: consonants that compose with it (न र ळ) and that do not (क ज ड फ),
# the precomposed letters either way (ऩ, क़ U+0958), vowel signs, virama, anusvara, Vedic
# accents, marks of class 1 (U+0334) and 230 (U+0301), Latin, space, digits.
ALPHABET = "कजडफनरळऩक़ािीुेोंँ़्॒॑\u0334\u0301\u0327ae 1।"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "ज़रूरी",  # nukta after ज: inert
        "ऩ",  # composes to ऩ: not NFC
        "ऩ",
        "क़",  # U+0958, a composition exclusion: not NFC
        "क्\u093c",  # virama (9) before nukta (7): reordered, not NFC
        "ड़\u0334",  # class-1 overlay after a nukta: reordered, not NFC
        "\u093cशुरू",  # a nukta with nothing before it
        "ढ़ ड़ फ़ ग़ ख़ य़",
        "café ज़्यादा",
        "cafe\u0301 ज़्यादा",  # decomposed é elsewhere: not NFC
    ],
)
def test_agrees_with_unicodedata(text: str) -> None:
    assert is_nfc(text) == unicodedata.is_normalized("NFC", text)


def test_every_short_string_of_the_alphabet() -> None:
    for n in (1, 2, 3):
        for chars in itertools.product(ALPHABET, repeat=n):
            text = "".join(chars)
            assert is_nfc(text) == unicodedata.is_normalized("NFC", text), ascii(text)


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=24))
def test_random_strings_of_the_alphabet(text: str) -> None:
    assert is_nfc(text) == unicodedata.is_normalized("NFC", text)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=40))
def test_arbitrary_unicode(text: str) -> None:
    assert is_nfc(text) == unicodedata.is_normalized("NFC", text)


def test_real_hindi_text() -> None:
    texts = [p.read_text(encoding="utf-8") for p in (REPO / "seeds" / "articles").glob("*.txt")]
    timebank = SHARED / "data/temporal/hindi_timebank/hindi_timebank.jsonl"
    if timebank.is_file():
        import json

        with timebank.open(encoding="utf-8") as fh:
            texts += [json.loads(line)["text"] for line in itertools.islice(fh, 300)]
    assert any("\u093c" in t for t in texts)
    for text in texts:
        for variant in (text, unicodedata.normalize("NFD", text)):
            assert is_nfc(variant) == unicodedata.is_normalized("NFC", variant)
