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
