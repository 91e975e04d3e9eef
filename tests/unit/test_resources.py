"""``Resources.load``: everything the stages read, built once, and a one-line error naming the
file (and line) when a piece is missing or malformed."""

from __future__ import annotations

import pickle
import re
import shutil
from pathlib import Path

import pytest

from khabar import resources
from khabar.nlp.dates import extract_dates
from khabar.nlp.events import detect_events
from khabar.resources import REFERENCE_FILES, SEEDS_DIR, Resources, shipped


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    """A copy of the shipped reference CSVs, to break one at a time."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for name in REFERENCE_FILES:
        shutil.copy(SEEDS_DIR / name, folder / name)
    return folder


def _load(seeds: Path) -> Resources:
    return Resources.load(seeds, ner="gazetteer")


def test_the_shipped_resources_load(seeds: Path) -> None:
    loaded = _load(seeds)
    assert loaded.kb.get("per_narendra_modi") is not None
    assert loaded.places.country("loc_new_delhi") == "loc_india"
    assert "मुलाकात" in loaded.events.triggers and loaded.ner is None


@pytest.mark.parametrize("name", REFERENCE_FILES)
def test_a_missing_reference_file_is_a_one_line_error(seeds: Path, name: str) -> None:
    (seeds / name).unlink()
    with pytest.raises(FileNotFoundError, match=f"^reference data '{re.escape(name)}' not found"):
        _load(seeds)


def test_a_missing_seeds_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="reference data folder not found"):
        Resources.load(tmp_path / "nowhere", ner="gazetteer")


@pytest.mark.parametrize(
    ("name", "row", "message"),
    [
        # an unknown PLOVER type is an error at load, never a new type
        ("event_triggers.csv", "बैठक,hi,MEETING,meet,joint,noun,no,,0.9,x", "type 'MEETING'"),
        ("event_triggers.csv", "बैठक,hi,CONSULT,meet", "4 fields where the header has 10"),
        ("event_words.csv", "पुत्र,relative,x", "bad event word row"),
        ("groups.csv", "लोग,crowd,,x", "bad group row"),
        ("entities.csv", "per_x,PERSON,एक्स,X,,IN,", "an entity needs an id and a type"),
        ("entities.csv", "per_x,PER,एक्स", "3 fields where the header has 7"),
        ("countries.csv", "loc_x,LOC", "2 fields where the header has 8"),
        ("demonyms.csv", "एक्सी", "1 fields where the header has 4"),
        ("date_lexicon.csv", "month,जनवरी", "2 fields where the header has 3"),
    ],
)
def test_a_malformed_row_names_its_file_and_line(
    seeds: Path, name: str, row: str, message: str
) -> None:
    path = seeds / name
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([*lines, row]) + "\n", encoding="utf-8")
    where = f"{seeds.resolve() / name}:{len(lines) + 1}: "
    with pytest.raises(ValueError, match="^" + re.escape(where) + ".*" + re.escape(message)):
        _load(seeds)


def test_a_header_without_a_needed_column_is_an_error(seeds: Path) -> None:
    path = seeds / "groups.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("word,kind,group", "word,sort,group", 1), encoding="utf-8")
    with pytest.raises(ValueError, match=r"groups\.csv:1: header lacks the column\(s\) kind"):
        _load(seeds)


def test_the_stages_read_what_they_are_given(seeds: Path) -> None:
    """A lexicon edit reaches the stages through the resources passed, not a cache."""
    path = seeds / "event_triggers.csv"
    with path.open("a", encoding="utf-8") as handle:
        handle.write("झपकी,hi,PROTEST,,joint,noun,no,,0.9,a test trigger\n")
    text = "भारत ने झपकी ली।"
    from khabar.model import EntityMention, Span

    india = [EntityMention(0, 4, "भारत", "LOC", "loc_india")]
    sentences = [Span(0, len(text))]
    mine = _load(seeds)
    shipped_events = detect_events(text, sentences, india, [], None)
    own_events = detect_events(
        text, sentences, india, [], None, places=mine.places, lexicon=mine.events
    )
    assert [e.type for e in shipped_events] == []
    assert [e.type for e in own_events] == ["PROTEST"]
    assert extract_dates("12 मार्च 2021", [], None, mine.dates)[0].value == "2021-03-12"


def test_resources_pickle_as_where_they_came_from(seeds: Path) -> None:
    """A worker process gets the folders and loads them once, never a pickled model."""
    mine = _load(seeds)
    data = pickle.dumps(mine)
    assert len(data) < 2_000  # paths, not the knowledge base
    resources._SHARED.pop((mine.seeds_dir, mine.model_dir, "gazetteer"), None)
    again = pickle.loads(data)
    assert again.seeds_dir == mine.seeds_dir and again is pickle.loads(data)
    assert shipped() is shipped()
