"""Detection and normalisation of Hindi/English date expressions (khabar.nlp.dates)."""

from __future__ import annotations

import csv
import itertools
from datetime import date
from pathlib import Path

import pytest
import yaml

from khabar.model import DateMention
from khabar.nlp.dates import _windows, extract_dates
from khabar.text.segment import Span, segment

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
SEEDS = SHARED / "seeds"


def run(text: str, doc: date | None) -> list[DateMention]:
    return extract_dates(text, segment(text), doc)


def only(text: str, surface: str, doc: date | None) -> DateMention:
    found = [m for m in run(text, doc) if m.surface == surface]
    assert len(found) == 1, (surface, run(text, doc))
    return found[0]


def _seed_cases() -> list[tuple[str, str, str]]:
    if not (SEEDS / "expected.yaml").is_file():
        return []
    expected = yaml.safe_load((SEEDS / "expected.yaml").read_text(encoding="utf-8"))
    return [
        (seed, surface, value)
        for seed, table in expected["must_normalise_dates"].items()
        for surface, value in table.items()
    ]


@pytest.mark.skipif(not SEEDS.is_dir(), reason="../shared/seeds not available")
@pytest.mark.parametrize(("seed", "surface", "value"), _seed_cases())
def test_seed_dates_normalise(seed: str, surface: str, value: str) -> None:
    meta = {
        row["file"][:3]: (row["file"], date.fromisoformat(row["published_date"]))
        for row in csv.DictReader((SEEDS / "metadata.csv").open(encoding="utf-8"))
    }
    name, published = meta[seed]
    text = (SEEDS / name).read_text(encoding="utf-8")
    mentions = run(text, published)
    values = []
    i = text.find(surface)
    assert i >= 0
    while i >= 0:  # some occurrence of the surface carries the value
        values += [m.value for m in mentions if m.start < i + len(surface) and i < m.end]
        i = text.find(surface, i + 1)
    assert value in values


DOC = date(2025, 11, 19)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "surface", "value", "type_", "precision"),
    [
        ("उन्होंने कल बैठक की थी।", "कल", "2025-11-18", "DATE", "day"),
        ("वे कल बैठक करेंगे।", "कल", "2025-11-20", "DATE", "day"),
        ("परसों चुनाव होंगे।", "परसों", "2025-11-21", "DATE", "day"),
        ("आज दिल्ली में बैठक हुई।", "आज", "2025-11-19", "DATE", "day"),
        ("सोमवार को बैठक हुई थी।", "सोमवार", "2025-11-17", "DATE", "day"),
        ("शुक्रवार को बैठक होगी।", "शुक्रवार", "2025-11-21", "DATE", "day"),
        ("पिछले सप्ताह बैठक हुई।", "पिछले सप्ताह", "2025-W46", "DATE", "week"),
        ("अगले महीने चुनाव होंगे।", "अगले महीने", "2025-12", "DATE", "month"),
        ("पिछले साल व्यापार बढ़ा।", "पिछले साल", "2024", "DATE", "year"),
        ("तीन दिन पहले हमला हुआ।", "तीन दिन पहले", "2025-11-16", "DATE", "day"),
        ("21 अगस्त 2024 को समझौता हुआ।", "21 अगस्त 2024", "2024-08-21", "DATE", "day"),
        ("२१ सितम्बर २०२४ को समझौता हुआ।", "२१ सितम्बर २०२४", "2024-09-21", "DATE", "day"),
        ("इक्कीस फ़रवरी 2023 को समझौता हुआ।", "इक्कीस फ़रवरी 2023", "2023-02-21", "DATE", "day"),
        ("जूलाई 2020 में समझौता हुआ।", "जूलाई 2020", "2020-07", "DATE", "month"),
        ("साल 2008 से घोटाला चल रहा था।", "साल 2008", "2008", "DATE", "year"),
        ("वे 19-21 अगस्त 2024 तक रूस में थे।", "19-21 अगस्त 2024", "2024-08-19/2024-08-21", "DATE", "day"),
        (
            "वे 20 से 21 अगस्त 2024 तक रूस में थे।",
            "20 से 21 अगस्त 2024",
            "2024-08-20/2024-08-21",
            "DATE",
            "day",
        ),
        (
            "वे 19 अगस्त 2024 से 21 अगस्त 2024 तक रूस में थे।",
            "19 अगस्त 2024 से 21 अगस्त 2024",
            "2024-08-19/2024-08-21",
            "DATE",
            "day",
        ),
        ("यह 1970 के दशक की बात है।", "1970 के दशक", "197", "DATE", "decade"),
        ("दिसंबर की शुरुआत में शिखर सम्मेलन होगा।", "दिसंबर की शुरुआत", "2025-12", "DATE", "month"),
        ("वह पांच दिवसीय दौरे पर हैं।", "पांच दिवसीय", "P5D", "DURATION", None),
        ("तीन महीने तक बातचीत चली।", "तीन महीने", "P3M", "DURATION", None),
        ("हर साल यह मेला लगता है।", "हर साल", "P1Y", "SET", "year"),
        ("वह सुबह 10 बजे पहुंचे।", "सुबह 10 बजे", "XXXX-XX-XXT10:00", "TIME", None),
        (
            "The talks were held on November 19, 2025 in Moscow.",
            "November 19, 2025",
            "2025-11-19",
            "DATE",
            "day",
        ),
        ("They met on 19 Nov 2024.", "19 Nov 2024", "2024-11-19", "DATE", "day"),
        ("The summit is next month.", "next month", "2025-12", "DATE", "month"),
        ("He arrived today.", "today", "2025-11-19", "DATE", "day"),
    ],
)
def test_normalises(text: str, surface: str, value: str, type_: str, precision: str | None) -> None:
    m = only(text, surface, DOC)
    assert (m.value, m.type, m.precision) == (value, type_, precision)
    assert m.start_date is None or m.end_date is None or m.start_date <= m.end_date


