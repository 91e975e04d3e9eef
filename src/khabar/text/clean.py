"""Clean raw article text while remembering where every character came from.

Cleaning removes page furniture (related-article teasers, photo credits, pic.twitter.com
links), zero-width and control characters, normalises whitespace and applies Unicode NFC.
Every later offset points into the cleaned text; the offset map sends it back to the raw
text, so ``khabar annotate`` can report offsets into the input exactly as given.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass

from khabar.text.nfc import is_nfc

_TEASER = r"(?:ये|इसे|यह|ये\s+भी|इन्हें)\s+भी\s+पढ़ें|Also\s+Read|ALSO\s+READ|और\s+पढ़ें|Read\s+More"
_FURNITURE = (
    # A related-article teaser runs to the end of its line. It starts a line, or follows a
    # sentence mid-line when a separator comes after it ("… जताई. Also Read - …").
    rf"(?P<teaser>(?:^[ \t]*(?:{_TEASER})|[ \t]*(?:{_TEASER})(?=\s*[-:–—|]))[^\n]*)"
    # A photo credit "फोटो (सो. सोशल मीडिया)", with the comma that introduced it.
    r"|(?P<photo>[ \t]*,?[ \t]*(?:फोटो|फ़ोटो|तस्वीर|Photo)\s*[:(]\s*(?:सो\.|साभार|सोर्स|स्रोत|Source|"
    r"Credit)[^)\n]*\)?)"
    r"|(?P<pic>[ \t]*(?:https?://)?pic\.twitter\.com/\w+)"
)
_DROP = r"\u200b-\u200f\u2060-\u2064\ufeff\u00ad\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
_WHITE = r"\s\u00a0\u2000-\u200a\u202f\u205f\u3000\u200b-\u200f\ufeff"
_NOISE = (
    # Zero-width characters, soft hyphen, BOM and C0/C1 controls other than tab and newline.
    rf"|(?P<drop>[{_DROP}]+)"
    # A run of whitespace, possibly with invisible characters inside it. A lone " " between
    # two kept characters is left in the text (it maps to itself); it is most matches, and
    # matching it cost a Python round trip per word. Next to a control or at either end of
    # the text it is matched, as are the rare ones right after furniture (see ``clean``).
    rf"|(?P<space>[{_WHITE}]{{2,}}|[{_WHITE}](?<! )|\A |(?<=[{_DROP}]) | \Z| (?=[{_DROP}]))"
)
# Every match starts with one of these: the first characters of the furniture's words, of
# the blanks and the comma before them, and of the noise. Checked first at each position,
# this lets most characters fail at once instead of trying every alternative.
_FIRST = rf"[ \t,यइऔARफतPhp{_DROP}{_WHITE}]"
_PATTERN = re.compile(rf"(?={_FIRST})(?:{_FURNITURE}{_NOISE})", re.MULTILINE)
_BREAKS = ("\n", "\n\n", " ")


@dataclass(frozen=True, slots=True)
class Cleaned:
    """The cleaned text and the map back to the raw text.

    ``runs`` are (clean_start, raw_start, clean_len, raw_len): where the lengths are equal
    the run maps character by character, otherwise the whole run replaced the raw span.
    """

    text: str
    runs: tuple[tuple[int, int, int, int], ...]
    removed: tuple[tuple[str, int, int], ...]  # (kind, raw_start, raw_end) of furniture

    @property
    def offset_map(self) -> list[int]:
        """The runs flattened, as stored in ``articles.offset_map``."""
        return [value for run in self.runs for value in run]

    def n_removed(self, raw_length: int) -> int:
        """Raw characters cleaning dropped: furniture, collapsed whitespace, controls.

        Not ``raw_length - len(text)``: NFC can lengthen text (क़ U+0958 is a composition
        exclusion and becomes क + ़), and a run that grew removed nothing.
        """
        covered = sum(run[3] for run in self.runs)
        shrunk = sum(max(0, run[3] - run[2]) for run in self.runs)
        return raw_length - covered + shrunk

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """Map a clean span [start, end) to the raw span it came from."""
        if not self.runs or end <= start:
            raw = self._raw_start(start) if self.runs else start
            return raw, raw
        return self._raw_start(start), self._raw_end(end)

    def _run_at(self, pos: int) -> tuple[int, int, int, int]:
        starts = [run[0] for run in self.runs]
        index = max(0, bisect.bisect_right(starts, pos) - 1)
        return self.runs[index]

    def _raw_start(self, pos: int) -> int:
        c0, r0, clen, rlen = self._run_at(pos)
        if clen == rlen:
            return r0 + min(pos - c0, clen)
        return r0 if pos < c0 + clen else r0 + rlen

    def _raw_end(self, end: int) -> int:
        c0, r0, clen, rlen = self._run_at(end - 1)
        if clen == rlen:
            return r0 + (end - c0)
        return r0 + rlen


def clean(raw: str) -> Cleaned:
    """Return the cleaned text of ``raw`` with its offset map; never raises on any str."""
    pieces: list[tuple[str, int, int]] = []  # (clean text, raw_start, raw_end)
    removed: list[tuple[str, int, int]] = []
    pos = 0
    n = len(raw)
    lone = -1  # a lone space right after furniture, if _PATTERN left it to the text
    for match in _PATTERN.finditer(raw):
        start, end = match.span()
        if lone >= 0:
            if start > lone:  # not taken by furniture after it: whitespace as ever
                _space(pieces, " ", lone, lone + 1, n)
                pos = lone + 1
            lone = -1
        if start > pos:
            _keep(pieces, raw, pos, start)
        kind = match.lastgroup or "drop"
        if kind == "space":
            _space(pieces, match.group(), start, end, n)
        elif kind in ("teaser", "photo", "pic"):
            removed.append((kind, start, end))
            if raw.startswith(" ", end):
                lone = end
        pos = end
    if lone >= 0:
        _space(pieces, " ", lone, lone + 1, n)
        pos = lone + 1
    if pos < n:
        _keep(pieces, raw, pos, n)
    while pieces and pieces[-1][0].isspace():
        pieces.pop()
    return _assemble(pieces, removed)


def _space(pieces: list[tuple[str, int, int]], chunk: str, start: int, end: int, n: int) -> None:
    """A whitespace run becomes nothing at either end, a paragraph break, a line break or
    one space."""
    if start == 0 or end == n:
        return
    if chunk.count("\n") >= 2:
        replacement = "\n\n"
    elif "\n" in chunk:
        replacement = "\n"
    else:
        replacement = " "
    if pieces and pieces[-1][0] in _BREAKS:
        # whitespace left on both sides of removed furniture: keep the larger break
        previous = pieces.pop()
        replacement = max(previous[0], replacement, key=len)
        start = previous[1]
    pieces.append((replacement, start, end))


def _keep(pieces: list[tuple[str, int, int]], raw: str, start: int, end: int) -> None:
    segment = raw[start:end]
    if is_nfc(segment):
        pieces.append((segment, start, end))
        return
    # Rare: the words between lone spaces one by one, each space a piece of its own, as
    # if every space had been matched; within a word, NFC cluster by cluster so untouched
    # characters keep a 1:1 map.
    word_start = start
    for word in segment.split(" "):
        word_end = word_start + len(word)
        if word_start > start:
            pieces.append((" ", word_start - 1, word_start))
        if word:
            _keep_word(pieces, raw, word_start, word_end)
        word_start = word_end + 1


def _keep_word(pieces: list[tuple[str, int, int]], raw: str, start: int, end: int) -> None:
    if is_nfc(raw[start:end]):
        pieces.append((raw[start:end], start, end))
        return
    cluster_start = start
    for i in range(start + 1, end + 1):
        if i == end or unicodedata.combining(raw[i]) == 0:
            cluster = raw[cluster_start:i]
            pieces.append((unicodedata.normalize("NFC", cluster), cluster_start, i))
            cluster_start = i


def _assemble(pieces: list[tuple[str, int, int]], removed: list[tuple[str, int, int]]) -> Cleaned:
    runs: list[tuple[int, int, int, int]] = []
    parts: list[str] = []
    clean_pos = 0
    for text, raw_start, raw_end in pieces:
        clen, rlen = len(text), raw_end - raw_start
        if not clen:
            continue
        last = runs[-1] if runs else None
        if (
            last is not None
            and clen == rlen
            and last[2] == last[3]
            and last[0] + last[2] == clean_pos
            and last[1] + last[3] == raw_start
        ):
            runs[-1] = (last[0], last[1], last[2] + clen, last[3] + rlen)
        else:
            runs.append((clean_pos, raw_start, clen, rlen))
        parts.append(text)
        clean_pos += clen
    return Cleaned("".join(parts), tuple(runs), tuple(removed))
