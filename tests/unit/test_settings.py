"""Every setting is documented: one README row per field of the settings object."""

from __future__ import annotations

import re

import pytest

from khabar.settings import Settings
from tests.conftest import REPO


def _documented() -> set[str]:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return set(re.findall(r"^\| `KHABAR_(\w+)` \|", readme, flags=re.MULTILINE))


@pytest.mark.parametrize("field", sorted(Settings.model_fields))
def test_every_setting_has_a_readme_row(field: str) -> None:
    assert field.upper() in _documented(), f"README has no row for KHABAR_{field.upper()}"


def test_no_readme_row_for_a_setting_that_does_not_exist() -> None:
    assert _documented() <= {f.upper() for f in Settings.model_fields}


def test_ner_setting_reads_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KHABAR_NER", "gazetteer")
    assert Settings().ner == "gazetteer"
    monkeypatch.setenv("KHABAR_NER", "spacy")
    with pytest.raises(ValueError, match="ner"):
        Settings()


@pytest.mark.parametrize(
    ("start", "end"),
    [("1799-12-31", "2000-01-01"), ("1900-01-01", "2201-01-01"), ("2001-01-01", "2000-01-01")],
)
def test_the_published_window_lies_inside_the_suite_bounds(
    monkeypatch: pytest.MonkeyPatch, start: str, end: str
) -> None:
    monkeypatch.setenv("KHABAR_PUBLISHED_FROM", start)
    monkeypatch.setenv("KHABAR_PUBLISHED_UNTIL", end)
    with pytest.raises(ValueError, match="published_from"):
        Settings()


def test_the_window_matches_the_articles_suite() -> None:
    """The bounds the window is checked against are the suite's own."""
    import json

    from khabar.resources import EXPECTATIONS_DIR
    from khabar.settings import PUBLISHED_BOUNDS

    suite = json.loads((EXPECTATIONS_DIR / "articles.json").read_text(encoding="utf-8"))
    [query] = [
        e["kwargs"]["unexpected_rows_query"]
        for e in suite["expectations"]
        if e["meta"]["name"] == "published_date_in_absolute_bounds"
    ]
    low, high = PUBLISHED_BOUNDS
    assert f"published_date < DATE '{low}'" in query
    assert f"published_date > DATE '{high}'" in query