@pytest.mark.parametrize(
    ("text", "surface", "start", "end"),
    [
        (
            "दिसंबर की शुरुआत में शिखर सम्मेलन होगा।",
            "दिसंबर की शुरुआत",
            date(2025, 12, 1),
            date(2025, 12, 10),
        ),
        ("अगस्त 2025 में बैठक हुई।", "अगस्त 2025", date(2025, 8, 1), date(2025, 8, 31)),
        ("पिछले सप्ताह बैठक हुई।", "पिछले सप्ताह", date(2025, 11, 10), date(2025, 11, 16)),
        (
            "2016 की तीसरी तिमाही में मुनाफा बढ़ा।",
            "2016 की तीसरी तिमाही",
            date(2016, 7, 1),
            date(2016, 9, 30),
        ),
    ],
)
def test_interval(text: str, surface: str, start: date, end: date) -> None:
    m = only(text, surface, DOC)
    assert (m.start_date, m.end_date) == (start, end)


@pytest.mark.parametrize(
    ("text", "surface", "value", "anchor"),
    [
        ("उन्होंने कल बैठक की थी।", "कल", None, "none"),
        ("शुक्रवार को बैठक होगी।", "शुक्रवार", "XXXX-WXX-5", "none"),
        ("21 अगस्त को बैठक होगी।", "21 अगस्त", "XXXX-08-21", "none"),
        ("19-21 अगस्त को बैठक होगी।", "19-21 अगस्त", "XXXX-08-19/XXXX-08-21", "none"),
        ("21 अगस्त 2024 को बैठक हुई।", "21 अगस्त 2024", "2024-08-21", "explicit"),
    ],
)
def test_no_document_date_never_uses_the_clock(
    text: str, surface: str, value: str | None, anchor: str
) -> None:
    m = only(text, surface, None)
    assert (m.value, m.anchor) == (value, anchor)
    if anchor == "none":
        assert m.start_date is None and m.end_date is None


