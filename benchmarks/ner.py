"""Entity stage against IL-NER Hindi dev: gazetteer alone, model alone and both, in one run.

    .venv/bin/python benchmarks/ner.py [--model models/ner_hi] [--limit N] [--json PATH]

Also scored, model alone and full stage: the tenth of HiNER that ``make train-ner`` holds out
from training and early stopping (``training/convert_ner.hiner_split``, fixed seed), with
HiNER's gold spans read as in training (edge punctuation trimmed).

IL-NER's tokens differ from ours, so each sentence is rebuilt as its tokens joined by single
spaces and both gold and predicted entities are compared as character spans of that text.
Gold types: NEP→PER, NEL→LOC, NEO→ORG (NETI, NEN and the rest are ignored; a prediction
never has those types). A handful of IL-NER tags lack their prefix (``-NEO`` on आरबीआई,
``-NEL`` on भारत); they are read as ``B-``. Strict: same start, end and type. Overlap: same
type and at least one shared character, each gold span matched at most once. Every sentence
is its own document, since the gold is per sentence.

Demonyms: the gazetteer links भारतीय, अमेरिकी, … to their country (a LOC mention), because
the event stage needs them (रूसी विदेश मंत्री, भारतीय सेना), but a demonym is an adjective,
not a place name: IL-NER leaves it untagged (544 of its train split's 641 demonym tokens are
``O``; HiNER 444 of 693, most of the rest inside an ORG name), as CoNLL (MISC) and OntoNotes
(NORP) do. So the gazetteer and full-stage figures score the stage's mentions that are names,
those whose surface is not a demonym (``KnowledgeBase.demonym_country``); the line
``full, demonyms as LOC`` scores every mention as the warehouse stores it.

Errors of the full stage are broken down per gold type: ``boundary`` (a same-type prediction
overlaps but its edges differ), ``type`` (same span, other type), ``type+boundary``, ``miss``
(no prediction overlaps) and, per predicted type, ``spurious`` (overlaps no gold span).
``--sweep`` prints strict micro F1 against the model's confidence threshold; the shipped
threshold (``ner_model.THRESHOLD``) is the best of that sweep for the full stage.

Speed: tokens (IL-NER's) per second of ``extract_entities`` on one core (spaCy/BLAS threads
pinned to one), with consecutive sentences grouped into articles of ``--article-size`` so the
model sees the batches it sees in the pipeline. IL-NER dev is for evaluation and threshold
tuning only; it never reaches training.
"""

from __future__ import annotations

import os

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khabar.model import EntityMention, Span
from khabar.nlp.entities import EntityModel, extract_entities, load_knowledge_base
from khabar.nlp.ner_model import MODEL_DIR, load_entity_model

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "training"))
from convert_ner import (  # noqa: E402
    HINER_LABELS,
    ILNER_LABELS,
    bio_spans,
    char_entities,
    hiner_split,
    read_conll,
)

ILNER = REPO.parent / "shared" / "data" / "ner" / "ilner_hindi_dev.jsonl"
HINER = REPO.parent / "shared" / "data" / "ner" / "hiner_collapsed_validation.conll"
GOLD_TYPES = ILNER_LABELS
TYPES = ("PER", "LOC", "ORG")

Entity = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str
    gold: list[Entity]
    n_tokens: int


def char_spans(tokens: Sequence[str], tags: Sequence[str]) -> tuple[str, list[Entity]]:
    """Text as tokens joined by spaces, and the BIO entities as character spans."""
    return " ".join(tokens), bio_spans(tokens, tags, GOLD_TYPES)


def load_ilner(path: Path, limit: int | None) -> list[Sentence]:
    sentences: list[Sentence] = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            row = json.loads(line)
            text, gold = char_spans(row["tokens"], row["tags"])
            sentences.append(Sentence(text, gold, len(row["tokens"])))
            if limit and len(sentences) >= limit:
                break
    return sentences


def load_hiner_held_out(path: Path, limit: int | None) -> list[Sentence]:
    held_out, _ = hiner_split(list(read_conll(path)))
    sentences = []
    for sentence in held_out[:limit] if limit else held_out:
        text, gold = char_entities(sentence, HINER_LABELS)
        sentences.append(Sentence(text, gold, len(sentence)))
    return sentences


