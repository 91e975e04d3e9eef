"""Tense cues from Hindi verb morphology (khabar.nlp.tense)."""

from __future__ import annotations

import pytest

from khabar.nlp.tense import FUTURE, PAST, PRESENT, sentence_tense, tense_after


@pytest.mark.parametrize(
    ("sentence", "tense"),
    [
        ("मंत्री कल मॉस्को में चर्चा करेंगे।", FUTURE),
        ("वे रूस दौरे पर रहने वाले हैं।", FUTURE),
        ("डोभाल ने पुतिन से मुलाकात की थी।", PAST),
        ("उन्होंने बातचीत की और धन्यवाद दिया।", PAST),
        ("जयशंकर मॉस्को में बैठक का नेतृत्व कर रहे हैं।", PRESENT),
        ("यह बहुत महत्वपूर्ण है।", PRESENT),
        ("The ministers met in Moscow.", PAST),
        ("The ministers will meet in Moscow.", FUTURE),
        # what may or is likely to happen is still to come
        ("दोनों नेताओं की बैठक हो सकती है।", FUTURE),
        ("सम्मेलन कल होने की संभावना है।", FUTURE),
        ("नियम बदले जाने की उम्मीद है", FUTURE),
        ("बैठक हो सकती थी।", PAST),
        ("भारत और रूस", None),
    ],
)
def test_sentence_tense(sentence: str, tense: str | None) -> None:
    assert sentence_tense(sentence) == tense


@pytest.mark.parametrize(
    ("sentence", "word", "tense"),
    [
        # the verb after the word governs it, not the sentence's last verb
        ("कल उन्होंने कहा कि वह आएगा।", "कल", PAST),
        ("उन्होंने कहा कि वह कल आएगा।", "कल", FUTURE),
        # the genitive की is not a verb
        ("दिसंबर में पुतिन की भारत यात्रा होने वाली है।", "दिसंबर", FUTURE),
        ("लावरोव ने बुधवार को समर्थन की इच्छा जताई है।", "बुधवार", PAST),
        ("कोरोना पर कल हो सकती है सार्क देशों की बैठक", "कल", FUTURE),
        # a stem's own ग is no future ending; the future follows a vowel
        ("अमेरिका कल से चीन पर रोक लगा रहा है", "कल", PRESENT),
        ("इजरायल ने सोमवार को भारत से मदद मांगी", "सोमवार", PAST),
        ("कल रात आग लगी थी", "कल", PAST),
        ("वे कल भारत आएँगे", "कल", FUTURE),
        ("मैं कल चला जाउंगा", "कल", FUTURE),
        ("कल बैठक होगी", "कल", FUTURE),
    ],
)
def test_tense_after(sentence: str, word: str, tense: str) -> None:
    assert tense_after(sentence, sentence.index(word)) == tense