@pytest.mark.parametrize(
    ("text", "doc", "surface", "value"),
    [
        # a month named in a future clause that has already passed this year is next year's
        ("बातचीत इस साल जनवरी में फिर शुरू की जाएगी।", date(2023, 12, 27), "इस साल जनवरी", "2024-01"),
        ("बातचीत इस साल जनवरी में हुई थी।", date(2023, 12, 27), "इस साल जनवरी", "2023-01"),
        ("मार्च में चुनाव होंगे।", date(2023, 12, 27), "मार्च", "2024-03"),
        # a day-month without a year: the nearest occurrence the tense allows
        ("5 जनवरी को बैठक होगी।", date(2023, 12, 27), "5 जनवरी", "2024-01-05"),
        ("20 दिसंबर को बैठक हुई थी।", date(2024, 1, 3), "20 दिसंबर", "2023-12-20"),
        # ... unless the day lies a few days on the other side: the tense is the reporting
        # verb's (a plan announced for a day just ahead; a start just gone, told as coming)
        ("7 मई से उड़ानें चलाने की घोषणा की थी।", date(2020, 5, 5), "7 मई", "2020-05-07"),
        ("उड़ानें 3 मई से शुरू होंगी।", date(2020, 5, 5), "3 मई", "2020-05-03"),
        ("25 मई को बैठक हुई थी।", date(2020, 5, 5), "25 मई", "2019-05-25"),
        # a weekday in a past clause on that weekday is the same day
        ("बुधवार को बैठक हुई थी।", date(2023, 12, 27), "बुधवार", "2023-12-27"),
        ("बृहस्पतिवार को बधाई दी।", date(2020, 9, 18), "बृहस्पतिवार", "2020-09-17"),
    ],
)
def test_tense_anchoring(text: str, doc: date, surface: str, value: str) -> None:
    assert only(text, surface, doc).value == value


@pytest.mark.parametrize(
    ("text", "value", "anchor"),
    [
        # in a past clause "N years later" counts from an earlier event, not from the document
        ("गबन का मामला 13 साल बाद प्रकाश में आया है।", None, "none"),
        ("वह दो साल बाद लौटा था।", None, "none"),
        # in a future clause it counts from the document date
        ("दो साल बाद चुनाव होंगे।", "2025-12-27", "document"),
    ],
)
def test_later_counts_from_today_only_in_future_clauses(
    text: str, value: str | None, anchor: str
) -> None:
    found = only(text, text.split(" बाद")[0].split()[-2] + " साल बाद", date(2023, 12, 27))
    assert (found.value, found.anchor) == (value, anchor)


@pytest.mark.parametrize(
    "text",
    [
        "यह 23वें वार्षिक शिखर सम्मेलन की तैयारी है।",
        "मोदी को उनके 70वें जन्मदिन पर बधाई दी।",
        "दोनों देशों ने 5 अरब डॉलर का कारोबार किया।",
        "बैंक के 4300 करोड़ रुपये के घोटाले की जांच।",
        "कंपनी ने 2000 करोड़ रुपये जुटाए।",
        "उसने 21,000 फर्जी खाते खोले थे।",
    ],
)
def test_numbers_that_are_not_dates(text: str) -> None:
    assert [m for m in run(text, DOC) if m.type == "DATE"] == []


def test_typo_day_is_not_read_as_a_date() -> None:
    text = "विदेश मंत्री 201 से 21 अगस्त को रूस दौरे पर रहने वाले हैं।"
    mentions = run(text, date(2025, 8, 13))
    assert [(m.surface, m.value) for m in mentions] == [("21 अगस्त", "2025-08-21")]


@pytest.mark.parametrize(
    "text",
    [
        "उन्होंने 21 अगस्त को कहा कि अगले महीने 3 से 5 सितंबर तक बैठक होगी और कल भी।",
        "सुबह 10 बजे, 2021 में, हर साल, पिछले तीन साल, 19-21 अगस्त, आज",
    ],
)
def test_mentions_sorted_disjoint_and_sliced(text: str) -> None:
    mentions = run(text, DOC)
    assert mentions
    for m in mentions:
        assert text[m.start : m.end] == m.surface
    for a, b in itertools.pairwise(mentions):
        assert a.end <= b.start


