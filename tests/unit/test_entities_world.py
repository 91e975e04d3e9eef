"""The knowledge base beyond the seeds' world: countries and capitals (CLDR), demonyms,
international organisations, Indian states with their Chief Ministers' offices, and the
stop list of names that are also common Hindi words."""

from __future__ import annotations

import csv
import importlib.util
from pathlib import Path

import pytest

from khabar.nlp.entities import (
    KnowledgeBase,
    demonym_country,
    extract_entities,
    load_knowledge_base,
)
from khabar.nlp.events import places_of
from khabar.resources import SEEDS_DIR, reference_path
from khabar.text.segment import segment


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


def linked(text: str, kb: KnowledgeBase) -> list[tuple[str, str]]:
    return [(m.surface, m.entity_id) for m in extract_entities(text, segment(text), kb)]


# --- countries and capitals ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("नेपाल ने सीमा खोली।", "नेपाल", "loc_nepal"),
        ("पाकिस्तान के विदेश मंत्री ने कहा।", "पाकिस्तान", "loc_pakistan"),
        ("श्रीलंका और मालदीव को मदद भेजी गई।", "श्रीलंका", "loc_sri_lanka"),
        ("श्रीलंका और मालदीव को मदद भेजी गई।", "मालदीव", "loc_maldives"),
        ("इजरायल के प्रधानमंत्री ने धन्यवाद दिया।", "इजरायल", "loc_israel"),
        ("इज़राइल ने कहा।", "इज़राइल", "loc_israel"),
        ("तुर्की ने विरोध किया।", "तुर्की", "loc_turkey"),
        ("बर्मा की सेना ने कहा।", "बर्मा", "loc_myanmar"),
        ("डोमिनिकन रिपब्लिक से उड़ान आई।", "डोमिनिकन रिपब्लिक", "loc_dominican_republic"),
        ("नीदरलैंड्स ने दवाएं मांगीं।", "नीदरलैंड्स", "loc_netherlands"),
        ("युगांडा के राष्ट्रपति ने फोन किया।", "युगांडा", "loc_uganda"),
        ("सऊदी अरब और कतर में फंसे लोग।", "सऊदी अरब", "loc_saudi_arabia"),
        ("सऊदी अरब और कतर में फंसे लोग।", "कतर", "loc_qatar"),
        ("मलयेशिया से विमान आया।", "मलयेशिया", "loc_malaysia"),
        ("स्पेन में संक्रमण बढ़ा।", "स्पेन", "loc_spain"),
        ("Bangladesh and Bhutan signed it.", "Bangladesh", "loc_bangladesh"),
        ("Talks with Turkey began.", "Turkey", "loc_turkey"),
        ("अमेरिका ने कहा।", "अमेरिका", "loc_usa"),
        ("ब्रिटेन ने कहा।", "ब्रिटेन", "loc_uk"),
    ],
)
def test_every_country_is_found_by_its_hindi_and_english_names(
    kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert (surface, entity_id) in linked(text, kb)


@pytest.mark.parametrize(
    ("text", "surface", "entity_id", "country_id"),
    [
        ("विमान काठमांडू पहुंचा।", "काठमांडू", "loc_kathmandu", "loc_nepal"),
        ("इस्लामाबाद में बैठक हुई।", "इस्लामाबाद", "loc_islamabad", "loc_pakistan"),
        ("ढाका से खबर आई।", "ढाका", "loc_dhaka", "loc_bangladesh"),
        ("जहाज माले से कोच्चि के लिए रवाना हुआ।", "माले", "loc_male", "loc_maldives"),
        ("काहिरा में प्रदर्शन हुआ।", "काहिरा", "loc_cairo", "loc_egypt"),
        ("टोक्यो ओलंपिक टल गया।", "टोक्यो", "loc_tokyo", "loc_japan"),
        ("लंदन में भारतीय उच्चायोग।", "लंदन", "loc_london", "loc_uk"),
        ("रियाद में सम्मेलन हुआ।", "रियाद", "loc_riyadh", "loc_saudi_arabia"),
        ("काबुल में हमला हुआ।", "काबुल", "loc_kabul", "loc_afghanistan"),
        ("मॉस्को में वार्ता हुई।", "मॉस्को", "loc_moscow", "loc_russia"),
        ("नई दिल्ली में वार्ता हुई।", "नई दिल्ली", "loc_new_delhi", "loc_india"),
        ("Talks in Kathmandu ended.", "Kathmandu", "loc_kathmandu", "loc_nepal"),
    ],
)
def test_capitals_are_found_and_belong_to_their_country(
    kb: KnowledgeBase, text: str, surface: str, entity_id: str, country_id: str
) -> None:
    assert (surface, entity_id) in linked(text, kb)
    places = places_of(kb)
    assert places.country(entity_id) == country_id
    assert places.is_country(country_id)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("loc_moscow", "loc_russia", True),
        ("loc_new_delhi", "loc_india", True),
        ("loc_moscow", "loc_moscow", True),
        ("loc_moscow", "loc_new_delhi", False),
        ("loc_kabul", "loc_riyadh", False),
        ("loc_unknown_village", "loc_unknown_village", True),  # not in the KB: only itself
        ("loc_unknown_village", "loc_india", False),
    ],
)
def test_same_country(kb: KnowledgeBase, a: str, b: str, same: bool) -> None:
    places = places_of(kb)
    assert places.same_country(a, b) is same
    assert places.same_country(b, a) is same


