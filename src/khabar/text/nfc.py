"""An exact and fast "is this text NFC?" for Hindi.

``unicodedata.is_normalized`` answers from a quick check when every character allows it,
but the nukta (U+093C) is a "maybe" character (न + ़ composes to ऩ), so a single nukta
sends the whole text through full normalisation: 2 of the 3 s it took to read 10,000
benchmark articles. Almost every nukta in Hindi follows a consonant it never composes with
(क़ ख़ ग़ ज़ ड़ ढ़ फ़ य़: their precomposed forms are composition exclusions) and precedes a
character NFC never reorders it with; such a nukta changes nothing NFC does to the text, so
the check can run on the text without it. Any other nukta falls back to the full check.
"""

from __future__ import annotations

import functools
import sys
import unicodedata

_NUKTA = "\u093c"
# Consonants that never compose with a following nukta: क-ह except न, र, ळ (which compose
# to ऩ, ऱ, ऴ) and those three precomposed letters themselves.
_INERT_BEFORE = frozenset(map(chr, range(0x0915, 0x093A))) - frozenset("नऩरऱळऴ")


@functools.cache
def _moved_before_nukta() -> frozenset[str]:
    """Marks NFC would move in front of a nukta (combining class 1 to 6: overlays and a
    few others)."""
    return frozenset(
        chr(c) for c in range(sys.maxunicode + 1) if 0 < unicodedata.combining(chr(c)) < 7
    )


def is_nfc(text: str) -> bool:
    """``unicodedata.is_normalized("NFC", text)``, without full normalisation for nuktas."""
    i = text.find(_NUKTA)
    if i == -1:
        return unicodedata.is_normalized("NFC", text)
    moved = _moved_before_nukta()
    while i != -1:
        if i == 0 or text[i - 1] not in _INERT_BEFORE or text[i + 1 : i + 2] in moved:
            return unicodedata.is_normalized("NFC", text)  # this nukta may matter
        i = text.find(_NUKTA, i + 1)
    return unicodedata.is_normalized("NFC", text.replace(_NUKTA, ""))