def score(gold: list[list[Entity]], pred: list[list[Entity]]) -> dict[str, dict[str, Any]]:
    """Per-type and micro P/R/F1, strict and overlap."""
    result: dict[str, dict[str, Any]] = {}
    for mode in ("strict", "overlap"):
        tp_p: Counter[str] = Counter()  # predictions that are right
        tp_g: Counter[str] = Counter()  # gold spans that were found
        n_p: Counter[str] = Counter()
        n_g: Counter[str] = Counter()
        for g_sent, p_sent in zip(gold, pred, strict=True):
            n_g.update(t for *_, t in g_sent)
            n_p.update(t for *_, t in p_sent)
            if mode == "strict":
                hits = set(g_sent) & set(p_sent)
                tp_p.update(t for *_, t in hits)
                tp_g.update(t for *_, t in hits)
                continue
            used: set[int] = set()
            for ps, pe, pt in p_sent:
                match = next(
                    (
                        i
                        for i, (gs, ge, gt) in enumerate(g_sent)
                        if i not in used and gt == pt and ps < ge and gs < pe
                    ),
                    None,
                )
                if match is not None:
                    used.add(match)
                    tp_p[pt] += 1
                    tp_g[pt] += 1
        rows: dict[str, Any] = {}
        for label in (*TYPES, "micro"):
            keys = TYPES if label == "micro" else (label,)
            tp = sum(tp_p[k] for k in keys)
            found = sum(tp_g[k] for k in keys)
            n_pred = sum(n_p[k] for k in keys)
            n_gold = sum(n_g[k] for k in keys)
            p = tp / n_pred if n_pred else 0.0
            r = found / n_gold if n_gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            rows[label] = {"p": p, "r": r, "f1": f, "pred": n_pred, "gold": n_gold}
        result[mode] = rows
    return result


def errors(gold: list[list[Entity]], pred: list[list[Entity]]) -> dict[str, Counter[str]]:
    """Counts of each error kind (see the module doc), keyed by kind, then by type."""
    kinds: dict[str, Counter[str]] = {
        k: Counter() for k in ("exact", "boundary", "type", "type+boundary", "miss", "spurious")
    }
    for g_sent, p_sent in zip(gold, pred, strict=True):
        for g in g_sent:
            near = [p for p in p_sent if p[0] < g[1] and g[0] < p[1]]
            if g in near:
                kind = "exact"
            elif not near:
                kind = "miss"
            elif any(p[:2] == g[:2] for p in near):
                kind = "type"
            elif any(p[2] == g[2] for p in near):
                kind = "boundary"
            else:
                kind = "type+boundary"
            kinds[kind][g[2]] += 1
        for p in p_sent:
            if not any(p[0] < g[1] and g[0] < p[1] for g in g_sent):
                kinds["spurious"][p[2]] += 1
    return kinds


def predict(
    sentences: Sequence[Sentence], system: Callable[[str], list[Entity]]
) -> list[list[Entity]]:
    return [system(s.text) for s in sentences]


def throughput(
    sentences: Sequence[Sentence], model: EntityModel | None, article_size: int, repeat: int
) -> float:
    """IL-NER tokens per second of the entity stage over articles of consecutive sentences."""
    kb = load_knowledge_base()
    articles: list[tuple[str, list[Span]]] = []
    for i in range(0, len(sentences), article_size):
        parts = [s.text for s in sentences[i : i + article_size]]
        spans, offset = [], 0
        for part in parts:
            spans.append(Span(offset, offset + len(part)))
            offset += len(part) + 1
        articles.append(("\n".join(parts), spans))
    n_tokens = sum(s.n_tokens for s in sentences)
    extract_entities(*articles[0], kb, model=model)  # warm-up: lazy loads, caches
    best = float("inf")
    for _ in range(repeat):
        began = time.perf_counter()
        for text, spans in articles:
            extract_entities(text, spans, kb, model=model)
        best = min(best, time.perf_counter() - began)
    return n_tokens / best