def test_every_iso_country_has_one_country_row_listed_before_its_places() -> None:
    with reference_path("countries.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    first: dict[str, str] = {}
    for row in rows:
        first.setdefault(row["country"], row["entity_id"])
        assert row["name_hi"] and row["name_en"] and row["entity_id"].startswith("loc_"), row
    assert len(first) > 240  # every ISO 3166 territory CLDR names, less the uninhabited
    assert {"IN": "loc_india", "NP": "loc_nepal", "US": "loc_usa", "GB": "loc_uk"}.items() <= (
        first.items()
    )
    assert len({r["entity_id"] for r in rows}) == len(rows)


def test_countries_csv_is_what_the_script_generates_from_cldr() -> None:
    pytest.importorskip("babel")
    spec = importlib.util.spec_from_file_location(
        "build_countries", SEEDS_DIR / "build_countries.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    with reference_path("countries.csv").open(encoding="utf-8", newline="") as handle:
        committed = list(csv.DictReader(handle))
    made_with = f"CLDR (Babel {module.babel.__version__})"
    if not committed[0]["note"].startswith(made_with):
        pytest.skip(f"countries.csv was not made with {made_with}: run make seeds-countries")
    generated = module.build()
    # The Babel version is in the note; the rest must match field for field.
    strip = [{k: v for k, v in r.items() if k != "note"} for r in committed]
    assert strip == [{k: v for k, v in r.items() if k != "note"} for r in generated]


# --- demonyms -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "country_id"),
    [
        ("भारतीय", "loc_india"),
        ("अमेरिकी", "loc_usa"),
        ("अमरीकी", "loc_usa"),
        ("चीनी", "loc_china"),
        ("पाकिस्तानी", "loc_pakistan"),
        ("पाकिस्‍तानी", "loc_pakistan"),  # with a zero-width joiner, as news types it
        ("रूसी", "loc_russia"),
        ("नेपाली", "loc_nepal"),
        ("बांग्लादेशी", "loc_bangladesh"),
        ("इजरायली", "loc_israel"),
        ("इज़राइली", "loc_israel"),
        ("सऊदी", "loc_saudi_arabia"),
        ("ब्रितानी", "loc_uk"),
        ("ब्रिटिश", "loc_uk"),
        ("जर्मन", "loc_germany"),
        ("दक्षिण कोरियाई", "loc_south_korea"),
        ("Pakistani", "loc_pakistan"),
        ("Indian", "loc_india"),
        ("भारत", None),  # a country's name is not its demonym
        ("दिल्ली", None),
        ("कोरियाई", None),  # which Korea is not said
    ],
)
def test_demonyms_name_their_country(kb: KnowledgeBase, name: str, country_id: str | None) -> None:
    assert kb.demonym_country(name) == country_id
    assert demonym_country(name) == country_id


@pytest.mark.parametrize(
    ("text", "surface", "country_id"),
    [
        ("पाकिस्तानी सेना ने गोलीबारी की।", "पाकिस्तानी", "loc_pakistan"),
        ("नेपाली नागरिकों को लाया गया।", "नेपाली", "loc_nepal"),
        ("इजरायली प्रधानमंत्री ने फोन किया।", "इजरायली", "loc_israel"),
        ("बांग्लादेशी नागरिक पकड़े गए।", "बांग्लादेशी", "loc_bangladesh"),
    ],
)
def test_demonyms_are_mentions_of_their_country(
    kb: KnowledgeBase, text: str, surface: str, country_id: str
) -> None:
    mentions = extract_entities(text, segment(text), kb)
    found = [m for m in mentions if m.surface == surface]
    assert [m.entity_id for m in found] == [country_id]
    assert kb.demonym_country(found[0].surface) == country_id


# --- international organisations ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("विश्व स्वास्थ्य संगठन ने चेतावनी दी।", "विश्व स्वास्थ्य संगठन", "org_who"),
        ("डब्ल्यूएचओ ने कहा।", "डब्ल्यूएचओ", "org_who"),
        ("The WHO said so.", "WHO", "org_who"),
        ("संयुक्त राष्ट्र के सम्मेलन (अंकटाड) ने कहा।", "अंकटाड", "org_unctad"),
        ("अंतरराष्ट्रीय मुद्रा कोष ने अनुमान घटाया।", "अंतरराष्ट्रीय मुद्रा कोष", "org_imf"),
        ("आईएमएफ ने कहा।", "आईएमएफ", "org_imf"),
        ("विश्व बैंक ने कर्ज दिया।", "विश्व बैंक", "org_world_bank"),
        ("सार्क देशों के नेताओं ने बात की।", "सार्क", "org_saarc"),
        ("दक्षेस की बैठक हुई।", "दक्षेस", "org_saarc"),
        ("ओपेक ने उत्पादन घटाया।", "ओपेक", "org_opec"),
        ("विश्व व्यापार संगठन में शिकायत।", "विश्व व्यापार संगठन", "org_wto"),
        ("एफएटीएफ ने पाकिस्तान को चेताया।", "एफएटीएफ", "org_fatf"),
        ("जी-20 देशों की बैठक हुई।", "जी-20", "org_g20"),
        ("यूनिसेफ ने कहा।", "यूनिसेफ", "org_unicef"),
        ("इस्लामी सहयोग संगठन ने बयान दिया।", "इस्लामी सहयोग संगठन", "org_oic"),
        ("केंद्र सरकार ने आदेश दिया।", "केंद्र सरकार", "org_government_of_india"),
        ("भारत सरकार ने आदेश दिया।", "भारत सरकार", "org_government_of_india"),
        # national institutions that evacuate, supply and fly: not the country's demonym
        ("भारतीय नौसेना ने जहाज भेजा।", "भारतीय नौसेना", "org_indian_navy"),
        ("भारतीय वायुसेना का विमान उतरा।", "भारतीय वायुसेना", "org_indian_air_force"),
        ("एयर इंडिया के विमान लौटे।", "एयर इंडिया", "org_air_india"),
        ("एयर इंडिया एक्सप्रेस की उड़ानें।", "एयर इंडिया एक्सप्रेस", "org_air_india_express"),
    ],
)
def test_international_organisations_are_known(
    kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert (surface, entity_id) in linked(text, kb)


# --- Indian states and Chief Ministers' offices -------------------------------------------


@pytest.mark.parametrize(
    ("text", "surface", "entity_id"),
    [
        ("केरल में नए मामले मिले।", "केरल", "loc_kerala"),
        ("उत्तर प्रदेश में लॉकडाउन बढ़ा।", "उत्तर प्रदेश", "loc_uttar_pradesh"),
        ("ओडिशा और तेलंगाना में।", "तेलंगाना", "loc_telangana"),
        ("जम्मू-कश्मीर में मुठभेड़ हुई।", "जम्मू-कश्मीर", "loc_jammu_and_kashmir"),
        ("बिहार सरकार ने आदेश दिया।", "बिहार सरकार", "org_government_of_bihar"),
        ("दिल्ली सरकार ने आदेश दिया।", "दिल्ली सरकार", "org_government_of_delhi"),
        ("दिल्ली में बारिश हुई।", "दिल्ली", "loc_new_delhi"),  # the city, as before
    ],
)
def test_states_union_territories_and_their_governments(
    kb: KnowledgeBase, text: str, surface: str, entity_id: str
) -> None:
    assert (surface, entity_id) in linked(text, kb)
    assert kb.get(entity_id) is not None and kb.get(entity_id).country == "IN"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "surface", "office_id", "state_id"),
    [
        ("उत्तर प्रदेश के मुख्यमंत्री ने कहा।", "उत्तर प्रदेश के मुख्यमंत्री",
         "per_cm_uttar_pradesh", "loc_uttar_pradesh"),
        ("महाराष्ट्र के सीएम ने बैठक की।", "महाराष्ट्र के सीएम", "per_cm_maharashtra",
         "loc_maharashtra"),
        ("पश्चिम बंगाल की मुख्यमंत्री ने विरोध किया।", "पश्चिम बंगाल की मुख्यमंत्री",
         "per_cm_west_bengal", "loc_west_bengal"),
        ("यूपी सीएम ने निर्देश दिए।", "यूपी सीएम", "per_cm_uttar_pradesh", "loc_uttar_pradesh"),
        ("दिल्ली के मुख्यमंत्री ने कहा।", "दिल्ली के मुख्यमंत्री", "per_cm_delhi", "loc_delhi_nct"),
        ("The Kerala Chief Minister said.", "Kerala Chief Minister", "per_cm_kerala",
         "loc_kerala"),
    ],
)  # fmt: skip
def test_chief_ministers_offices_are_person_entities_linked_to_their_state(
    kb: KnowledgeBase, text: str, surface: str, office_id: str, state_id: str
) -> None:
    mentions = extract_entities(text, segment(text), kb)
    assert [(m.surface, m.entity_id, m.label) for m in mentions] == [(surface, office_id, "PER")]
    assert kb.office_of(office_id) == state_id
    assert kb.office_of(state_id) is None


