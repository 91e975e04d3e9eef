"""Sentence tense from Hindi verb morphology.

Dates need it to anchor "कल" (yesterday or tomorrow) and bare weekdays; events need it for
status. Cues are checked from the end of the clause, where Hindi puts its finite verb.
"""

from __future__ import annotations

import re

PAST = "past"
PRESENT = "present"
FUTURE = "future"

_FUTURE = re.compile(
    r"(?:ेंगे|ेंगी|एंगे|एंगी|ूंगा|ूंगी|ोगे|ोगी|ेगा|ेगी|एगा|एगी|गा|गी|गे)(?=[\s।,.!?]|$)"
    r"|(?:वाला|वाली|वाले)\s+(?:है|हैं|था|थी|थे)"
    r"|प्रस्तावित|\bwill\b|\bshall\b|\bto be held\b"
)
_PAST = re.compile(
    r"(?:^|\s)(?:था|थी|थे|थीं)(?=[\s।,.!?]|$)"
    r"|(?:िया|ाया|ीं|ई|ए|ा)\s+(?:था|थी|थे|है|हैं)(?=[\s।,.!?]|$)"
    r"|(?:चुका|चुकी|चुके)"
    r"|\sने\s"
    r"|(?:^|\s)(?:किया|की|किए|किये|गया|गई|गए|गये|हुआ|हुई|हुए|कहा|बताया|दिया|लिया)(?=[\s।,.!?]|$)"
    r"|\b(?:was|were|had|met|held|said|visited|called)\b"
)
_PRESENT = re.compile(r"(?:रहा|रही|रहे)\s+(?:है|हैं)|(?:^|\s)(?:है|हैं)(?=[\s।,.!?]|$)|\b(?:is|are)\b")


def sentence_tense(sentence: str) -> str | None:
    """Return ``past``, ``present`` or ``future`` from the last verb cue, or None."""
    best: tuple[int, str] | None = None
    for pattern, tense in ((_FUTURE, FUTURE), (_PAST, PAST), (_PRESENT, PRESENT)):
        for match in pattern.finditer(sentence):
            if best is None or match.end() > best[0] or (
                match.end() == best[0] and tense != PRESENT
            ):
                best = (match.end(), tense)
    return best[1] if best else None