def test_longest_match_wins() -> None:
    text = "वे 19 अगस्त 2024 से 21 अगस्त 2024 तक रूस में थे।"
    assert [m.surface for m in run(text, DOC)] == ["19 अगस्त 2024 से 21 अगस्त 2024"]


@pytest.mark.parametrize(
    ("text", "surfaces", "as_one_sentence"),
    [
        # a headline ending in a month, a paragraph starting with a year: two sentences
        ("बैठक मार्च\n2015 के बाद हुई।", ["मार्च", "2015"], ["मार्च\n2015"]),
        ("बैठक 3 मार्च\n2015 के बाद हुई।", ["3 मार्च", "2015"], ["3 मार्च\n2015"]),
        ("वे मार्च 2015 में मिले।", ["मार्च 2015"], ["मार्च 2015"]),
        ("वे 5 मार्च को आए। 2015 में लौटे।", ["5 मार्च", "2015"], ["5 मार्च", "2015"]),
    ],
)
def test_a_date_stays_inside_its_sentence(
    text: str, surfaces: list[str], as_one_sentence: list[str]
) -> None:
    """The rules run sentence by sentence (with the gap after each), so a date never joins
    the end of one sentence to the start of the next, as a run over the whole text did."""
    mentions = extract_dates(text, segment(text), None)
    assert [m.surface for m in mentions] == surfaces
    whole = extract_dates(text, [], None)  # no sentences: the text is one window
    assert [m.surface for m in whole] == as_one_sentence


@pytest.mark.parametrize(
    ("starts", "length", "windows"),
    [
        ([], 10, [(0, 10)]),
        ([0], 10, [(0, 10)]),
        ([0, 4], 10, [(0, 4), (4, 10)]),
        ([2, 6], 10, [(0, 2), (2, 6), (6, 10)]),  # text before the first sentence too
        ([6, 2, 2], 10, [(0, 2), (2, 6), (6, 10)]),  # unsorted, repeated
        ([0, 10], 10, [(0, 10)]),  # an empty sentence at the end adds nothing
    ],
)
def test_windows_tile_the_text(
    starts: list[int], length: int, windows: list[tuple[int, int]]
) -> None:
    spans = [Span(s, min(s + 3, length)) for s in starts]
    assert _windows(spans, length) == windows


REF = date(2016, 11, 7)  # a Monday


