"""Convert HiNER CoNLL (collapsed labels) into spaCy DocBins for ``make train-ner``.

Sentences are rebuilt as the tokens joined by single spaces and re-tokenised with spaCy's
Hindi tokenizer, so the model trains on the same tokens it sees at inference time (HiNER
glues punctuation to words: ``"अभियान``, ``है।``); entity spans are carried over as
character offsets. HiNER's one file is split, with a fixed seed, into train and a held-out
dev part for spaCy's early stopping. IL-NER is never read here: it is for evaluation only.
"""

from __future__ import annotations

import argparse
import random
from collections.abc import Iterator
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

LABEL_MAP = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
# HiNER tokens carry punctuation (``चीन,``, ``"अभियान``); it is never part of the name.
_EDGE_PUNCT = " \t.,;:!?'\"“”‘’()[]{}<>-–—।॥|/"


def read_conll(path: Path) -> Iterator[list[tuple[str, str]]]:
    """Sentences as (token, tag) lists; blank lines separate sentences, odd lines are skipped."""
    sentence: list[tuple[str, str]] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            line = line.rstrip("\n")
            if not line.strip():
                if sentence:
                    yield sentence
                sentence = []
                continue
            parts = line.split("\t")
            if len(parts) < 2 or not parts[0].strip():
                continue
            sentence.append((parts[0].strip(), parts[-1].strip()))
    if sentence:
        yield sentence


def char_entities(
    tokens: list[str], tags: list[str], label_map: dict[str, str]
) -> tuple[str, list[tuple[int, int, str]]]:
    """Text (tokens joined by spaces) and its entity spans as character offsets.

    An ``I-`` tag that does not continue an entity of the same type starts one, as
    conlleval does; tags outside ``label_map`` are dropped.
    """
    text_parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    offset = 0
    current: list[object] | None = None  # [start, end, label]
    for token, tag in zip(tokens, tags, strict=True):
        start, end = offset, offset + len(token)
        text_parts.append(token)
        offset = end + 1
        prefix, _, raw = tag.partition("-")
        label = label_map.get(raw) if prefix in {"B", "I"} else None
        if label is not None and prefix == "I" and current is not None and current[2] == label:
            current[1] = end
            continue
        if current is not None:
            spans.append((int(str(current[0])), int(str(current[1])), str(current[2])))
            current = None
        if label is not None:
            current = [start, end, label]
    if current is not None:
        spans.append((int(str(current[0])), int(str(current[1])), str(current[2])))
    return " ".join(text_parts), spans


def to_doc(nlp: spacy.language.Language, sentence: list[tuple[str, str]]) -> Doc:
    tokens = [t for t, _ in sentence]
    tags = [g for _, g in sentence]
    text, spans = char_entities(tokens, tags, LABEL_MAP)
    doc = nlp.make_doc(text)
    ents = []
    for start, end, label in spans:
        surface = text[start:end]
        start += len(surface) - len(surface.lstrip(_EDGE_PUNCT))
        end -= len(surface) - len(surface.rstrip(_EDGE_PUNCT))
        if end <= start:
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.ents = filter_spans(ents)
    return doc


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("source", type=Path, help="HiNER collapsed CoNLL file")
    parser.add_argument("out", type=Path, help="folder for train.spacy and dev.spacy")
    parser.add_argument("--dev-fraction", type=float, default=0.1)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    nlp = spacy.blank("hi")
    docs = [to_doc(nlp, s) for s in read_conll(args.source)]
    random.Random(args.seed).shuffle(docs)
    n_dev = int(len(docs) * args.dev_fraction)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, part in (("dev", docs[:n_dev]), ("train", docs[n_dev:])):
        DocBin(docs=part, store_user_data=False).to_disk(args.out / f"{name}.spacy")
        n_ents = sum(len(d.ents) for d in part)
        print(f"{name}: {len(part)} sentences, {n_ents} entities -> {args.out / name}.spacy")


if __name__ == "__main__":
    main()
