"""The training-data conversion of ``make train-ner``: tag mapping, held-out split, exclusion."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path
from types import ModuleType

import pytest
import spacy
from spacy.tokens import DocBin

from khabar.resources import REPO_ROOT


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location(
        "convert_ner", REPO_ROOT / "training" / "convert_ner.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


convert = _load()


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        # NEP/NEL/NEO are the stage's types; time, number and other tags are not entities.
        (
            [("मोदी", "B-NEP"), ("ने", "O"), ("2020", "B-NETI"), ("में", "O"), ("भारत", "B-NEL")],
            [("मोदी", "PER"), ("भारत", "LOC")],
        ),
        # A tag whose prefix was lost starts an entity, as the benchmark reads it.
        ([("आरबीआई", "-NEO"), ("ने", "O")], [("आरबीआई", "ORG")]),
        # I- continues an entity of its type only.
        (
            [("स्वास्थ्य", "B-NEO"), ("मंत्रालय", "I-NEO"), ("दिल्ली", "I-NEL")],
            [("स्वास्थ्य मंत्रालय", "ORG"), ("दिल्ली", "LOC")],
        ),
        ([("दस", "B-NEN"), ("लोग", "I-NEN")], []),
    ],
)
def test_ilner_tags_map_to_the_stages_types(
    sentence: list[tuple[str, str]], expected: list[tuple[str, str]]
) -> None:
    text, spans = convert.char_entities(sentence, convert.ILNER_LABELS)
    assert [(text[s:e], label) for s, e, label in spans] == expected


def test_hiner_spans_lose_glued_punctuation() -> None:
    text, spans = convert.char_entities(
        [('"चीन,', "B-LOCATION"), ("गया", "O")], convert.HINER_LABELS
    )
    assert [(text[s:e], label) for s, e, label in spans] == [("चीन", "LOC")]


def test_the_hiner_held_out_part_is_fixed_and_disjoint() -> None:
    sentences = [[(f"w{i}", "O")] for i in range(100)]
    held, rest = convert.hiner_split(sentences)
    again, _ = convert.hiner_split([list(s) for s in sentences])
    assert held == again and len(held) == 10
    assert not {s[0][0] for s in held} & {s[0][0] for s in rest}


def test_evaluation_sentences_never_reach_training(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ilner = tmp_path / "ilner.conll"
    ilner.write_text("मोदी\tB-NEP\nआए\tO\n\nराम\tB-NEP\nगए\tO\n", encoding="utf-8")
    hiner = tmp_path / "hiner.conll"
    hiner.write_text("चीन\tB-LOCATION\n", encoding="utf-8")
    dev = tmp_path / "dev.jsonl"
    dev.write_text(json.dumps({"tokens": ["मोदी", "आए"], "tags": ["B-NEP", "O"]}) + "\n")
    out = tmp_path / "corpus"
    argv = ["convert_ner", str(out), "--hiner", str(hiner), "--ilner", str(ilner)]
    monkeypatch.setattr("sys.argv", [*argv, "--exclude", str(dev), "--dev-fraction", "0"])
    convert.main()
    nlp = spacy.blank("hi")
    texts = [d.text for d in DocBin().from_disk(out / "train.spacy").get_docs(nlp.vocab)]
    assert "राम गए" in texts and "मोदी आए" not in texts