@pytest.mark.parametrize(
    ("text", "doc", "surface", "value"),
    [
        # nth weekday of a month; alone, of the document's month
        ("मैं जुलाई के पहले शुक्रवार को वापस जाऊंगा", REF, "जुलाई के पहले शुक्रवार", "2017-07-07"),
        ("बैठक इस महीने के पहले शुक्रवार को होगी", REF, "इस महीने के पहले शुक्रवार", "2016-11-04"),
        ("अगले महीने का दूसरा सोमवार तय हुआ", REF, "अगले महीने का दूसरा सोमवार", "2016-12-12"),
        ("जून के अंतिम सोमवार को बैठक हुई थी", REF, "जून के अंतिम सोमवार", "2016-06-27"),
        ("मैं तीसरे मंगलवार को वापस जाऊंगा", REF, "तीसरे मंगलवार", "2016-11-15"),
        # days of a relative month
        ("अगले महीने की 20 तारीख को बैठक होगी", REF, "अगले महीने की 20 तारीख", "2016-12-20"),
        ("एक तारीख को वेतन मिलेगा", REF, "एक तारीख", "2016-12-01"),  # तारीख: the 1st
        ("मैं इस महीने 4 से 22 तक बाहर रहूंगा", REF, "इस महीने 4 से 22", "2016-11-04/2016-11-22"),
        # weekends, seasons, quarters, fiscal years, years in words
        ("मैं इस सप्ताहांत पर बाहर रहूँगा", REF, "इस सप्ताहांत", "2016-W45-WE"),
        ("पिछले वीकेंड बैठक हुई थी", REF, "पिछले वीकेंड", "2016-W44-WE"),
        ("मैं अगले वसंत में चला जाउंगा", REF, "अगले वसंत", "2017-SP"),
        ("मैं 2016 की गर्मियों में चला जाउंगा", REF, "2016 की गर्मियों", "2016-SU"),
        ("मैं पहली तिमाही 2016 में वापस आया", REF, "पहली तिमाही 2016", "2016-Q1"),
        ("वित्त वर्ष 2016-17 में मुनाफा बढ़ा", REF, "वित्त वर्ष 2016-17", "2016-04/2017-03"),
        ("उन्नीस सौ अट्ठाईस में यह बना", REF, "उन्नीस सौ अट्ठाईस", "1928"),
        ("यह दो हज़ार सत्ताईस के तीसरे सप्ताह में होगा", REF, "दो हज़ार सत्ताईस के तीसरे सप्ताह", "2027-W03"),
        ("2015 का अंतिम सप्ताह", REF, "2015 का अंतिम सप्ताह", "2015-W53"),
        # a year written before the day-month it belongs to
        ("मैं दो हजार अठारह में 2 से 7 फरवरी तक बाहर हूँ", REF, "दो हजार अठारह में 2 से 7 फरवरी", "2018-02-02/2018-02-07"),  # noqa: E501
        ("सितंबर की दस तारीख, सन दो हजार को", REF, "सितंबर की दस तारीख, सन दो हजार", "2000-09-10"),
        # "X और Y के बीच" is a range (without "के बीच", two dates: see below)
        ("मैं मई 2015 और जून 2018 के बीच बाहर रहा", REF, "मई 2015 और जून 2018", "2015-05/2018-06"),
        # "X हफ्ते में" in a future clause is that date; several units add up
        ("मैं 3 हफ्ते में चला जाउंगा", date(2018, 7, 5), "3 हफ्ते", "2018-07-26"),
        ("मैंने यह जगह 2 वर्ष 1 माह 21 दिन पहले छोड़ दी थी", date(2017, 11, 23), "2 वर्ष 1 माह 21 दिन पहले", "2015-10-02"),  # noqa: E501
        # the rest of a period; the narrative's period stays unresolved
        ("मैं बाकी के महीने बाहर रहूँगा", REF, "बाकी के महीने", "2016-11-07/2016-11-30"),
        ("मैं उसी साल वहां नहीं था", REF, "उसी साल", "XXXX"),
        ("उसी दिन शिकायत का सत्यापन किया गया", REF, "उसी दिन", "XXXX-XX-XX"),
        ("मैं उस 27 को वापस चला गया था", REF, "उस 27", "2016-10-27"),
        ("पिछले सितं. मैं बाहर था", REF, "पिछले सितं.", "2015-09"),
        ("मैं शुक्रवार अगले हफ्ते को वापस जाऊंगा", REF, "शुक्रवार अगले हफ्ते", "2016-11-18"),
    ],
)  # fmt: skip
def test_constructions(text: str, doc: date, surface: str, value: str) -> None:
    assert only(text, surface, doc).value == value


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("मैं 3 हफ्ते में चला गया था", "3 हफ्ते"),  # past: how long it took
        ("यह फोन 30 मिनट में चार्ज हो जाता है", "30 मिनट"),
    ],
)
def test_count_in_is_a_duration_outside_future_clauses(text: str, surface: str) -> None:
    assert only(text, surface, REF).type == "DURATION"


@pytest.mark.parametrize(
    "text",
    [
        "वह 6 पैसे प्रति मिनट चार्ज वसूल करेगा।",  # a rate, not a recurrence
        "पेंशन 1800 रुपये प्रति माह कर दी गई है।",
        "मजदूरी 300 रुपये प्रतिदिन है।",
    ],
)
def test_rates_are_not_sets(text: str) -> None:
    assert [m for m in run(text, DOC) if m.type == "SET"] == []


