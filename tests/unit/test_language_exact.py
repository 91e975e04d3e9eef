"""The batched language detector computes exactly what langdetect's own detector does."""

from __future__ import annotations

import numpy as np
import pytest

from khabar.nlp import language
from khabar.text.clean import clean
from khabar.text.segment import segment
from tests.conftest import seed_texts

MIXED = [
    "ok",
    "pic",
    "नमस्ते hello",
    "Moscow मॉस्को",
    "भारत India Russia रूस",
    "A pleasure to meet First DPM Denis Manturov in Moscow today morning.",
    "Отношения между Россией и Индией остаются крепкими.",
    "NATO और UN के बीच BRICS पर बात",
    "देखें https://example.com/a?b=1 या लिखें news@example.com पर",
    "Việt Nam và Ấn Độ",  # Vietnamese diacritics: normalize_vi
    "東京 と 大阪 カタカナ ひらがな 한국어",  # CJK, kana and Hangul normalisation
    "ज़रूर ड़ ढ़ क़",  # nukta letters
    "",
    "   ",
    "123 456 !!",
    "ab  cd   ef",  # runs of spaces
    "भारत " * 4_000,  # past langdetect's 10,000-character cut
]


def _texts() -> list[str]:
    texts = list(MIXED)
    for raw in seed_texts().values():
        text = clean(raw).text
        texts.append(text)
        texts.extend(text[s.start : s.end] for s in segment(text))
    return texts


@pytest.mark.parametrize("seed", [0, 11])
def test_batch_equals_langdetect(seed: int) -> None:
    texts = _texts()
    assert language.detect_languages(texts, seed) == [language._reference(t, seed) for t in texts]


def test_ngrams_and_probabilities_are_bit_for_bit() -> None:
    factory = language.warm_up()
    texts = [t for t in _texts() if t.strip() and any(c.isalpha() for c in t)]
    rows = [language._ngram_rows(t) for t in texts]
    probs, failed = language._detect_block(rows, 0)
    assert not failed.any()
    for k, text in enumerate(texts):
        detector = factory.create()
        detector.seed = 0
        detector.append(text)
        detector.cleaning_text()
        assert [language._ROW[w] for w in detector._extract_ngrams()] == rows[k].tolist()
        detector = factory.create()
        detector.seed = 0
        detector.append(text)
        detector._detect_block()
        assert probs[k].tolist() == detector.langprob, text[:40]


def test_profiles_are_langdetects_own() -> None:
    """khabar loads langdetect's profiles into one matrix (not a list of floats per n-gram);
    the languages, n-grams, their order and every probability are what langdetect's own
    ``load_profile`` builds, so the detectors above compare against langdetect itself."""
    from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory

    own = DetectorFactory()
    own.load_profile(PROFILES_DIRECTORY)
    ours = language.warm_up()
    assert ours.get_lang_list() == own.get_lang_list()
    assert list(ours.word_lang_prob_map) == list(own.word_lang_prob_map)
    for word, probabilities in own.word_lang_prob_map.items():
        assert word in ours.word_lang_prob_map
        assert ours.word_lang_prob_map[word] == probabilities, word
    assert "no such n-gram" not in ours.word_lang_prob_map


def test_one_text_alone_equals_in_a_batch() -> None:
    texts = _texts()[:40]
    assert [language.detect_language(t) for t in texts] == language.detect_languages(texts)


def test_texts_joining_a_running_block_stay_bit_for_bit(monkeypatch: pytest.MonkeyPatch) -> None:
    """With room for three texts at a time, most join while others are mid-trial."""
    monkeypatch.setattr(language, "_ACTIVE", 3)
    factory = language.warm_up()
    texts = [t for t in _texts() if t.strip() and any(c.isalpha() for c in t)][:60]
    probs, failed = language._detect_block([language._ngram_rows(t) for t in texts], 11)
    assert not failed.any()
    for k, text in enumerate(texts):
        detector = factory.create()
        detector.seed = 11
        detector.append(text)
        detector._detect_block()
        assert probs[k].tolist() == detector.langprob, text[:40]


@pytest.mark.parametrize("n_texts", [1, 2, 3, 300])
def test_language_sums_are_added_left_to_right(n_texts: int) -> None:
    """The normalising sum of a step is Python's sum(), not numpy's pairwise one, for any
    number of texts stepping together (one alone included)."""
    rng = np.random.default_rng(n_texts)
    p = rng.random((n_texts, 55)) * 10.0 ** rng.integers(-30, 30, (n_texts, 55))
    assert language._row_sums(p).tolist() == [sum(row) for row in p.tolist()]
