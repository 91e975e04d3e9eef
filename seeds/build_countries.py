"""Generate ``seeds/countries.csv``: every country and territory, and the capital of each
sovereign state, with Hindi and English names, in ``entities.csv``'s columns.

    .venv/bin/python seeds/build_countries.py          # or: make seeds-countries

Country names come from CLDR through Babel (``Locale("hi").territories``): CLDR is the
maintained, versioned source of localised territory names behind every i18n library, ships
as Babel's data (BSD licence) with no network access, and has a Hindi name for every ISO
3166 territory. The Hindi names of capitals come from CLDR where CLDR has one (the
exemplar city of a time zone, ``babel.dates.get_timezone_location``); CLDR has no capitals,
so which city is the capital, and the Hindi names of capitals that are no time-zone city,
are the curated tables below. So are the spellings Hindi news uses beside CLDR's
(इजरायल for CLDR's इज़राइल, अमेरिका for संयुक्त राज्य) and a few Wikipedia-style English
names (the event gold's canonical names: "Turkey", not CLDR's "Türkiye").

Ids: ``loc_`` + the English name in snake case (``loc_sri_lanka``, ``loc_kathmandu``); ids
that existed before this file keep their spelling (``_KEPT_IDS``). Rows are sorted by ISO
code, countries before capitals, so the output only changes when CLDR or a table here does.
Demonyms are not in CLDR: they are curated in ``seeds/demonyms.csv``; names that are also
common Hindi words are in ``seeds/gazetteer_stoplist.csv`` (the loader skips them).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from pathlib import Path

import babel
from babel import Locale
from babel.core import get_global
from babel.dates import get_timezone_location

OUT = Path(__file__).resolve().parent / "countries.csv"
COLUMNS = ("entity_id", "type", "name_hi", "name_en", "aliases", "country", "wikidata", "note")

# Not countries or territories: EU/UN/EZ/QO, private-use, exceptional reservations.
_SKIP = frozenset(
    ["AC", "CP", "CQ", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "ZZ"]
)
# Uninhabited or purely technical territories: names only in atlases, never in news.
_UNINHABITED = frozenset(["AQ", "BV", "GS", "HM", "TF", "UM", "IO"])

# Ids kept from the hand-made KB this file replaces (tests and expected.yaml use them).
_KEPT_IDS = {"US": "loc_usa", "GB": "loc_uk", "AE": "loc_uae"}
_KEPT_CAPITAL_IDS = {"IN": "loc_new_delhi", "US": "loc_washington"}
_WIKIDATA = {
    "IN": "Q668",
    "RU": "Q159",
    "US": "Q30",
    "CN": "Q148",
    "UA": "Q212",
    "BR": "Q155",
    "ZA": "Q258",
    "EG": "Q79",
    "ET": "Q115",
    "IR": "Q794",
    "AE": "Q878",
    "ID": "Q252",
    "GB": "Q145",
    "FR": "Q142",
    "DE": "Q183",
    "JP": "Q17",
}
_CAPITAL_WIKIDATA = {"RU": "Q649", "IN": "Q987", "US": "Q61", "CN": "Q956", "UA": "Q1899"}

# English names as Wikipedia (and the event gold) write them, where CLDR differs.
_NAME_EN = {
    "BA": "Bosnia and Herzegovina",
    "BL": "Saint Barthélemy",
    "CD": "Democratic Republic of the Congo",
    "CG": "Republic of the Congo",
    "CI": "Ivory Coast",
    "CZ": "Czech Republic",
    "FK": "Falkland Islands",
    "HK": "Hong Kong",
    "KN": "Saint Kitts and Nevis",
    "LC": "Saint Lucia",
    "MF": "Saint Martin",
    "MM": "Myanmar",
    "MO": "Macau",
    "PM": "Saint Pierre and Miquelon",
    "PS": "Palestine",
    "SH": "Saint Helena",
    "ST": "São Tomé and Príncipe",
    "TC": "Turks and Caicos Islands",
    "TR": "Turkey",
    "TT": "Trinidad and Tobago",
    "VC": "Saint Vincent and the Grenadines",
    "WF": "Wallis and Futuna",
    "AG": "Antigua and Barbuda",
    "SJ": "Svalbard and Jan Mayen",
    "CC": "Cocos (Keeling) Islands",
    "VA": "Vatican City",
    "FM": "Micronesia",
}
# Hindi names where CLDR's is a disambiguated or bracketed label, not a name news uses.
_NAME_HI = {
    "CD": "कांगो लोकतांत्रिक गणराज्य",
    "CG": "कांगो गणराज्य",
    "MM": "म्यांमार",
    "PS": "फ़िलिस्तीन",
    "TR": "तुर्की",
    "US": "अमेरिका",
    "HK": "हांगकांग",
    "MO": "मकाऊ",
}
# Other names of a country in Hindi and English news (the existing KB's aliases included);
# demonyms (भारतीय, Indian) are not here but in demonyms.csv.
_ALIASES = {
    "IN": "हिंदुस्तान|हिन्दुस्तान|Bharat",
    "RU": "रशिया|रूसी संघ|Russian Federation",
    "US": "अमरीका|संयुक्त राज्य अमेरिका|संयुक्त राज्य अमरीका|यूनाइटेड स्टेट्स|यूएसए|यूएस"
    "|USA|US|U.S.|United States of America|America",
    "CN": "चाइना|People's Republic of China|चीनी जनवादी गणराज्य",
    "BR": "ब्राजील|Brasil",
    "ZA": "दक्षिणी अफ्रीका",
    "EG": "इजिप्ट",
    "AE": "यूएई|UAE",
    "GB": "ब्रिटेन|यूके|UK|Britain|Great Britain|ग्रेट ब्रिटेन|इंग्लैंड",
    "PK": "पाक|पाकिस्\u200dतान",
    "IL": "इजरायल|इस्राइल|इसराइल|इस्राएल|इज़रायल",
    "NL": "नीदरलैंड्स|हॉलैंड|Holland",
    "DO": "डोमिनिकन रिपब्लिक|Dominican Rep.",
    "KR": "साउथ कोरिया|Republic of Korea",
    "KP": "नॉर्थ कोरिया|DPRK",
    "SA": "सउदी अरब|साउदी अरब",
    "AF": "अफगानिस्तान",
    "BD": "बांग्लादेश|बंगलादेश",
    "LK": "श्री लंका",
    "MV": "मालदीव्स",
    "IT": "इटली",
    "ES": "स्पेन",
    "TR": "तुर्किये|टर्की|Türkiye",
    "CZ": "चेकिया|Czechia",
    "SZ": "स्वाज़ीलैंड|Swaziland",
    "MK": "मैसिडोनिया|Macedonia",
    "CI": "कोट डी आइवर|Côte d'Ivoire",
    "MM": "बर्मा|Burma",
    "VN": "वियतनाम",
    "PH": "फिलीपींस|फिलिपींस",
    "NZ": "न्यूज़ीलैंड|न्यूजीलैंड",
    "KW": "कुवैत",
    "QA": "क़तर|कतर",
    "NP": "नेपाल",
    "BT": "भूटान",
    "SC": "सेशेल्स|सेशल्स",
    "MU": "मारीशस",
    "UG": "युगांडा",
    "DE": "Deutschland",
    "CH": "स्विट्ज़रलैंड|स्विटजरलैंड",
    "MY": "मलयेशिया",
}

# Capitals of sovereign states (and of Palestine, Taiwan and Kosovo, which news treats so);
# "English|Hindi" where CLDR has no Hindi name for the city (it is no time-zone city).
# City-states whose capital is the country's own name are left out (SG, MC, VA, SM, LU, DJ,
# KW), as is any capital whose Hindi name is the country's.
_CAPITALS = {
    "AD": "Andorra la Vella|अंडोरा ला वेल्ला",
    "AE": "Abu Dhabi|अबू धाबी",
    "AF": "Kabul",
    "AG": "Saint John's|सेंट जॉन्स",
    "AL": "Tirana|तिराना",
    "AM": "Yerevan",
    "AO": "Luanda",
    "AR": "Buenos Aires",
    "AT": "Vienna",
    "AU": "Canberra|कैनबरा",
    "AZ": "Baku",
    "BA": "Sarajevo",
    "BB": "Bridgetown|ब्रिजटाउन",
    "BD": "Dhaka",
    "BE": "Brussels",
    "BF": "Ouagadougou",
    "BG": "Sofia|सोफ़िया",
    "BH": "Manama|मनामा",
    "BI": "Gitega|गितेगा",
    "BJ": "Porto-Novo",
    "BN": "Bandar Seri Begawan|बंदर सेरी बेगवान",
    "BO": "Sucre|सूक्रे",
    "BR": "Brasília|ब्रासीलिया",
    "BS": "Nassau",
    "BT": "Thimphu",
    "BW": "Gaborone",
    "BY": "Minsk",
    "BZ": "Belmopan|बेलमोपान",
    "CA": "Ottawa|ओटावा",
    "CD": "Kinshasa",
    "CF": "Bangui",
    "CG": "Brazzaville",
    "CH": "Bern|बर्न",
    "CI": "Yamoussoukro|यामूसुक्रो",
    "CL": "Santiago",
    "CM": "Yaoundé|याउंडे",
    "CN": "Beijing|बीजिंग",
    "CO": "Bogotá|बोगोटा",
    "CR": "San José|सैन होज़े",
    "CU": "Havana",
    "CV": "Praia|प्राइया",
    "CY": "Nicosia",
    "CZ": "Prague",
    "DE": "Berlin",
    "DK": "Copenhagen",
    "DM": "Roseau|रोज़ो",
    "DO": "Santo Domingo",
    "DZ": "Algiers",
    "EC": "Quito|क्वीटो",
    "EE": "Tallinn",
    "EG": "Cairo",
    "ER": "Asmara",
    "ES": "Madrid",
    "ET": "Addis Ababa",
    "FI": "Helsinki",
    "FJ": "Suva|सुवा",
    "FM": "Palikir|पलिकिर",
    "FR": "Paris",
    "GA": "Libreville",
    "GB": "London",
    "GD": "Saint George's|सेंट जॉर्जेस",
    "GE": "Tbilisi",
    "GH": "Accra",
    "GM": "Banjul",
    "GN": "Conakry",
    "GQ": "Malabo",
    "GR": "Athens",
    "GT": "Guatemala City|ग्वाटेमाला सिटी",
    "GW": "Bissau",
    "GY": "Georgetown|जॉर्जटाउन",
    "HN": "Tegucigalpa",
    "HR": "Zagreb",
    "HT": "Port-au-Prince",
    "HU": "Budapest",
    "ID": "Jakarta",
    "IE": "Dublin",
    "IL": "Jerusalem|यरूशलम",
    "IN": "New Delhi|नई दिल्ली",
    "IQ": "Baghdad",
    "IR": "Tehran",
    "IS": "Reykjavík|रेक्जाविक",
    "IT": "Rome",
    "JM": "Kingston|किंग्स्टन",
    "JO": "Amman",
    "JP": "Tokyo",
    "KE": "Nairobi",
    "KG": "Bishkek",
    "KH": "Phnom Penh",
    "KI": "South Tarawa|दक्षिण तरावा",
    "KM": "Moroni|मोरोनी",
    "KN": "Basseterre|बासेटेरे",
    "KP": "Pyongyang",
    "KR": "Seoul",
    "KZ": "Astana|अस्ताना",
    "LA": "Vientiane",
    "LB": "Beirut",
    "LC": "Castries|कैस्ट्रीज़",
    "LI": "Vaduz",
    "LK": "Colombo",
    "LR": "Monrovia",
    "LS": "Maseru",
    "LT": "Vilnius",
    "LV": "Riga",
    "LY": "Tripoli",
    "MA": "Rabat|रबात",
    "MD": "Chișinău|चिसीनाउ",
    "ME": "Podgorica|पोडगोरिका",
    "MG": "Antananarivo",
    "MH": "Majuro",
    "MK": "Skopje",
    "ML": "Bamako",
    "MM": "Naypyidaw|नेपीडॉ",
    "MN": "Ulaanbaatar|उलानबटार",
    "MR": "Nouakchott",
    "MT": "Valletta|वैलेटा",
    "MU": "Port Louis|पोर्ट लुई",
    "MV": "Malé|माले",
    "MW": "Lilongwe|लिलोंग्वे",
    "MX": "Mexico City",
    "MY": "Kuala Lumpur",
    "MZ": "Maputo",
    "NA": "Windhoek",
    "NE": "Niamey",
    "NG": "Abuja|अबुजा",
    "NI": "Managua",
    "NL": "Amsterdam",
    "NO": "Oslo",
    "NP": "Kathmandu",
    "NR": "Yaren|यारेन",
    "NZ": "Wellington|वेलिंग्टन",
    "OM": "Muscat",
    "PA": "Panama City|पनामा सिटी",
    "PE": "Lima",
    "PG": "Port Moresby",
    "PH": "Manila",
    "PK": "Islamabad|इस्लामाबाद",
    "PL": "Warsaw",
    "PS": "Ramallah|रामल्लाह",
    "PT": "Lisbon",
    "PW": "Ngerulmud|नगेरुलमुड",
    "PY": "Asunción",
    "QA": "Doha|दोहा",
    "RO": "Bucharest",
    "RS": "Belgrade",
    "RU": "Moscow|मॉस्को",
    "RW": "Kigali",
    "SA": "Riyadh",
    "SB": "Honiara|होनियारा",
    "SC": "Victoria|विक्टोरिया",
    "SD": "Khartoum",
    "SE": "Stockholm",
    "SI": "Ljubljana",
    "SK": "Bratislava",
    "SL": "Freetown",
    "SN": "Dakar",
    "SO": "Mogadishu",
    "SR": "Paramaribo",
    "SS": "Juba",
    "ST": "São Tomé|साओ टोमे",
    "SV": "San Salvador|सैन सल्वाडोर",
    "SY": "Damascus",
    "SZ": "Mbabane",
    "TD": "N'Djamena|एनजामेना",
    "TG": "Lomé",
    "TH": "Bangkok",
    "TJ": "Dushanbe",
    "TL": "Dili",
    "TM": "Ashgabat",
    "TN": "Tunis",
    "TO": "Nuku'alofa|नुकुआलोफा",
    "TR": "Ankara|अंकारा",
    "TT": "Port of Spain",
    "TV": "Funafuti",
    "TW": "Taipei",
    "TZ": "Dodoma|डोडोमा",
    "UA": "Kyiv|कीव",
    "UG": "Kampala",
    "US": "Washington|वाशिंगटन",
    "UY": "Montevideo",
    "UZ": "Tashkent",
    "VC": "Kingstown|किंग्सटाउन",
    "VE": "Caracas",
    "VN": "Hanoi|हनोई",
    "VU": "Port Vila|पोर्ट विला",
    "WS": "Apia",
    "XK": "Pristina|प्रिस्टिना",
    "YE": "Sanaa|सना",
    "ZA": "Pretoria|प्रिटोरिया",
    "ZM": "Lusaka",
    "ZW": "Harare",
}
# Other spellings of capitals in Hindi news (the existing KB's aliases included).
_CAPITAL_ALIASES = {
    "RU": "मास्को|मोस्को|Moskva",
    "IN": "नयी दिल्ली|दिल्ली|Delhi",
    "US": "वॉशिंगटन|वाशिंगटन डीसी|Washington DC|Washington D.C.",
    "CN": "पेइचिंग|Peking",
    "UA": "कीएव|कीयेव|Kiev",
    "JP": "तोक्यो",
    "LK": "कोलम्बो",
    "NP": "काठमाण्डू|काठमांडो",
    "BD": "ढ़ाका",
    "AF": "क़ाबुल",
    "IL": "येरुशलम|जेरूसलम|Jerusalem",
    "SA": "रियाध",
    "KR": "सियोल",
    "EG": "काहिरा",
    "SY": "दमिश्क",
    "AT": "वियना",
    "TW": "ताइपे|ताइपेई",
    "BE": "ब्रसेल्स",
    "LB": "बेरूत",
    "GE": "त्बिलिसी",
    "TH": "बैंकाक",
}


def slug(name: str) -> str:
    """``loc_`` ids: ASCII, lower case, words joined by ``_`` (São Tomé → sao_tome)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower().replace("'", "")).strip("_")


