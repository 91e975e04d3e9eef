"""Language identification with langdetect, made repeatable, thread-safe and fast.

langdetect samples n-grams at random, so every detector gets the same seed; its profile
factory is a lazily built global, so it is built once under a lock (``warm_up``) before any
thread asks for a detector.

Speed: langdetect's own detector is pure Python, one float at a time (about 1.3 ms per
sentence, most of the pipeline's time). ``detect_languages`` computes exactly what it
computes, for many texts at once:

- the text is prepared as ``Detector.append`` and ``cleaning_text`` prepare it, and its
  n-grams are those of ``_extract_ngrams``, in the same order: langdetect's n-gram buffer
  restarts at every space, so the n-grams of a space-separated word depend on the word
  alone and are cached per word;
- the random draws are langdetect's: every detector is seeded with the same seed, so each
  text reads the same Mersenne Twister stream (generated once per seed with numpy's
  MT19937, set to the state of ``random.Random(seed)``), and ``random.choice`` and
  ``random.gauss`` are replayed on it (``getrandbits`` with rejection; gauss's cached
  second value);
- the probability updates are the same IEEE operations in the same order (each factor
  ``weight + p(word|lang)``, products left to right, the sum of a normalisation left to
  right, then divisions), for up to 512 texts of a batch in lock-step numpy
  arrays; a text starts a new trial where langdetect stops one, and after its seventh
  the next text of the batch takes its place.

So the language and probability of every text are langdetect's own, bit for bit, with no
caching of results and nothing approximated; ``tests/unit/test_language_exact.py`` checks
it against langdetect's detector. A text where anything unusual happens (a zero sum, a
random window too short) is detected again by langdetect's own code.
"""

from __future__ import annotations

import json
import math
import os
import random
import re
import threading
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from itertools import chain

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException
from langdetect.utils.lang_profile import LangProfile
from langdetect.utils.ngram import NGram

_LOCK = threading.Lock()
_FACTORY: DetectorFactory | None = None
_MATRIX: npt.NDArray[np.float64] | None = None  # p(n-gram | language), one row per n-gram
_ROW: dict[str, int] = {}
_STREAMS: dict[int, npt.NDArray[np.int64]] = {}
_WORD_CACHE_LIMIT = 500_000

_N_TRIAL = 7
_ALPHA = Detector.ALPHA_DEFAULT
_ALPHA_WIDTH = Detector.ALPHA_WIDTH
_BASE_FREQ = Detector.BASE_FREQ
_CONV = Detector.CONV_THRESHOLD
_LIMIT = Detector.ITERATION_LIMIT
_PROB_THRESHOLD = Detector.PROB_THRESHOLD
_MAX_TEXT = 10_000  # Detector.max_text_length
_TWOPI = 2.0 * math.pi
_WINDOW = 24  # random numbers looked at per step for up to 5 choices ...
_CHUNK = 16_384  # texts given to one _Block (its per-text arrays: 15 MB)
_ACTIVE = 512  # texts stepping together: past this, a step's arrays outgrow the CPU caches
_WIDE_WINDOW = 1024  # ... and for the rare text that needs more
_SPACES = re.compile(" {2,}")
_LATIN = re.compile("[A-z]")
_NON_LATIN = re.compile("[\u0300-\U0010ffff]")


class _Normal(dict[int, str]):
    """``str.translate`` table applying ``NGram.normalize``, filled on first sight."""

    def __missing__(self, code: int) -> str:
        value: str = NGram.normalize(chr(code))
        self[code] = value
        return value


_NORMAL = _Normal()


