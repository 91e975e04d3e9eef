"""Convert HiNER and IL-NER Hindi train (CoNLL) into spaCy DocBins for ``make train-ner``.

Sentences are rebuilt as the tokens joined by single spaces and re-tokenised with spaCy's
Hindi tokenizer, so the model trains on the same tokens it sees at inference time (HiNER
glues punctuation to words: ``"अभियान``, ``है।``); entity spans are carried over as
character offsets.

- HiNER (collapsed labels): PERSON, LOCATION, ORGANIZATION -> PER, LOC, ORG. A fixed tenth
  (``hiner_split``, seed 0) is held out from training and early stopping altogether; the
  benchmark scores the model on it (``benchmarks/ner.py --hiner``).
- IL-NER Hindi train: NEP, NEL, NEO -> PER, LOC, ORG; NETI, NEN, NEAR, NEU are not
  entities for this stage. A tag whose prefix was lost (``-NEL``) is read as ``B-``.
- Early stopping (``dev.spacy``) uses a small part of each corpus's training side.
- IL-NER dev is read for one thing only: its sentences are removed from the training data
  (107 of them occur verbatim in the train release). It is never trained on.
"""

from __future__ import annotations

import argparse
import json
import random
from collections.abc import Iterator, Sequence
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin
from spacy.util import filter_spans

HINER_LABELS = {"PERSON": "PER", "LOCATION": "LOC", "ORGANIZATION": "ORG"}
ILNER_LABELS = {"NEP": "PER", "NEL": "LOC", "NEO": "ORG"}
# HiNER tokens carry punctuation (``चीन,``, ``"अभियान``); it is never part of the name.
EDGE_PUNCT = " \t.,;:!?'\"“”‘’()[]{}<>-–—।॥|/"
HELD_OUT_FRACTION = 0.1  # of HiNER: never trained on, the benchmark's HiNER figure
SEED = 0

Sentence = list[tuple[str, str]]
Entity = tuple[int, int, str]


def read_conll(path: Path) -> Iterator[Sentence]:
    """Sentences as (token, tag) lists; blank lines separate sentences, odd lines are skipped."""
    sentence: Sentence = []
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


def hiner_split(sentences: Sequence[Sentence]) -> tuple[list[Sentence], list[Sentence]]:
    """(held out, rest) of HiNER: the same fixed seeded split for training and benchmark."""
    shuffled = list(sentences)
    random.Random(SEED).shuffle(shuffled)
    n_held = int(len(shuffled) * HELD_OUT_FRACTION)
    return shuffled[:n_held], shuffled[n_held:]


def bio_spans(
    tokens: Sequence[str], tags: Sequence[str], label_map: dict[str, str]
) -> list[Entity]:
    """BIO tags as character spans of the tokens joined by single spaces. An ``I-`` tag that
    does not continue an entity of the same type starts one, as conlleval does; a tag whose
    prefix was lost (``-NEL``) is read as ``B-``; tags outside ``label_map`` are dropped.
    The benchmark reads IL-NER dev's gold with it too."""
    spans: list[Entity] = []
    offset = 0
    current: tuple[int, int, str] | None = None
    for token, tag in zip(tokens, tags, strict=True):
        start, end = offset, offset + len(token)
        offset = end + 1
        prefix, _, raw = tag.partition("-")
        prefix = prefix or "B"
        label = label_map.get(raw) if prefix in {"B", "I"} else None
        if label is not None and prefix == "I" and current is not None and current[2] == label:
            current = (current[0], end, label)
            continue
        if current is not None:
            spans.append(current)
            current = None
        if label is not None:
            current = (start, end, label)
    if current is not None:
        spans.append(current)
    return spans


def char_entities(sentence: Sentence, label_map: dict[str, str]) -> tuple[str, list[Entity]]:
    """Text (tokens joined by spaces) and its entity spans as character offsets, without
    edge punctuation (``bio_spans``, trimmed)."""
    tokens = [token for token, _ in sentence]
    spans = bio_spans(tokens, [tag for _, tag in sentence], label_map)
    text = " ".join(tokens)
    trimmed: list[Entity] = []
    for start, end, label in spans:
        surface = text[start:end]
        start += len(surface) - len(surface.lstrip(EDGE_PUNCT))
        end -= len(surface) - len(surface.rstrip(EDGE_PUNCT))
        if end > start:
            trimmed.append((start, end, label))
    return text, trimmed


def to_doc(nlp: spacy.language.Language, text: str, spans: Sequence[Entity]) -> Doc:
    doc = nlp.make_doc(text)
    ents = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            ents.append(span)
    doc.ents = filter_spans(ents)
    return doc


def _read_excluded(path: Path | None) -> set[str]:
    if path is None:
        return set()
    with path.open(encoding="utf-8") as handle:
        return {" ".join(json.loads(line)["tokens"]) for line in handle if line.strip()}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="folder for train.spacy and dev.spacy")
    parser.add_argument("--hiner", type=Path, required=True, help="HiNER collapsed CoNLL")
    parser.add_argument("--ilner", type=Path, default=None, help="IL-NER Hindi train CoNLL")
    parser.add_argument(
        "--exclude", type=Path, default=None, help="IL-NER dev JSONL: its sentences never train"
    )
    parser.add_argument("--ilner-weight", type=int, default=1, help="copies of IL-NER train")
    parser.add_argument("--hiner-fraction", type=float, default=1.0, help="of HiNER's rest")
    parser.add_argument("--dev-fraction", type=float, default=0.05, help="for early stopping")
    args = parser.parse_args()

    nlp = spacy.blank("hi")
    excluded = _read_excluded(args.exclude)
    rng = random.Random(SEED)

    def docs_of(sentences: Sequence[Sentence], labels: dict[str, str]) -> list[Doc]:
        out = []
        for sentence in sentences:
            text, spans = char_entities(sentence, labels)
            if text not in excluded:
                out.append(to_doc(nlp, text, spans))
        return out

    _, hiner_rest = hiner_split(list(read_conll(args.hiner)))
    hiner = docs_of(hiner_rest[: int(len(hiner_rest) * args.hiner_fraction)], HINER_LABELS)
    parts: list[tuple[str, list[Doc], int]] = [("HiNER", hiner, 1)]
    if args.ilner is not None:
        ilner = docs_of(list(read_conll(args.ilner)), ILNER_LABELS)
        rng.shuffle(ilner)
        parts.append(("IL-NER", ilner, args.ilner_weight))
    train: list[Doc] = []
    dev: list[Doc] = []
    for name, docs, weight in parts:
        n_dev = int(len(docs) * args.dev_fraction)
        dev += docs[:n_dev]
        train += docs[n_dev:] * weight
        print(f"{name}: {len(docs) - n_dev} train sentences (x{weight}), {n_dev} early-stopping")
    rng.shuffle(train)
    args.out.mkdir(parents=True, exist_ok=True)
    for name, part in (("dev", dev), ("train", train)):
        DocBin(docs=part, store_user_data=False).to_disk(args.out / f"{name}.spacy")
        n_ents = sum(len(d.ents) for d in part)
        print(f"{name}: {len(part)} sentences, {n_ents} entities -> {args.out / name}.spacy")


if __name__ == "__main__":
    main()
