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
  right, then divisions), for up to 2,048 texts of a batch in lock-step numpy
  arrays; a text leaves the batch when langdetect would stop its trial.

So the language and probability of every text are langdetect's own, bit for bit, with no
caching of results and nothing approximated; ``tests/unit/test_language_exact.py`` checks
it against langdetect's detector. A text where anything unusual happens (a zero sum, a
random window too short) is detected again by langdetect's own code.
"""

from __future__ import annotations

import math
import random
import re
import threading
import unicodedata
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt
from langdetect.detector import Detector
from langdetect.detector_factory import DetectorFactory, init_factory
from langdetect.lang_detect_exception import LangDetectException
from langdetect.utils.ngram import NGram

_LOCK = threading.Lock()
_FACTORY: DetectorFactory | None = None
_MATRIX: npt.NDArray[np.float64] | None = None  # p(n-gram | language), one row per n-gram
_ROW: dict[str, int] = {}
_STREAMS: dict[int, npt.NDArray[np.int64]] = {}
_WORDS: dict[tuple[str, bool], tuple[int, ...]] = {}
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
_CHUNK = 2048  # texts computed together: past this, arrays outgrow the CPU caches
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

                init_factory()
                factory = module._factory
                words = factory.word_lang_prob_map
                _ROW.update({word: i for i, word in enumerate(words)})
                _MATRIX = np.array(list(words.values()), dtype=np.float64)
                _FACTORY = factory
    assert _FACTORY is not None
    return _FACTORY


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
    rows: list[int] = []
    last = len(words) - 1
    for i, word in enumerate(words):
        if word:
            key = (word, i < last)
            found = _WORDS.get(key)
            if found is None:
                found = _word_rows(word, i < last)
                if len(_WORDS) >= _WORD_CACHE_LIMIT:
                    _WORDS.clear()
                _WORDS[key] = found
            rows.extend(found)
    return np.array(rows, dtype=np.int64)


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


def _random(stream: npt.NDArray[np.int64], pos: int) -> float:
    """``random.random()`` from the two outputs at ``pos``."""
    a = int(stream[pos]) >> 5
    b = int(stream[pos + 1]) >> 6
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
    counts = np.cumsum(window < sizes[:, None], axis=1)
    picks = np.arange(pos.size)
    chosen = np.zeros((pos.size, 5), dtype=np.int64)
    used = np.full(pos.size, -1, dtype=np.int64)
    for j in range(5):
        reached = counts >= j + 1
        col = np.argmax(reached, axis=1)
        ok = reached[picks, col] & (j < need)
        chosen[ok, j] = window[picks[ok], col[ok]]
        last = ok & (need == j + 1)
        used[last] = col[last] + 1
    return chosen, used


def _detect_block(
    grams: Sequence[npt.NDArray[np.int64]], seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.bool_]]:
    """``Detector._detect_block`` for every text at once: its ``langprob`` per text, and
    which texts must be redone by langdetect itself."""
    matrix = _MATRIX
    assert matrix is not None
    n_texts = len(grams)
    n_langs = matrix.shape[1]
    sizes = np.array([g.size for g in grams], dtype=np.int64)
    offsets = np.zeros(n_texts, dtype=np.int64)
    np.cumsum(sizes[:-1], out=offsets[1:])
    flat = np.concatenate(grams)
    shifts = np.array([32 - int(s).bit_length() for s in sizes], dtype=np.int64)
    # random.choice on n items draws getrandbits(n.bit_length()) until below n; a trial
    # needs at most 1 + 5 * 200 choices, each at least half likely to be accepted.
    stream = _stream(seed, 1 << 16)

    pos = np.zeros(n_texts, dtype=np.int64)
    trial = np.zeros(n_texts, dtype=np.int64)
    step_i = np.zeros(n_texts, dtype=np.int64)  # langdetect's i: updates so far minus one
    weight = np.zeros(n_texts, dtype=np.float64)
    gauss_next: list[float | None] = [None] * n_texts
    prob = np.empty((n_texts, n_langs), dtype=np.float64)
    langprob = np.zeros((n_texts, n_langs), dtype=np.float64)
    failed = np.zeros(n_texts, dtype=np.bool_)
    initial = np.array([1.0 / n_langs] * n_langs, dtype=np.float64)

    def start_trial(text: int) -> None:
        nonlocal stream
        z = gauss_next[text]
        gauss_next[text] = None
        if z is None:
            p = int(pos[text])
            if p + 4 > stream.size:
                stream = _stream(seed, p + 4)
            x2pi = _random(stream, p) * _TWOPI
            g2rad = math.sqrt(-2.0 * math.log(1.0 - _random(stream, p + 2)))
            z = math.cos(x2pi) * g2rad
            gauss_next[text] = math.sin(x2pi) * g2rad
            pos[text] = p + 4
        alpha = _ALPHA + (0.0 + z * 1.0) * _ALPHA_WIDTH
        weight[text] = alpha / _BASE_FREQ
        prob[text] = initial
        step_i[text] = -1

    for text in range(n_texts):
        start_trial(text)
    active = np.arange(n_texts)
    while active.size:
        need_one = step_i[active] < 0  # a trial's first check comes after one update
        need = np.where(need_one, 1, 5)
        top = int(pos[active].max()) + _WINDOW
        if top > stream.size:
            stream = _stream(seed, top)
        chosen, used = _choices(stream, pos[active], shifts[active], sizes[active], need, _WINDOW)
        short = used < 0
        if short.any():  # a run of rejections longer than the window: look further
            wide = active[short]
            top = int(pos[wide].max()) + _WIDE_WINDOW
            if top > stream.size:
                stream = _stream(seed, top)
            chosen[short], used[short] = _choices(
                stream, pos[wide], shifts[wide], sizes[wide], need[short], _WIDE_WINDOW
            )
            lost = used < 0
            if lost.any():  # never seen in practice: leave those texts to langdetect
                failed[active[lost]] = True
                keep = ~lost
                active, need_one, need = active[keep], need_one[keep], need[keep]
                chosen, used = chosen[keep], used[keep]
                if not active.size:
                    break
        rows = flat[offsets[active][:, None] + chosen]
        factors = weight[active][:, None, None] + matrix[rows]
        factors[need_one, 1:] = 1.0  # x * 1.0 == x: the first check follows one update
        p = prob[active]
        for j in range(5):
            p = p * factors[:, j]
        sums = p[:, 0].copy()  # Python's sum(): left to right
        for j in range(1, n_langs):
            sums += p[:, j]
        bad = ~(sums > 0.0) | ~np.isfinite(sums)
        if bad.any():  # langdetect would divide by zero or carry NaN: let it do so itself
            failed[active[bad]] = True
        p = p / sums[:, None]
        maxp = p.max(axis=1)
        prob[active] = p
        pos[active] += used
        step_i[active] += need
        done = (maxp > _CONV) | (step_i[active] >= _LIMIT) | bad
        finished = active[done]
        langprob[finished] += prob[finished] / _N_TRIAL
        trial[finished] += 1
        for text in finished[trial[finished] < _N_TRIAL].tolist():
            if not failed[text]:
                start_trial(text)
        still = (trial[active] < _N_TRIAL) & ~failed[active]
        active = active[still]
    return langprob, failed
