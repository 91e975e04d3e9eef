"""The "." rule of issue 22: each table is one class of the rule, on sentences written for the
test (not taken from the dev set). Every row is split wrongly by the rule before issue 22."""

from __future__ import annotations

import csv

import pytest

from khabar.resources import reference_path
from khabar.text.segment import segment


def _sentences(text: str) -> list[str]:
    return [text[s.start : s.end] for s in segment(text)]


# A Devanagari word of one akshara (है, थी, की, दी, हैं) ends a sentence: it is not an initial.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("बैठक टल गई है. अगली तारीख बाद में तय होगी.", ["बैठक टल गई है.", "अगली तारीख बाद में तय होगी."]),
        ("पुलिस ने जांच शुरू की. दो लोग हिरासत में हैं.", ["पुलिस ने जांच शुरू की.", "दो लोग हिरासत में हैं."]),
        ("मंत्री ने मंजूरी दी. काम सोमवार से शुरू होगा.", ["मंत्री ने मंजूरी दी.", "काम सोमवार से शुरू होगा."]),
        ("वहां सौ लोग मौजूद थे. सभी सुरक्षित हैं.", ["वहां सौ लोग मौजूद थे.", "सभी सुरक्षित हैं."]),
        ("बाढ़ से फसल बर्बाद हुई थी. किसान परेशान हैं.", ["बाढ़ से फसल बर्बाद हुई थी.", "किसान परेशान हैं."]),
        (
            "दवाएं अस्पताल में उपलब्\u200dध. अब इलाज शुरू होगा.",
            ["दवाएं अस्पताल में उपलब्\u200dध.", "अब इलाज शुरू होगा."],
        ),
    ],
)
def test_short_hindi_word_ends_sentence(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


# What follows the "." : a digit, a quote or a bracket after a sentence-final word.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "सरकार ने मदद की. 15 परिवारों को राशन मिला.",
            ["सरकार ने मदद की.", "15 परिवारों को राशन मिला."],
        ),
        (
            'उन्होंने कहा, "हम साथ हैं." इसके बाद सभा खत्म हुई.',
            ['उन्होंने कहा, "हम साथ हैं."', "इसके बाद सभा खत्म हुई."],
        ),
        ("(यह जानकारी प्रवक्ता ने दी.) अब जांच होगी.", ["(यह जानकारी प्रवक्ता ने दी.)", "अब जांच होगी."]),
        ("हमने कोशिश की. पर कुछ नहीं हुआ.", ["हमने कोशिश की.", "पर कुछ नहीं हुआ."]),
        (
            "स्कूल बंद है. “बच्चे घर पर हैं,” प्रधानाचार्य ने कहा.",
            ["स्कूल बंद है.", "“बच्चे घर पर हैं,” प्रधानाचार्य ने कहा."],
        ),
    ],
)
def test_what_follows_the_dot(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


# No space after the "." : a sentence still ends before a Devanagari word.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("सड़कें बंद कर दी गई हैं.यातायात रुका है.", ["सड़कें बंद कर दी गई हैं.", "यातायात रुका है."]),
        ("नेताओं ने प्रदर्शन किया.पुलिस ने उन्हें रोका.", ["नेताओं ने प्रदर्शन किया.", "पुलिस ने उन्हें रोका."]),
        ("मृतकों की संख्या 166.अब तक 90 ठीक हुए.", ["मृतकों की संख्या 166.", "अब तक 90 ठीक हुए."]),
    ],
)
def test_glued_sentence_end(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


# A short number opening a line numbers a list item: it is not a sentence of its own.
@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "सावधानियां:\n1. हाथ धोते रहें।\n2. भीड़ से बचें।",
            ["सावधानियां:", "1. हाथ धोते रहें।", "2. भीड़ से बचें।"],
        ),
        ("12. राज्य सरकार ने नई नीति बनाई है।", ["12. राज्य सरकार ने नई नीति बनाई है।"]),
        ("संदेश:\n10. अफवाहों पर ध्यान न दें।", ["संदेश:", "10. अफवाहों पर ध्यान न दें।"]),
    ],
)
def test_list_numbers_stay_with_their_item(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


# Titles and abbreviations from seeds/abbreviations.csv, dotted abbreviations, and a
# postposition after the "." : no split.
@pytest.mark.parametrize(
    "text",
    [
        "पुत्र स्व. रामनाथ वर्मा ने आवेदन दिया।",
        "न्या. चंद्रचूड़ की पीठ ने सुनवाई की।",
        "सुश्री. अनीता ने भाषण दिया।",
        "गोदाम से 50 कि.ग्रा. चावल जब्त हुआ।",
        "उ.प्र. सरकार ने नई नीति लागू की।",
        "हवा 80 किमी. की रफ्तार से चली।",
        "नया विवि. में खुला केंद्र देखा गया।",
        "क्र. 7 पर उसका नाम दर्ज है।",
        "कंपनी का नाम टाटा प्रा. लि. है।",
    ],
)
def test_hindi_abbreviations_do_not_split(text: str) -> None:
    assert _sentences(text) == [text]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("He paid Rs. 500 for it. Then he left.", ["He paid Rs. 500 for it.", "Then he left."]),
        ("The Govt. of India agreed. Talks end.", ["The Govt. of India agreed.", "Talks end."]),
        (
            "Tata Sons Pvt. Ltd. said so. Shares rose.",
            ["Tata Sons Pvt. Ltd. said so.", "Shares rose."],
        ),
        (
            "They sell fruit, milk etc. The shop opens.",
            ["They sell fruit, milk etc.", "The shop opens."],
        ),
    ],
)
def test_english_abbreviations(text: str, expected: list[str]) -> None:
    assert _sentences(text) == expected


def test_abbreviation_rows_are_documented() -> None:
    """Every row of the list has a known kind and a note, and no token is listed twice."""
    path = reference_path("abbreviations.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    kinds = {"title", "initial", "abbreviation", "terminal", "continuation"}
    assert rows
    assert all(row["kind"] in kinds and row["note"].strip() for row in rows)
    tokens = [row["token"].strip().lower() for row in rows]
    assert len(tokens) == len(set(tokens))
