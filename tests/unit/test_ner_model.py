"""The shipped NER model behind the entity stage: what it adds, and life without it."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from khabar.nlp import ner_model
from khabar.nlp.entities import KnowledgeBase, extract_entities, load_knowledge_base
from khabar.nlp.ner_model import MODEL_DIR, SpacyEntityModel, load_entity_model
from khabar.stages import Document, clean_stage, entity_stage, segment_stage
from khabar.text.load import Metadata, RawArticle, article_id_for
from khabar.text.segment import segment

needs_model = pytest.mark.skipif(
    not (MODEL_DIR / "meta.json").is_file(), reason="models/ner_hi not built"
)
# Names no KB row and no title licenses: only a statistical model can find them.
UNKNOWN_PERSON = "कल शाम रमेश चंद्र त्रिपाठी ने गोरखपुर में किसानों की एक सभा को संबोधित किया।"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def model() -> SpacyEntityModel:
    loaded = load_entity_model()
    assert loaded is not None
    return loaded


@needs_model
def test_model_finds_a_person_the_gazetteer_does_not_know(
    kb: KnowledgeBase, model: SpacyEntityModel
) -> None:
    alone = extract_entities(UNKNOWN_PERSON, segment(UNKNOWN_PERSON), kb)
    assert not any(m.label == "PER" for m in alone)
    mentions = extract_entities(UNKNOWN_PERSON, segment(UNKNOWN_PERSON), kb, model)
    persons = [(m.surface, m.method) for m in mentions if m.label == "PER"]
    assert persons == [("रमेश चंद्र त्रिपाठी", "model")]


@needs_model
def test_model_spans_are_offsets_into_the_whole_text(model: SpacyEntityModel) -> None:
    text = "पहला वाक्य यहाँ है। " + UNKNOWN_PERSON
    for start, end, label, score in model(text, segment(text)):
        assert text[start:end] == text[start:end].strip()
        assert label in {"PER", "LOC", "ORG"}
        assert 0.0 < score < 1.0
    found = {text[s:e] for s, e, label, _ in model(text, segment(text)) if label == "PER"}
    assert "रमेश चंद्र त्रिपाठी" in found


@needs_model
def test_titles_stay_out_of_model_names(model: SpacyEntityModel) -> None:
    text = "श्री रमेश चंद्र त्रिपाठी ने सभा को संबोधित किया।"
    persons = [text[s:e] for s, e, label, _ in model(text, segment(text)) if label == "PER"]
    assert persons and all(not p.startswith("श्री") for p in persons)


@needs_model
def test_gazetteer_spans_win_over_the_model(kb: KnowledgeBase, model: SpacyEntityModel) -> None:
    text = "विदेश मंत्री एस. जयशंकर ने मॉस्को में सर्गेई लावरोव से मुलाकात की।"
    plain = extract_entities(text, segment(text), kb)
    full = extract_entities(text, segment(text), kb, model)
    assert [m for m in full if m.method != "model"] == plain


def _doc(text: str) -> Document:
    return Document(RawArticle(article_id_for(text), ("<test>",), text, Metadata(None)))


def test_missing_model_warns_once_and_leaves_the_gazetteer_alone(
    tmp_path: Path, kb: KnowledgeBase, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ner_model, "MODEL_DIR", tmp_path / "absent")
    docs, _ = clean_stage([_doc(UNKNOWN_PERSON + " सर्गेई लावरोव भी थे।")])
    docs, _ = segment_stage(docs)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first, rejected = entity_stage(docs, kb)
        second, _ = entity_stage(docs, kb)
    assert sum("no NER model" in str(w.message) for w in caught) == 1
    assert not rejected
    baseline, _ = entity_stage(docs, kb, model=None)
    assert first[0].entities == second[0].entities == baseline[0].entities
    assert {m.method for m in first[0].entities} <= {
        "gazetteer",
        "short_form",
        "fuzzy",
        "generated",
    }
