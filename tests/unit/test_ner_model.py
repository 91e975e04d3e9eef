"""The shipped NER model behind the entity stage: what it adds, and life without it."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import numpy as np
import pytest

from khabar.nlp import ner_model
from khabar.nlp.entities import KnowledgeBase, extract_entities, load_knowledge_base
from khabar.nlp.ner_model import SpacyEntityModel, load_entity_model
from khabar.resources import MODEL_DIR, SEEDS_DIR, Resources
from khabar.stages import Document, clean_stage, entity_stage, segment_stage
from khabar.text.load import Metadata, RawArticle, article_id_for
from khabar.text.segment import segment

needs_model = pytest.mark.skipif(
    not (MODEL_DIR / "meta.json").is_file(), reason="models/ner_hi not built"
)
SEED_ARTICLES = [str(p) for p in (SEEDS_DIR / "articles").glob("*.txt")]
# Names no KB row and no title licenses: only a statistical model can find them.
UNKNOWN_PERSON = "कल शाम रमेश चंद्र त्रिपाठी ने गोरखपुर में किसानों की एक सभा को संबोधित किया।"


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge_base()


@pytest.fixture(scope="module")
def model() -> SpacyEntityModel:
    return load_entity_model()


@pytest.fixture(scope="module")
def gazetteer() -> Resources:
    """The shipped resources without the model; tests put in the model they mean."""
    return Resources.load(ner="gazetteer")


def _with(resources: Resources, model: object) -> Resources:
    return dataclasses.replace(resources, ner=model)  # type: ignore[arg-type]


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


def test_a_missing_model_fails_at_load_and_the_gazetteer_needs_none(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=f"no NER model at {tmp_path / 'absent'}: run"):
        Resources.load(model_dir=tmp_path / "absent")
    alone = Resources.load(model_dir=tmp_path / "absent", ner="gazetteer")
    assert alone.ner is None
    docs, _ = clean_stage([_doc(UNKNOWN_PERSON + " सर्गेई लावरोव भी थे।")])
    docs, _ = segment_stage(docs)
    first, rejected = entity_stage(docs, alone)
    assert not rejected
    assert {m.method for m in first[0].entities} <= {
        "gazetteer",
        "short_form",
        "fuzzy",
        "generated",
    }


@needs_model
def test_scored_decoding_finds_what_spacys_own_ner_finds(model: SpacyEntityModel) -> None:
    texts = [
        UNKNOWN_PERSON,
        "पहला वाक्य यहाँ है।",
        "भारतीय रिज़र्व बैंक ने मुंबई में कहा कि दिल्ली विश्वविद्यालय और नासा साथ काम करेंगे।",
        "।",
        "",
        *(Path(p).read_text(encoding="utf-8")[:2000] for p in sorted(SEED_ARTICLES)),
    ]
    docs = [model.nlp.make_doc(t) for t in texts]
    for proc in model._before:
        docs = list(proc.pipe(docs))
    ours = [[(s, e, label) for s, e, label, _ in ents] for ents in model._decode(docs)]
    spacys = [[(e.start, e.end, e.label_) for e in d.ents] for d in model.nlp.pipe(texts)]
    assert ours == spacys
    assert any(ours)
    confidences = [c for ents in model._decode(docs) for *_, c in ents]
    assert all(0.0 < c <= 1.0 for c in confidences)


@needs_model
def test_the_threshold_keeps_only_confident_spans(model: SpacyEntityModel) -> None:
    text = Path(sorted(SEED_ARTICLES)[0]).read_text(encoding="utf-8")
    spans = segment(text)
    every = [s for s in model.scored([text[s.start : s.end] for s in spans])]
    confidences = sorted(c for ents in every for *_, c in ents)
    assert confidences and confidences[0] < confidences[-1] <= 0.99
    cut = confidences[len(confidences) // 2]
    strict = SpacyEntityModel(model.nlp, threshold=cut)
    kept = strict(text, spans)
    assert kept and all(c >= cut for *_, c in kept)
    assert len(kept) == sum(c >= cut for c in confidences)
    assert SpacyEntityModel(model.nlp, threshold=1.0)(text, spans) == []


def test_edges_lose_function_words_and_persons_their_titles() -> None:
    import spacy

    nlp = spacy.blank("hi")
    assert ner_model._trim(list(nlp.make_doc("पुणे एकमात्र")), "LOC") == (0, 4)
    doc = nlp.make_doc("के राज्य स्कूल मानक प्राधिकरण सभी ,")
    start, end = ner_model._trim(list(doc), "ORG") or (0, 0)
    assert doc.text[start:end] == "राज्य स्कूल मानक प्राधिकरण"
    doc = nlp.make_doc("श्री रमेश त्रिपाठी")
    start, end = ner_model._trim(list(doc), "PER") or (0, 0)
    assert doc.text[start:end] == "रमेश त्रिपाठी"
    assert ner_model._trim(list(nlp.make_doc("श्री रमेश")), "ORG") == (0, 9)
    assert ner_model._trim(list(nlp.make_doc("के में")), "LOC") is None
    assert ner_model._trim(list(nlp.make_doc("डॉ .")), "PER") is None


class _FixedModel:
    """An ``EntityModel`` that finds the given surfaces, whatever the text."""

    def __init__(self, *found: tuple[str, str]) -> None:
        self.found = found

    def __call__(self, text: str, sentences: object) -> list[tuple[int, int, str, float]]:
        spans = []
        for surface, label in self.found:
            start = text.index(surface)
            spans.append((start, start + len(surface), label, 0.9))
        return spans


def test_a_longer_model_name_around_a_gazetteer_place_replaces_it(kb: KnowledgeBase) -> None:
    # (भारत सरकार is a KB organisation now; a foreign government is not.)
    text = "नेपाल सरकार ने दिल्ली विश्वविद्यालय को अनुदान दिया।"
    plain = {(m.surface, m.label) for m in extract_entities(text, segment(text), kb)}
    assert {("नेपाल", "LOC"), ("दिल्ली", "LOC")} <= plain
    model = _FixedModel(("नेपाल सरकार", "ORG"), ("दिल्ली विश्वविद्यालय", "ORG"))
    found = [
        (m.surface, m.label, m.method) for m in extract_entities(text, segment(text), kb, model)
    ]
    assert found == [
        ("नेपाल सरकार", "ORG", "model"),
        ("दिल्ली विश्वविद्यालय", "ORG", "model"),
    ]


def test_a_model_span_never_overrides_a_known_person_or_a_person_span(kb: KnowledgeBase) -> None:
    text = "नरेंद्र मोदी फाउंडेशन और भारत कुमार ने बैठक की।"
    plain = [(m.surface, m.label) for m in extract_entities(text, segment(text), kb)]
    model = _FixedModel(("नरेंद्र मोदी फाउंडेशन", "ORG"), ("भारत कुमार", "PER"))
    full = [(m.surface, m.label) for m in extract_entities(text, segment(text), kb, model)]
    assert ("नरेंद्र मोदी", "PER") in plain and ("भारत", "LOC") in plain
    assert full == plain


@needs_model
def test_many_articles_at_once_find_what_each_finds_alone(model: SpacyEntityModel) -> None:
    texts = [Path(p).read_text(encoding="utf-8") for p in sorted(SEED_ARTICLES)]
    texts += [UNKNOWN_PERSON, "", "।"]
    items = [(text, segment(text)) for text in texts]
    small = SpacyEntityModel(model.nlp, batch_size=7)  # batches cut across articles
    assert small.spans_many(items) == [model(text, spans) for text, spans in items]
    assert any(model(text, spans) for text, spans in items)


@needs_model
def test_the_entity_stage_reads_a_batch_as_it_reads_each_article(
    gazetteer: Resources, model: SpacyEntityModel
) -> None:
    texts = [Path(p).read_text(encoding="utf-8") for p in sorted(SEED_ARTICLES)]
    docs = [
        Document(RawArticle(article_id_for(t), (f"{i}.txt",), t, Metadata(None)))
        for i, t in enumerate([*texts, UNKNOWN_PERSON])
    ]
    docs, _ = segment_stage(clean_stage(docs)[0])
    batch, _ = entity_stage(docs, _with(gazetteer, model))

    def one_by_one(text: str, spans: list[object]) -> list[tuple[int, int, str, float]]:
        return model(text, spans)  # a plain callable: no batch reading

    alone, _ = entity_stage(docs, _with(gazetteer, one_by_one))
    assert [d.entities for d in batch] == [d.entities for d in alone]
    assert any(m.method == "model" for d in batch for m in d.entities)


@needs_model
def test_a_failing_batch_read_falls_back_to_each_article(
    gazetteer: Resources, model: SpacyEntityModel, monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [UNKNOWN_PERSON, Path(sorted(SEED_ARTICLES)[0]).read_text(encoding="utf-8")]
    docs = [Document(RawArticle(article_id_for(t), (f"{i}.txt",), t)) for i, t in enumerate(texts)]
    docs, _ = segment_stage(clean_stage(docs)[0])
    expected, _ = entity_stage(docs, _with(gazetteer, model))
    real = model.spans_many
    calls: list[int] = []

    def batch_fails(items: list[tuple[str, list[object]]]) -> list[object]:
        calls.append(len(items))
        if len(items) > 1:
            raise MemoryError("batch too large")
        return real(items)  # type: ignore[arg-type]

    monkeypatch.setattr(model, "spans_many", batch_fails)
    done, rejected = entity_stage(docs, _with(gazetteer, model))
    assert calls == [2, 1, 1]  # the batch, then each article alone
    assert not rejected and [d.entities for d in done] == [d.entities for d in expected]


@needs_model
def test_the_numpy_tok2vec_gives_thincs_vectors_and_the_same_entities(
    model: SpacyEntityModel,
) -> None:
    texts = [
        UNKNOWN_PERSON,
        "",
        "।",
        "Denis Manturov met @DrSJaishankar in Moscow.",
        *(Path(p).read_text(encoding="utf-8")[:3000] for p in sorted(SEED_ARTICLES)),
    ]
    fast = model._tok2vec
    assert fast is not None  # the shipped architecture is the one it knows
    docs = [model.nlp.make_doc(t) for t in texts]
    ours = fast(docs)
    theirs = model.nlp.get_pipe("tok2vec").model.predict(docs)
    assert [v.shape for v in ours] == [v.shape for v in theirs]
    # The same dot products in the same order: equal bit for bit where measured; a BLAS
    # kernel may round differently for other column layouts, hence the tolerance.
    gaps = [float(np.abs(a - b).max(initial=0.0)) for a, b in zip(ours, theirs, strict=True)]
    assert max(gaps) <= 1e-5
    # a doc alone gets the vectors it gets in a batch: the padding keeps docs apart
    assert np.allclose(fast([docs[0]])[0], ours[0], atol=1e-5)
    sentences = [s for t in texts for s in (t[a.start : a.end] for a in segment(t)) if s]
    with_fast = model.scored(sentences)
    model._tok2vec = None
    try:
        assert model.scored(sentences) == with_fast
    finally:
        model._tok2vec = fast


def test_an_unknown_tok2vec_architecture_falls_back_to_spacy() -> None:
    from spacy.lang.hi import Hindi

    nlp = Hindi()
    nlp.add_pipe(
        "tok2vec",
        config={
            "model": {
                "@architectures": "spacy.HashEmbedCNN.v2",
                "width": 32,
                "depth": 2,
                "embed_size": 500,
                "window_size": 2,
                "maxout_pieces": 3,
                "subword_features": True,
                "pretrained_vectors": None,
            }
        },
    )
    nlp.initialize()
    assert ner_model._Tok2VecForward.build(nlp.get_pipe("tok2vec").model) is None


@needs_model
def test_the_ner_setting_leaves_the_model_out() -> None:
    from khabar.annotate import annotate

    with_model = annotate(UNKNOWN_PERSON, Resources.load(ner="model"))
    alone = annotate(UNKNOWN_PERSON, Resources.load(ner="gazetteer"))
    assert [e["text"] for e in with_model["entities"] if e["label"] == "PER"] == ["रमेश चंद्र त्रिपाठी"]
    assert not [e for e in alone["entities"] if e["label"] == "PER"]
    assert alone["dates"] == with_model["dates"]  # only the entity stage changes