def warm_up() -> DetectorFactory:
    """Load langdetect's profiles once; call before mapping tasks over threads."""
    global _FACTORY, _MATRIX
    if _FACTORY is None:
        with _LOCK:
            if _FACTORY is None:
                import langdetect.detector_factory as module

                if module._factory is not None:  # someone loaded langdetect's own already
                    words = module._factory.word_lang_prob_map
                    _ROW.update({word: i for i, word in enumerate(words)})
                    _MATRIX = np.array(list(words.values()), dtype=np.float64)
                    _FACTORY = module._factory
                else:
                    langs, rows, _MATRIX = _load_profiles(module.PROFILES_DIRECTORY)
                    _ROW.update(rows)
                    factory = DetectorFactory()
                    factory.langlist = langs
                    factory.word_lang_prob_map = _ProbabilityView()
                    module._factory = _FACTORY = factory
    assert _FACTORY is not None
    return _FACTORY


def _load_profiles(directory: str) -> tuple[list[str], dict[str, int], npt.NDArray[np.float64]]:
    """``DetectorFactory.load_profile`` into one matrix: the same languages, n-grams and
    probabilities in the same order (files as ``os.listdir`` lists them, each n-gram's row
    where it first appears), but not a list of 55 Python floats per n-gram: 107 -> 55 MB
    in every process that detects languages (measured RSS after loading)."""
    names = os.listdir(directory)
    langs: list[str] = []
    rows: dict[str, int] = {}
    cells: list[int] = []
    columns: list[int] = []
    values: list[float] = []
    for name in names:
        path = os.path.join(directory, name)
        if name.startswith(".") or not os.path.isfile(path):
            continue
        with open(path, encoding="utf-8") as handle:
            profile = LangProfile(**json.load(handle))
        if profile.name in langs:
            raise LangDetectException(ErrorCode.DuplicateLangError, f"two {profile.name} profiles")
        index = len(langs)
        langs.append(profile.name)
        for word, count in profile.freq.items():
            row = rows.setdefault(word, len(rows))
            if 1 <= len(word) <= 3:
                cells.append(row)
                columns.append(index)
                values.append(1.0 * count / profile.n_words[len(word) - 1])
    matrix = np.zeros((len(rows), len(names)), dtype=np.float64)
    matrix[cells, columns] = values  # each (n-gram, language) once: a profile's keys differ
    return langs, rows, matrix


class _ProbabilityView(Mapping[str, list[float]]):
    """``word_lang_prob_map`` for langdetect's own detector (the rare fallback), read from
    the matrix: the same floats it would have built itself."""

    def __getitem__(self, word: str) -> list[float]:
        assert _MATRIX is not None
        values: list[float] = _MATRIX[_ROW[word]].tolist()
        return values

    def __contains__(self, word: object) -> bool:
        return word in _ROW

    def __iter__(self) -> Iterator[str]:
        return iter(_ROW)

    def __len__(self) -> int:
        return len(_ROW)


def _has_letters(text: str) -> bool:
    return any(unicodedata.category(ch).startswith("L") for ch in text)


def detect_language(text: str, seed: int = 0) -> tuple[str | None, float | None]:
    """Most probable language code and its probability; (None, None) when there is no text
    with letters to judge."""
    return detect_languages([text], seed)[0]


def detect_languages(texts: Sequence[str], seed: int = 0) -> list[tuple[str | None, float | None]]:
    """``detect_language`` of each text, computed together (see the module docstring)."""
    factory = warm_up()
    results: list[tuple[str | None, float | None]] = [(None, None)] * len(texts)
    todo: list[int] = []
    grams: list[npt.NDArray[np.int64]] = []
    for i, text in enumerate(texts):
        if not _has_letters(text):
            continue
        rows = _ngram_rows(text)
        if rows.size:  # langdetect: "No features in text"
            todo.append(i)
            grams.append(rows)
    langs = factory.get_lang_list()
    for first in range(0, len(todo), _CHUNK):
        probs, failed = _detect_block(grams[first : first + _CHUNK], seed)
        for k, i in enumerate(todo[first : first + _CHUNK]):
            if failed[k]:
                results[i] = _reference(texts[i], seed)
                continue
            row = probs[k]
            best = int(np.argmax(row))  # first of equal maxima: langdetect's stable sort
            if row[best] > _PROB_THRESHOLD:
                results[i] = (str(langs[best]), round(float(row[best]), 4))
    return results


