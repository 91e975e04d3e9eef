from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest

from khabar.nlp.language import detect_language, warm_up


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("विदेश मंत्री एस जयशंकर ने रूस के विदेश मंत्री सर्गेई लावरोव से मुलाकात की।", "hi"),
        ("A pleasure to meet First DPM Denis Manturov in Moscow today morning.", "en"),
        ("Отношения между Россией и Индией остаются крепкими.", "ru"),
    ],
)
def test_detects_language_with_probability(text: str, language: str) -> None:
    found, prob = detect_language(text)
    assert found == language
    assert prob is not None and 0.5 < prob <= 1.0


@pytest.mark.parametrize("text", ["", "   ", "123 456 !!", "\u200b"])
def test_no_letters_no_language(text: str) -> None:
    assert detect_language(text) == (None, None)


def test_seeded_detection_is_repeatable_across_threads() -> None:
    """Ambiguous short text is where langdetect's randomness shows; the seed removes it."""
    warm_up()
    samples = ["ok", "नमस्ते hello", "Moscow मॉस्को", "pic", "भारत India Russia रूस"] * 8
    with ThreadPoolExecutor(max_workers=4) as pool:
        first = list(pool.map(detect_language, samples))
        second = list(pool.map(detect_language, samples))
    assert first == second
    assert first == [detect_language(s) for s in samples]