@pytest.mark.parametrize(
    ("text", "name", "role"),
    [
        ("उत्तर प्रदेश के मुख्यमंत्री योगी आदित्यनाथ ने बैठक की।", "योगी आदित्यनाथ",
         "उत्तर प्रदेश के मुख्यमंत्री"),
        ("महाराष्ट्र के मुख्यमंत्री उद्धव ठाकरे ने कहा।", "उद्धव ठाकरे", "महाराष्ट्र के मुख्यमंत्री"),
        ("सीएम उद्धव ठाकरे ने कहा।", "उद्धव ठाकरे", "सीएम"),
    ],
)  # fmt: skip
def test_an_office_before_a_name_is_that_persons_role_not_a_second_actor(
    kb: KnowledgeBase, text: str, name: str, role: str
) -> None:
    mentions = extract_entities(text, segment(text), kb)
    assert [(m.surface, m.label, m.role) for m in mentions] == [(name, "PER", role)]


def test_an_office_lends_no_short_forms_to_later_words(kb: KnowledgeBase) -> None:
    text = "उत्तर प्रदेश के मुख्यमंत्री ने कहा। प्रदेश में उत्तर दिया गया।"
    assert linked(text, kb) == [("उत्तर प्रदेश के मुख्यमंत्री", "per_cm_uttar_pradesh")]