def _print(name: str, figures: dict[str, dict[str, Any]]) -> None:
    print(f"\n{name}")
    print(f"  {'type':6} {'strict P':>8} {'R':>6} {'F1':>6}   {'overlap P':>9} {'R':>6} {'F1':>6}")
    for label in (*TYPES, "micro"):
        s, o = figures["strict"][label], figures["overlap"][label]
        print(
            f"  {label:6} {s['p']:8.3f} {s['r']:6.3f} {s['f1']:6.3f}   "
            f"{o['p']:9.3f} {o['r']:6.3f} {o['f1']:6.3f}   (gold {s['gold']}, pred {s['pred']})"
        )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ILNER)
    parser.add_argument("--hiner", type=Path, default=HINER, help="HiNER collapsed CoNLL")
    parser.add_argument("--model", type=Path, default=MODEL_DIR)
    parser.add_argument("--limit", type=int, default=None, help="first N sentences only")
    parser.add_argument("--article-size", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=3, help="timing runs; the best counts")
    parser.add_argument("--json", type=Path, default=None, help="also write figures here")
    parser.add_argument(
        "--sweep", action="store_true", help="strict micro F1 against the confidence threshold"
    )
    args = parser.parse_args(argv)

    sentences = load_ilner(args.data, args.limit)
    kb = load_knowledge_base()
    model = load_entity_model(args.model)
    gold = [s.gold for s in sentences]

    def names(mentions: Sequence[EntityMention]) -> list[Entity]:
        """The stage's mentions that are names: a demonym (भारतीय) is linked to its country
        for the event stage but is an adjective, not a place name (see the module doc)."""
        return [(m.start, m.end, m.label) for m in mentions if not kb.demonym_country(m.surface)]

    def gazetteer(text: str) -> list[Entity]:
        return names(extract_entities(text, [], kb))

    systems: dict[str, Callable[[str], list[Entity]]] = {"gazetteer": gazetteer}
    if model is not None:
        bound = model

        def model_only(text: str) -> list[Entity]:
            return [(s, e, t) for s, e, t, _ in bound(text, [Span(0, len(text))])]

        def full(text: str) -> list[Entity]:
            return names(extract_entities(text, [], kb, bound))

        def full_with_demonyms(text: str) -> list[Entity]:
            return [(m.start, m.end, m.label) for m in extract_entities(text, [], kb, bound)]

        systems |= {"model": model_only, "full": full, "full, demonyms as LOC": full_with_demonyms}

    n_tokens = sum(s.n_tokens for s in sentences)
    print(f"IL-NER Hindi dev: {len(sentences)} sentences, {n_tokens} tokens, model {args.model}")
    report: dict[str, Any] = {"sentences": len(sentences), "tokens": n_tokens}
    for name, system in systems.items():
        figures = score(gold, predict(sentences, system))
        report[name] = figures
        _print(name, figures)
    if model is not None:
        kinds = errors(gold, predict(sentences, systems["full"]))
        report["full_errors"] = {k: dict(v) for k, v in kinds.items()}
        print("\nfull stage, errors by gold type (spurious: by predicted type)")
        print(f"  {'kind':14} " + " ".join(f"{t:>5}" for t in TYPES) + "   all")
        for kind, counts in kinds.items():
            cells = " ".join(f"{counts[t]:5d}" for t in TYPES)
            print(f"  {kind:14} {cells} {sum(counts.values()):5d}")
        print(f"\nmodel confidence threshold {model.threshold}")
        held_out = load_hiner_held_out(args.hiner, args.limit)
        n_held = sum(s.n_tokens for s in held_out)
        print(f"\nHiNER held out from training: {len(held_out)} sentences, {n_held} tokens")
        for name in ("model", "full"):
            figures = score([s.gold for s in held_out], predict(held_out, systems[name]))
            report[f"hiner_{name}"] = figures
            _print(f"HiNER held out, {name}", figures)
    if model is not None and args.sweep:
        # The model runs once with no threshold; each threshold filters its cached spans.
        shipped, sweep = model.threshold, {}
        model.threshold = 0.0
        cache: dict[tuple[str, tuple[Span, ...]], list[tuple[int, int, str, float]]] = {}
        cut = [0.0]

        def cached(text: str, spans: Sequence[Span]) -> list[tuple[int, int, str, float]]:
            key = (text, tuple(spans))
            if key not in cache:
                cache[key] = list(model(text, spans))
            return [m for m in cache[key] if m[3] >= cut[0]]

        def model_at(text: str) -> list[Entity]:
            return [(s, e, t) for s, e, t, _ in cached(text, [Span(0, len(text))])]

        def full_at(text: str) -> list[Entity]:
            return names(extract_entities(text, [], kb, cached))

        print("  threshold   model F1   full F1")
        for step in range(0, 20):
            cut[0] = step / 20
            f_model = score(gold, predict(sentences, model_at))["strict"]["micro"]["f1"]
            f_full = score(gold, predict(sentences, full_at))["strict"]["micro"]["f1"]
            sweep[str(cut[0])] = {"model": f_model, "full": f_full}
            print(f"  {cut[0]:9.2f} {f_model:10.3f} {f_full:9.3f}")
        model.threshold = shipped
        report["threshold_sweep"] = sweep
    speeds = {"gazetteer": throughput(sentences, None, args.article_size, args.repeat)}
    if model is not None:
        speeds["full"] = throughput(sentences, model, args.article_size, args.repeat)
    report["tokens_per_second"] = speeds
    print("\ntokens/s on one core: " + ", ".join(f"{k} {v:,.0f}" for k, v in speeds.items()))
    if args.json:
        args.json.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