def _clean_hi(name: str) -> list[str]:
    """CLDR's "म्यांमार (बर्मा)" is two names; "कांगो - किंशासा" is a label, not a name."""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", name)
    parts = [match.group(1), match.group(2)] if match else [name]
    return [unicodedata.normalize("NFC", p.strip()) for p in parts]


def _clean_en(name: str) -> str:
    name = name.replace(" & ", " and ").replace("St. ", "Saint ")
    return re.sub(r"\s*\(.*\)$", "", name).strip()


def _zone_cities(code: str) -> dict[str, str]:
    """English → Hindi name of each CLDR exemplar city of the territory's time zones."""
    cities: dict[str, str] = {}
    for zone in get_global("territory_zones").get(code, ()):
        english = get_timezone_location(zone, locale="en", return_city=True)
        cities[english] = get_timezone_location(zone, locale="hi", return_city=True)
    return cities


def build() -> list[dict[str, str]]:
    hi, en = Locale("hi"), Locale("en")
    countries: list[dict[str, str]] = []
    capitals: list[dict[str, str]] = []
    for code in sorted(c for c in en.territories if re.fullmatch("[A-Z]{2}", c)):
        if code in _SKIP or code in _UNINHABITED:
            continue
        cldr_hi = _clean_hi(hi.territories[code])
        name_en = _NAME_EN.get(code) or _clean_en(en.territories[code])
        name_hi = _NAME_HI.get(code, cldr_hi[0])
        aliases = [n for n in cldr_hi if n != name_hi]
        cldr_en = _clean_en(en.territories[code])
        if cldr_en != name_en:
            aliases.append(cldr_en)
        aliases += [a for a in _ALIASES.get(code, "").split("|") if a and a not in aliases]
        aliases = [a for a in aliases if a not in (name_hi, name_en)]
        country_id = _KEPT_IDS.get(code) or f"loc_{slug(name_en)}"
        note = f"CLDR (Babel {babel.__version__}): {hi.territories[code]}" + (
            "" if name_hi == cldr_hi[0] else "; curated name"
        )
        countries.append(
            {
                "entity_id": country_id,
                "type": "LOC",
                "name_hi": name_hi,
                "name_en": name_en,
                "aliases": "|".join(aliases),
                "country": code,
                "wikidata": _WIKIDATA.get(code, ""),
                "note": note,
            }
        )
        if code not in _CAPITALS:
            continue
        capital_en, _, curated_hi = _CAPITALS[code].partition("|")
        cldr_city = _zone_cities(code).get(capital_en)
        capital_hi = curated_hi or cldr_city
        if not capital_hi:
            raise SystemExit(f"{code}: no Hindi name for {capital_en!r} in CLDR; add one")
        if capital_hi == name_hi:
            continue
        capital_aliases = [a for a in _CAPITAL_ALIASES.get(code, "").split("|") if a]
        if cldr_city and cldr_city != capital_hi:
            capital_aliases.insert(0, cldr_city)
        capitals.append(
            {
                "entity_id": _KEPT_CAPITAL_IDS.get(code) or f"loc_{slug(capital_en)}",
                "type": "LOC",
                "name_hi": capital_hi,
                "name_en": capital_en,
                "aliases": "|".join(capital_aliases),
                "country": code,
                "wikidata": _CAPITAL_WIKIDATA.get(code, ""),
                "note": f"capital of {name_en}; Hindi "
                + ("curated" if curated_hi else "CLDR exemplar city"),
            }
        )
    rows = countries + capitals
    ids = [r["entity_id"] for r in rows]
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    if duplicates:
        raise SystemExit(f"duplicate ids: {duplicates}")
    return rows


def main() -> int:
    rows = build()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    print(f"{OUT}: {len(rows)} rows", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