def _reference(text: str, seed: int) -> tuple[str | None, float | None]:
    """langdetect's own detector, one float at a time."""
    if not _has_letters(text):
        return None, None
    detector = warm_up().create()
    detector.seed = seed
    detector.append(text)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, None
    return str(best.lang), round(float(best.prob), 4)


def _ngram_rows(text: str) -> npt.NDArray[np.int64]:
    """Rows of the n-grams langdetect samples from ``text``, in its order."""
    text = Detector.URL_RE.sub(" ", text)
    text = Detector.MAIL_RE.sub(" ", text)
    text = NGram.normalize_vi(text)
    text = _SPACES.sub(" ", text[:_MAX_TEXT])
    # cleaning_text: unicode_block() returns a number, so its "!= 'Latin Extended
    # Additional'" is always true and every character from U+0300 up counts as non-Latin.
    if len(_LATIN.findall(text)) * 2 < len(_NON_LATIN.findall(text)):
        text = _LATIN.sub("", text)
    words = text.translate(_NORMAL).split(" ")
    for cache in (_WORDS, _LAST_WORDS):
        if len(cache) >= _WORD_CACHE_LIMIT:
            cache.clear()
    # every word but the last has a space after it; empty words have no n-grams
    rows = list(chain.from_iterable(map(_WORDS.__getitem__, words[:-1])))
    rows.extend(_LAST_WORDS[words[-1]])
    return np.array(rows, dtype=np.int64)


class _WordRows(dict[str, tuple[int, ...]]):
    """``_word_rows`` of each word, filled on first sight."""

    def __init__(self, space_after: bool) -> None:
        super().__init__()
        self.space_after = space_after

    def __missing__(self, word: str) -> tuple[int, ...]:
        rows = _word_rows(word, self.space_after)
        self[word] = rows
        return rows


_WORDS = _WordRows(space_after=True)
_LAST_WORDS = _WordRows(space_after=False)


def _word_rows(word: str, space_after: bool) -> tuple[int, ...]:
    """``Detector._extract_ngrams`` over one normalised word (and the space after it)."""
    grams = " "
    capital = False
    rows: list[int] = []
    for ch in word + " " if space_after else word:
        last_char = grams[-1]
        if last_char == " ":
            grams = " "
            capital = False
            if ch == " ":
                continue
        elif len(grams) >= NGram.N_GRAM:
            grams = grams[1:]
        grams += ch
        capital = ch.isupper() and last_char.isupper()
        if capital:
            continue
        for n in range(1, NGram.N_GRAM + 1):
            if len(grams) < n:
                break
            gram = grams[-n:]
            if gram and gram != " " and gram in _ROW:
                rows.append(_ROW[gram])
    return tuple(rows)


def _stream(seed: int, length: int) -> npt.NDArray[np.int64]:
    """The first ``length`` 32-bit outputs of ``random.Random(seed)``."""
    stream = _STREAMS.get(seed)
    if stream is None or stream.size < length:
        with _LOCK:
            stream = _STREAMS.get(seed)
            if stream is None or stream.size < length:
                state = random.Random(seed).getstate()[1]
                generator = np.random.MT19937()
                generator.state = {
                    "bit_generator": "MT19937",
                    "state": {"key": np.array(state[:624], dtype=np.uint32), "pos": state[624]},
                }
                size = max(length, 1 << 16, 2 * (stream.size if stream is not None else 0))
                stream = generator.random_raw(size).astype(np.int64)
                _STREAMS[seed] = stream
    return stream


def _randoms(stream: npt.NDArray[np.int64], pos: npt.NDArray[np.int64]) -> npt.NDArray[np.float64]:
    """``random.random()`` from the two outputs at each of ``pos``: every step is exact in
    float64 (27 + 26 bits, then powers of two), as in CPython."""
    a = (stream[pos] >> 5).astype(np.float64)
    b = (stream[pos + 1] >> 6).astype(np.float64)
    return (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)


