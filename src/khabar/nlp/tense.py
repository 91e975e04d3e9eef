"""Sentence tense from Hindi verb morphology.

Dates need it to anchor "कल" (yesterday or tomorrow) and bare weekdays; events need it for
status. Hindi puts the finite verb at the end of its clause, so the sentence's tense is read
from its last cue and the tense of an expression from the first cue after it.
"""

from __future__ import annotations

import re

PAST = "past"
PRESENT = "present"
FUTURE = "future"

_END = r"(?=[\s।,.!?\"'”’)]|$)"
_FUTURE = re.compile(
    # the ending follows a vowel (करेगा, होगा, होंगे, जाओगे, जाऊंगा, जाएँगे): a bare गा/गी/गे
    # after a consonant is a verb stem's own ग (लगा, लगी, मांगी, भागे), no future
    r"(?:ेंगे|ेंगी|एंगे|एंगी|ूंगा|ूंगी|ूँगा|ूँगी|ोगे|ोगी|ेगा|ेगी|एगा|एगी"
    r"|(?:ो|ओ|ों|ओं|ऊं|ऊँ|उं|उँ|ोँ|ेँ|एँ|ें)(?:गा|गी|गे))"
    + _END
    + r"|(?:वाला|वाली|वाले)\s+(?:हैं|है|थीं|था|थी|थे)"
    + _END
    + r"|होने\s+(?:वाला|वाली|वाले)"
    # what may or is likely to happen is still to come: हो सकती है, होने की संभावना है
    r"|(?:सकता|सकती|सकते)\s+(?:है|हैं)"
    + _END
    + r"|(?:होने|जाने)\s+की\s+(?:संभावना|उम्मीद|आशंका)(?:\s+(?:है|हैं))?"
    r"|प्रस्तावित|\bwill\b|\bshall\b|\bto be held\b"
)
_PAST = re.compile(
    r"(?:^|\s)(?:था|थी|थे|थीं)"
    + _END
    + r"|(?:िया|ाया|ीं|ई|ए|ा)\s+(?:था|थी|थे|है|हैं)"
    + _END
    + r"|(?:चुका|चुकी|चुके)"
    r"|\sने\s"
    r"|(?:^|\s)(?:किया|किए|किये|गया|गई|गए|गये|हुआ|हुई|हुए|कहा|बताया|दिया|दी|दीं|दिए|लिया|"
    r"पाया|आया|आई|आए|जताई|जताया)"
    + _END
    # की is also the genitive postposition: a verb only where the clause ends
    + r"|(?:^|\s)की(?=\s*(?:[।.!?]|$)|\s+(?:थी|है|हैं|और|तथा|,))"
    r"|\b(?:was|were|had|met|held|said|visited|called|did)\b"
)
_PRESENT = re.compile(r"(?:रहा|रही|रहे)\s+(?:है|हैं)|(?:^|\s)(?:है|हैं)" + _END + r"|\b(?:is|are)\b")
_PATTERNS = ((_FUTURE, FUTURE), (_PAST, PAST), (_PRESENT, PRESENT))
# where two cues end together the more specific wins: "होने की संभावना है" is future, not
# the past that "…ा है" reads
_RANK = {FUTURE: 0, PAST: 1, PRESENT: 2}


def sentence_tense(sentence: str) -> str | None:
    """Return ``past``, ``present`` or ``future`` from the last verb cue, or None."""
    best: tuple[int, str] | None = None
    for pattern, tense in _PATTERNS:
        for match in pattern.finditer(sentence):
            if (
                best is None
                or match.end() > best[0]
                or (match.end() == best[0] and _RANK[tense] < _RANK[best[1]])
            ):
                best = (match.end(), tense)
    return best[1] if best else None


def tense_after(sentence: str, position: int) -> str | None:
    """Tense of the first verb cue at or after ``position`` (the verb that governs a word
    there, since Hindi verbs follow their arguments); the sentence's tense if none follows."""
    best: tuple[int, int, str] | None = None
    for rank, (pattern, tense) in enumerate(_PATTERNS):
        match = pattern.search(sentence, position)
        if match is not None and (best is None or (match.start(), rank) < best[:2]):
            best = (match.start(), rank, tense)
    return best[2] if best else sentence_tense(sentence)