@pytest.mark.parametrize(
    ("text", "territory_id"),
    [("लद्दाख के मुख्यमंत्री", "loc_ladakh"), ("चंडीगढ़ के मुख्यमंत्री", "loc_chandigarh")],
)
def test_union_territories_without_a_legislature_have_no_chief_minister(
    kb: KnowledgeBase, text: str, territory_id: str
) -> None:
    assert territory_id in kb
    assert kb.lookup(text) is None
    assert territory_id not in kb.offices.values()


# --- the stop list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "entity_id"),
    [
        ("उनकी माली हालत खराब है।", "loc_mali"),
        ("बगीचे का माली छुट्टी पर है।", "loc_mali"),
        ("यह सबसे बड़ी कंपनियों में गिनी जाती है।", "loc_guinea"),
        ("चिली पनीर और नूडल्स बिके।", "loc_chile"),
        ("खिलाड़ियों को नई जर्सी मिली।", "loc_jersey"),
        ("खाने के बाद डकार आई।", "loc_dakar"),
        ("अस्पताल की बर्न यूनिट में भर्ती।", "loc_bern"),
        ("सना ने गाना गाया।", "loc_sanaa"),
        ("विक्टोरिया मेमोरियल बंद रहा।", "loc_victoria"),
        ("अनुलोम विलोम और लोम करें।", "loc_lome"),
    ],
)
def test_stop_listed_common_words_are_not_places(
    kb: KnowledgeBase, text: str, entity_id: str
) -> None:
    assert entity_id in kb  # the place is known, only this name of it is not used
    assert entity_id not in {i for _, i in linked(text, kb)}