def _choices(
    stream: npt.NDArray[np.int64],
    pos: npt.NDArray[np.int64],
    shifts: npt.NDArray[np.int64],
    sizes: npt.NDArray[np.int64],
    need: npt.NDArray[np.int64],
    width: int,
) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.int64]]:
    """The next ``need`` (1 or 5) ``random.choice`` indices of each text from ``pos`` on
    (padded with 0 up to 5), and how many stream numbers they used (-1: window too short)."""
    if int(pos.max()) + width > stream.size:
        raise IndexError("stream too short")  # callers extend it first
    window = stream[pos[:, None] + np.arange(width, dtype=np.int64)] >> shifts[:, None]
    accepted = window < sizes[:, None]
    counts = np.cumsum(accepted, axis=1)  # accepted draws so far, the current one included
    taken = accepted & (counts <= need[:, None])
    rows, cols = np.nonzero(taken)
    chosen = np.zeros((pos.size, 5), dtype=np.int64)
    chosen[rows, counts[rows, cols] - 1] = window[rows, cols]
    used = np.full(pos.size, -1, dtype=np.int64)
    rows, cols = np.nonzero(taken & (counts == need[:, None]))  # the last draw needed
    used[rows] = cols + 1
    return chosen, used


def _row_sums(p: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Python's ``sum()`` of each row, left to right. Not ``p.sum(axis=1)``: numpy adds
    pairwise along the fast axis (and along any axis when it is the only long one); an
    accumulation is sequential by definition."""
    return np.cumsum(p, axis=1)[:, -1]


class _Block:
    """``Detector._detect_block`` for many texts at once, in lock-step numpy arrays.

    At most ``_ACTIVE`` texts step together: a text joins as soon as another has done its
    seven trials, so the slow few (up to 7 x 2,000 steps) share their steps with the
    others, and the arrays of a step stay small enough for the CPU caches.
    """

    def __init__(self, grams: Sequence[npt.NDArray[np.int64]], seed: int) -> None:
        matrix = _MATRIX
        assert matrix is not None
        self.matrix = matrix
        self.seed = seed
        n_texts = len(grams)
        self.n_texts = n_texts
        n_langs = matrix.shape[1]
        self.sizes = np.array([g.size for g in grams], dtype=np.int64)
        self.offsets = np.zeros(n_texts, dtype=np.int64)
        np.cumsum(self.sizes[:-1], out=self.offsets[1:])
        self.flat = np.concatenate(grams)
        # random.choice on n items draws getrandbits(n.bit_length()) until below n
        self.shifts = np.array([32 - int(s).bit_length() for s in self.sizes], dtype=np.int64)
        self.stream = _stream(seed, 1 << 16)
        self.pos = np.zeros(n_texts, dtype=np.int64)
        self.trial = np.zeros(n_texts, dtype=np.int64)
        self.step_i = np.zeros(n_texts, dtype=np.int64)  # langdetect's i: updates so far - 1
        self.weight = np.zeros(n_texts, dtype=np.float64)
        self.gauss_next = np.zeros(n_texts, dtype=np.float64)  # random.gauss's cached value
        self.has_next = np.zeros(n_texts, dtype=np.bool_)
        self.prob = np.empty((n_texts, n_langs), dtype=np.float64)
        self.langprob = np.zeros((n_texts, n_langs), dtype=np.float64)
        self.failed = np.zeros(n_texts, dtype=np.bool_)
        self.initial = np.full(n_langs, 1.0 / n_langs, dtype=np.float64)

    def _extend(self, top: int) -> None:
        if top > self.stream.size:
            self.stream = _stream(self.seed, top)

    def start_trials(self, texts: npt.NDArray[np.int64]) -> None:
        """A new trial: ``random.gauss`` for its alpha, the priors reset."""
        cached = self.has_next[texts]
        z = self.gauss_next[texts]
        fresh = texts[~cached]
        if fresh.size:
            at = self.pos[fresh]
            self._extend(int(at.max()) + 4)
            x2pi = _randoms(self.stream, at) * _TWOPI
            # libm's log, cos and sin, as CPython calls them; numpy's may round differently
            logs = np.array([math.log(v) for v in (1.0 - _randoms(self.stream, at + 2)).tolist()])
            g2rad = np.sqrt(-2.0 * logs)  # correctly rounded, as math.sqrt
            cos = np.array([math.cos(v) for v in x2pi.tolist()], dtype=np.float64)
            sin = np.array([math.sin(v) for v in x2pi.tolist()], dtype=np.float64)
            z[~cached] = cos * g2rad
            self.gauss_next[fresh] = sin * g2rad
            self.pos[fresh] = at + 4
        self.has_next[texts] = ~cached
        alpha = _ALPHA + (0.0 + z * 1.0) * _ALPHA_WIDTH
        self.weight[texts] = alpha / _BASE_FREQ
        self.prob[texts] = self.initial
        self.step_i[texts] = -1

    def run(self) -> None:
        active = np.zeros(0, dtype=np.int64)
        waiting = 0  # texts from here on have not started
        while True:
            room = min(_ACTIVE - active.size, self.n_texts - waiting)
            if room > 0:
                joining = np.arange(waiting, waiting + room, dtype=np.int64)
                waiting += room
                self.start_trials(joining)
                active = np.concatenate((active, joining))
            if not active.size:
                return
            active = self._step(active)

    def _step(self, active: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        """One update of every active text (five, or one at a trial's start), and the
        texts still active after it."""
        at = self.pos[active]
        need_one = self.step_i[active] < 0  # a trial's first check comes after one update
        need = np.where(need_one, 1, 5)
        self._extend(int(at.max()) + _WINDOW)
        shifts, sizes = self.shifts[active], self.sizes[active]
        chosen, used = _choices(self.stream, at, shifts, sizes, need, _WINDOW)
        short = used < 0
        if short.any():  # a run of rejections longer than the window: look further
            self._extend(int(at[short].max()) + _WIDE_WINDOW)
            chosen[short], used[short] = _choices(
                self.stream, at[short], shifts[short], sizes[short], need[short], _WIDE_WINDOW
            )
            lost = used < 0
            if lost.any():  # never seen in practice: leave those texts to langdetect
                self.failed[active[lost]] = True
                keep = ~lost
                active, at, need_one, need = active[keep], at[keep], need_one[keep], need[keep]
                chosen, used = chosen[keep], used[keep]
                if not active.size:
                    return active
        rows = self.flat[self.offsets[active][:, None] + chosen]
        factors = self.matrix.take(rows, axis=0)
        factors += self.weight[active][:, None, None]  # weight + p(word|lang), as langdetect
        factors[need_one, 1:] = 1.0  # x * 1.0 == x: the first check follows one update
        p = self.prob[active]
        for j in range(5):
            p *= factors[:, j]
        sums = _row_sums(p)
        bad = ~(sums > 0.0) | ~np.isfinite(sums)
        if bad.any():  # langdetect would divide by zero or carry NaN: let it do so itself
            self.failed[active[bad]] = True
        p /= sums[:, None]
        self.prob[active] = p
        self.pos[active] = at + used
        self.step_i[active] += need
        done = (p.max(axis=1) > _CONV) | (self.step_i[active] >= _LIMIT) | bad
        finished = active[done]
        self.langprob[finished] += self.prob[finished] / _N_TRIAL
        self.trial[finished] += 1
        again = finished[(self.trial[finished] < _N_TRIAL) & ~self.failed[finished]]
        if again.size:
            self.start_trials(again)
        return active[(self.trial[active] < _N_TRIAL) & ~self.failed[active]]


def _detect_block(
    grams: Sequence[npt.NDArray[np.int64]], seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """``Detector._detect_block`` for every text at once: its ``langprob`` per text, and
    which texts must be redone by langdetect itself."""
    block = _Block(grams, seed)
    block.run()
    return block.langprob, block.failed