@pytest.mark.parametrize(
    ("text", "year"),
    [
        ("होटल व रेस्टोरेंट में करीब 1800 कमरे हैं।", None),
        ("टिकट की संख्या बढ़ कर 1800 से दो हजार पार कर गई।", None),
        ("लगभग 1800 लोग पहुंचे।", None),
        # an approximate year keeps its postposition, and a bare year stays a year
        ("यह मंदिर लगभग 1800 में बना था।", "1800"),
        ("करीब 1990 के दशक से यह चल रहा है।", "199"),  # the decade 199X
        ("1800 से 1850 के बीच यह बना।", "1800"),
    ],
)
def test_approximate_counts_are_not_years(text: str, year: str | None) -> None:
    years = [m.value for m in run(text, DOC) if m.value and m.value[:3].isdigit()]
    if year is None:
        assert years == []
    else:
        assert years and years[0].startswith(year)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("वह हर साल यहां आता है।", True),
        ("वह प्रतिदिन यहां आता है।", True),
        ("वह प्रति माह यहां आता है।", True),
    ],
)
def test_recurrences_stay_sets(text: str, found: bool) -> None:
    assert any(m.type == "SET" for m in run(text, DOC)) is found


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("एटीएम में 2000 के नोट डाले जा रहे हैं।", "2000"),
        ("बाजार में 2000 और 500 के नोट चल रहे हैं।", "2000"),
        ("उन किरदारों को आज भी याद किया जाता है।", "आज"),  # generic "even today"
        ("गर्मियों में पानी की कमी होती है।", "गर्मियों"),  # generic, no year or modifier
        ("उस एक को छोड़ दिया गया।", "उस एक"),
        ("अगले महीने के 10 दिनों में काम होगा।", "अगले महीने के 10"),
        ("बैठक की एक तिथि तय की जाएगी।", "एक तिथि"),  # "a date", not the 1st
        ("चुनाव की एक तिथि घोषित हुई।", "एक तिथि"),
        ("गरीबों को दो जून की रोटी भी नसीब नहीं।", "जून"),  # an idiom: a living
        ("मजदूर दो जून का खाना जुटाने में लगे हैं।", "जून"),
        ("जून की रोटियों के लिए भटकना पड़ता है।", "जून"),
        ("सितंबर 1181 अक्टूबर 1257 नवंबर 1403", "1181"),  # a table of prices by month
        ("दर अक्टूबर 1257 नवंबर 1403 रही।", "1257"),
        ("भाव 1181 अक्टूबर में था।", "1181"),  # no year written before its month
    ],
)
def test_not_dates(text: str, absent: str) -> None:
    assert all(absent not in m.surface or m.type != "DATE" for m in run(text, DOC)), run(text, DOC)


def test_fiscal_year_needs_consecutive_years() -> None:
    assert [m.value for m in run("2016-18 के दौरान", DOC)] != ["2016-04/2017-03"]
    assert only("वित्त वर्ष 2019-20 में", "वित्त वर्ष 2019-20", DOC).start_date == date(2019, 4, 1)


def test_and_without_between_is_two_dates() -> None:
    text = "मई 2015 और जून 2018 में चुनाव हुए।"
    assert [m.value for m in run(text, REF)] == ["2015-05", "2018-06"]