@pytest.mark.parametrize(
    ("name", "entity_id"),
    [("Mali", "loc_mali"), ("Chile", "loc_chile"), ("Guinea", "loc_guinea")],
)
def test_stop_listed_places_keep_their_unambiguous_names(
    kb: KnowledgeBase, name: str, entity_id: str
) -> None:
    found = kb.lookup(name)
    assert found is not None and found.entity_id == entity_id


def _companions(tmp_path: Path, stoplist: str = "", demonyms: str = "") -> Path:
    (tmp_path / "countries.csv").write_text(
        "entity_id,type,name_hi,name_en,aliases,country,wikidata,note\n"
        "loc_mali,LOC,माली,Mali,,ML,,\n",
        encoding="utf-8",
    )
    (tmp_path / "demonyms.csv").write_text("demonym,country,lang,note\n" + demonyms, "utf-8")
    (tmp_path / "gazetteer_stoplist.csv").write_text("name,entity_id,note\n" + stoplist, "utf-8")
    path = tmp_path / "entities.csv"
    path.write_text("entity_id,type,name_hi,name_en,aliases,country,wikidata\n", "utf-8")
    return path


def test_a_stale_stop_list_row_is_an_error(tmp_path: Path) -> None:
    path = _companions(tmp_path, stoplist="मालि गणराज्य,loc_mali,not a name of Mali\n")
    with pytest.raises(ValueError, match="stop list"):
        load_knowledge_base(path)


def test_a_demonym_of_a_country_the_kb_lacks_is_an_error(tmp_path: Path) -> None:
    path = _companions(tmp_path, demonyms="नेपाली,NP,hi,\n")
    with pytest.raises(ValueError, match="no country 'NP'"):
        load_knowledge_base(path)


def test_companion_files_are_read_beside_the_entities_csv(tmp_path: Path) -> None:
    path = _companions(tmp_path, stoplist="माली,loc_mali,gardener\n", demonyms="मालियन,ML,hi,\n")
    kb = load_knowledge_base(path)
    assert kb.lookup("Mali") is not None and kb.lookup("माली") is None
    assert kb.demonym_country("मालियन") == "loc_mali"


@pytest.mark.parametrize(
    ("text", "not_this"),
    [
        ("मलेरिया की दवा भेजी गई।", "loc_malaysia"),  # मलेशिया, one letter off
        ("बाजार नियामक ने आदेश दिया।", "loc_niamey"),  # नियामी
        ("यदि सरकार ने रोक लगाई तो।", "org_government_of_uttar_pradesh"),  # यूपी सरकार
    ],
)
def test_common_words_are_no_misspelling_of_a_short_place_name(
    kb: KnowledgeBase, text: str, not_this: str
) -> None:
    assert not_this in kb
    assert not_this not in {i for _, i in linked(text, kb)}