@pytest.mark.parametrize(
    ("text", "doc", "surface", "value"),
    [
        # a weekday before a clock time names its day
        ("मंगलवार सुबह पांच बजे काम शुरू हुआ।", REF, "मंगलवार सुबह पांच बजे", "2016-11-01T05:00"),
        ("शुक्रवार शाम चार बजे तक बोली चलेगी।", REF, "शुक्रवार शाम चार बजे", "2016-11-11T16:00"),
        # a day counted in the narrative stays unresolved, like "उसी दिन"
        ("दूसरे दिन मैंने दो तार दिये।", REF, "दूसरे दिन", "XXXX-XX-XX"),
        ("आदेश के तीसरे ही दिन से प्रतिबंध लागू हुआ।", REF, "तीसरे ही दिन", "XXXX-XX-XX"),
        # the Indian financial year around the document date
        ("चालू वित्त वर्ष में निर्यात बढ़ा।", REF, "चालू वित्त वर्ष", "2016-04/2017-03"),
        ("पिछले वित्त वर्ष में निर्यात घटा था।", date(2020, 2, 1), "पिछले वित्त वर्ष", "2018-04/2019-03"),
        # day/month before को, day first
        ("मैं 22/04 को वापस जाऊंगा", REF, "22/04", "2017-04-22"),
        # a decade of a century; a month of a year named before it
        ("इस सदी के पहले दशक में यह बना", REF, "इस सदी के पहले दशक", "200"),
        ("20वीं सदी के आखिरी दशक में यह बना", REF, "20वीं सदी के आखिरी दशक", "199"),
        ("यह उन्नीस निन्यानवे के जून में हुआ", REF, "उन्नीस निन्यानवे के जून", "1999-06"),
        ("यह 2018 के फरवरी में हुआ", REF, "2018 के फरवरी", "2018-02"),
        # "अगले X के बाद": the one after next
        ("मैं अगले सप्ताह के बाद बाहर रहूंगा", REF, "अगले सप्ताह के बाद", "2016-W47"),
        ("अगले महीने के बाद मैं बाहर रहूंगा", REF, "अगले महीने के बाद", "2017-01"),
        ("अगले सप्ताहांत के बाद मैं बाहर रहूंगा", REF, "अगले सप्ताहांत के बाद", "2016-W47-WE"),
        # ranges that run to or from now; "से अब तक" starts in the past whatever the verb
        ("मैंने 22 जनवरी से अभी तक काम पूरा किया है", date(2019, 4, 25), "22 जनवरी से अभी", "2019-01-22/2019-04-25"),  # noqa: E501
        ("मैं अभी से 15 नवंबर तक काम करूंगा", date(2019, 4, 23), "अभी से 15 नवंबर", "2019-04-23/2019-11-15"),  # noqa: E501
        ("जनवरी से अब तक 50 लोग मरे", DOC, "जनवरी से अब", "2025-01/2025-11-19"),
        # a weekday ending a range falls on or after its start
        ("अगले सप्ताह बुधवार और शुक्रवार के बीच बैठक होगी", date(2017, 11, 14), "अगले सप्ताह बुधवार और शुक्रवार", "2017-11-22/2017-11-24"),  # noqa: E501
        # the week of a day
        ("18 तारीख वाले हफ्ते में बैठक होगी", date(2018, 8, 8), "18 तारीख वाले हफ्ते", "2018-W33"),
        ("15 अगस्त वाले सप्ताह में छुट्टी रहेगी", date(2018, 8, 8), "15 अगस्त वाले सप्ताह", "2018-W33"),
        # a space before the comma does not cut the year off
        ("व्यवस्था 31 दिसंबर , 2019 तक खत्म होगी", REF, "31 दिसंबर , 2019", "2019-12-31"),
        ("आवेदन 20 से 25 अगस्त , 2019 तक होंगे", REF, "20 से 25 अगस्त , 2019", "2019-08-20/2019-08-25"),
    ],
)  # fmt: skip
def test_new_constructions(text: str, doc: date, surface: str, value: str) -> None:
    assert only(text, surface, doc).value == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # days listed before a day-month share its month; a list is no range
        ("24 , 26 व 28 नवंबर को टिकट जारी होंगे।", [("24", "2016-11-24"), ("26", "2016-11-26"), ("28 नवंबर", "2016-11-28")]),  # noqa: E501
        ("5 और 12 अक्टूबर को बैठक हुई थी।", [("5", "2016-10-05"), ("12 अक्टूबर", "2016-10-12")]),
        ("5 और 12 अक्टूबर के बीच बैठक हुई थी।", [("5 और 12 अक्टूबर", "2016-10-05/2016-10-12")]),
        # not a list where the numbers do not increase; commas without spaces are a list
        ("वार्ड 35 व 28 नवंबर को बैठक हुई थी।", [("28 नवंबर", "2015-11-28")]),
        ("गेट एग्जाम 1,2 ,8 और 9 फरवरी को होगा।", [("1", "2017-02-01"), ("2", "2017-02-02"), ("8", "2017-02-08"), ("9 फरवरी", "2017-02-09")]),  # noqa: E501
        # a relative modifier other than अगले is not moved by "के बाद"
        ("पिछले साल के बाद सब बदल गया।", [("पिछले साल", "2015")]),
        # two years joined by या stay two years; months joined by a hyphen a range
        ("हमारा देश 2022 या 2024 तक आगे होगा।", [("2022", "2022"), ("2024", "2024")]),
        ("जुलाई-अगस्त के लिए रिटर्न भरा गया।", [("जुलाई-अगस्त", "2016-07/2016-08")]),
        # "हफ्ते भर" is no week of the day
        ("15 अगस्त को हफ्ते भर की छुट्टी थी।", [("15 अगस्त", "2016-08-15")]),
        # June next to a meal word is the idiom only without a year; a year before its month
        ("दो जून को बैठक हुई और 2 जून 2016 की रोटी बंटी।", [("दो जून", "2016-06-02"), ("2 जून 2016", "2016-06-02")]),  # noqa: E501
        ("2019 अक्टूबर में बैठक हुई।", [("2019 अक्टूबर", "2019-10")]),
        ("मई 1857 में विद्रोह हुआ।", [("मई 1857", "1857-05")]),
    ],
)  # fmt: skip
def test_new_constructions_exactly(text: str, expected: list[tuple[str, str]]) -> None:
    assert [(m.surface, m.value) for m in run(text, REF) if m.type == "DATE"] == expected


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("सादाबाद के मई क्षेत्र में लूट हुई।", "मई"),  # a place named मई
        ("गांव मई पूरना निवासी सोनू को पकड़ा गया।", "मई"),
        ("मई-चिरावली के बीच लूट हुई।", "मई"),
        ("उसे प्रतिदिन 1800 से 2000 लीटर डीजल चाहिए।", "2000"),  # amounts, not years
        ("उसे प्रतिदिन 1800 से 2000 लीटर डीजल चाहिए।", "1800"),
        ("आरबीआई ने 2000 और 500 का नया नोट जारी किया था।", "2000"),
        ("कोई भी 2000 या 500 का नोट तोड़ने को तैयार नहीं।", "2000"),
        ("नोटों में 100 और 2000 के बीच सिर्फ 500 का नोट है।", "2000"),
        ("बिंदकी तहसील के 2068 किसानों को राहत मिली।", "2068"),
        ("हेल्पलाइन 1800 20 7267864 पर फोन करें।", "1800"),
        ("गैस सिलेंडर के दाम अगस्त 1067.5 सितंबर 1181 रहे।", "1067"),  # a price table
        ("गैस सिलेंडर के दाम अगस्त 1067.5 सितंबर 1181 रहे।", "5 सितंबर"),
        ("पहले दिन से ही काम शुरू हो गया।", "पहले दिन"),  # पहले is as often "earlier"
        ("केक का 1/2 हिस्सा बचा।", "1/2"),  # no को/से/तक: a fraction
        ("दोनों में उन्नीस बीस का फर्क है।", "उन्नीस"),  # "more or less", no year
    ],
)
def test_new_rules_do_not_over_fire(text: str, absent: str) -> None:
    assert all(absent not in m.surface or m.type != "DATE" for m in run(text, REF)), run(text, REF)


def test_until_now_keeps_an_explicit_start_explicit() -> None:
    mention = only("2019 से अब तक 50 लोग मरे", "2019 से अब", DOC)
    assert (mention.value, mention.anchor) == ("2019/2025-11-19", "explicit")


def test_relative_century_too_far_back_keeps_the_century() -> None:
    mention = only("पिछली सदी के पहले दशक में यह बना", "पिछली सदी", DOC)
    assert mention.value == "19"
