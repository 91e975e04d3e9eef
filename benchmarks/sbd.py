"""Full stops: khabar's sentence segmenter beside pySBD on hand-labelled "." occurrences.

    .venv/bin/python benchmarks/sbd.py

``benchmarks/sbd_dev.csv`` lists "." occurrences, each by its document and character offset
(the texts stay where they are and are read at run time), each read and labelled by hand:
``boundary`` when a sentence ends right after that "." (closing quotes and brackets go with
it), ``none`` otherwise, with a kind (sentence-end, dateline, ellipsis, number, list-number,
initial, abbreviation, url).

- dev (338, the rule was written looking at them): the 36 event dev articles
  (``../shared/data/events/dev``), the seeds (``seeds/articles``), UD Hindi-PUD and IL-NER
  Hindi dev (its texts written as prose; where IL-NER puts a space before a "." the text is
  tokenised, so those are left out).
- held out (145, labelled after the rule was written): a random sample of the "." inside
  HiNER validation units (BBC Hindi, which ends sentences with "."). HiNER is tokenised, so
  its text is rebuilt: tokens joined by spaces, a "." token attached to the word before it
  (``_hiner_text``); offsets refer to that text. Decimals split by the tokeniser ("0 .1") were
  left out of the sample. One change was made after labelling it: "पर" (also "but") was taken
  out of the postpositions that never start a sentence (3 misses).

Both segmenters split each whole document; a "." counts as a predicted boundary when a
sentence span ends right after it or after the quotes and brackets that follow it. Printed
for each set: precision and recall of both classes, the share of initials and abbreviations
kept whole (no split), errors by kind; then boundary precision/recall over all gold sentence
ends of UD Hindi-PUD (every terminator, not only "."). pySBD runs with ``language="hi"``
(whose rules split at "." only before a line break) and, as a second baseline, with
``language="en"`` (English "." rules and abbreviations).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pysbd

from khabar.text.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
DEV_SET = ROOT / "benchmarks" / "sbd_dev.csv"
PUD = SHARED / "data" / "sbd" / "ud_pud_hi.docs.jsonl"
ILNER = SHARED / "data" / "ner" / "ilner_hindi_dev.jsonl"
HINER = SHARED / "data" / "ner" / "hiner_collapsed_validation.conll"
HELD_OUT = ("hiner-val",)
_AFTER_DOT = re.compile("[\"'”’)\\]»।॥?!]*")


@dataclass(frozen=True)
class Item:
    source: str
    doc: str
    offset: int
    boundary: bool
    kind: str


def _documents() -> dict[tuple[str, str], str]:
    docs: dict[tuple[str, str], str] = {}
    for path in sorted((SHARED / "data" / "events" / "dev").glob("*.txt")):
        docs["events-dev", path.name] = path.read_text(encoding="utf-8")
    for path in sorted((ROOT / "seeds" / "articles").glob("*.txt")):
        docs["seeds", path.name] = path.read_text(encoding="utf-8")
    for line in PUD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        docs["ud-pud", doc["id"]] = doc["text"]
    for line in ILNER.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        docs["ilner-dev", doc["id"]] = doc["text"]
    for index, tokens in enumerate(_hiner_units()):
        docs["hiner-val", str(index)] = _hiner_text(tokens)
    return docs


def _hiner_units() -> list[list[str]]:
    units: list[list[str]] = []
    current: list[str] = []
    for line in HINER.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            if current:
                units.append(current)
                current = []
            continue
        current.append(line.split("\t")[0])
    if current:
        units.append(current)
    return units


def _hiner_text(tokens: list[str]) -> str:
    """Tokens joined by spaces, a "." attached to the word before it ("है .ये" and
    "है . ये" become "है. ये")."""
    text = " ".join(tokens)
    text = re.sub(r" \.(?=[^\s.])", ". ", text)
    return re.sub(r" \.(?=\s|$)", ".", text)


def _items() -> list[Item]:
    with DEV_SET.open(encoding="utf-8", newline="") as handle:
        return [
            Item(r["source"], r["doc"], int(r["offset"]), r["label"] == "boundary", r["kind"])
            for r in csv.DictReader(handle)
        ]


def _khabar_ends(text: str) -> set[int]:
    return {span.end for span in segment(text)}


def _pysbd_ends(text: str, language: str = "hi") -> set[int]:
    """pySBD's sentences located in the text in order, trailing spaces trimmed."""
    segmenter = pysbd.Segmenter(language=language, clean=False)
    ends: set[int] = set()
    position = 0
    for sentence in segmenter.segment(text):
        stripped = sentence.strip()
        if not stripped:
            continue
        start = text.find(stripped, position)
        if start < 0:
            continue
        position = start + len(stripped)
        ends.add(position)
    return ends


def _split_after(text: str, offset: int, ends: set[int]) -> bool:
    run_end = _AFTER_DOT.match(text, offset + 1)
    last = run_end.end() if run_end else offset + 1
    return any(end in ends for end in range(offset + 1, last + 1))


def _ratio(hits: int, total: int) -> str:
    return f"{hits / total:.3f} ({hits}/{total})" if total else "n/a"


def _score(
    name: str,
    split: Callable[[str], set[int]],
    items: list[Item],
    docs: dict[tuple[str, str], str],
) -> dict[str, str]:
    ends_by_doc: dict[tuple[str, str], set[int]] = {}
    predicted: list[bool] = []
    for item in items:
        key = (item.source, item.doc)
        text = docs[key]
        if text[item.offset] != ".":
            raise SystemExit(f"{key} offset {item.offset} is {text[item.offset]!r}, not '.'")
        if key not in ends_by_doc:
            ends_by_doc[key] = split(text)
        predicted.append(_split_after(text, item.offset, ends_by_doc[key]))
    pairs = list(zip(items, predicted, strict=True))
    row = {"segmenter": name}
    for label, cls in ((True, "boundary"), (False, "none")):
        tp = sum(1 for item, p in pairs if item.boundary == label and p == label)
        row[f"{cls} P"] = _ratio(tp, sum(1 for _, p in pairs if p == label))
        row[f"{cls} R"] = _ratio(tp, sum(1 for item, _ in pairs if item.boundary == label))
    abbr = [(i, p) for i, p in pairs if i.kind in ("initial", "abbreviation")]
    row["initials/abbr no-split"] = _ratio(sum(1 for _, p in abbr if not p), len(abbr))
    errors = Counter(
        f"{i.kind}:{'missed' if i.boundary else 'split'}" for i, p in pairs if p != i.boundary
    )
    row["errors"] = ", ".join(f"{k} {v}" for k, v in sorted(errors.items())) or "none"
    return row


def _pud_boundaries(split: Callable[[str], set[int]]) -> tuple[str, str]:
    hits = total = found_total = 0
    for line in PUD.read_text(encoding="utf-8").splitlines():
        doc = json.loads(line)
        text = doc["text"]
        gold: set[int] = set()
        position = 0
        for sentence in doc["gold_sentences"]:
            start = text.index(sentence, position)
            position = start + len(sentence)
            gold.add(position)
        found = split(text)
        hits += len(found & gold)
        total += len(gold)
        found_total += len(found)
    return _ratio(hits, found_total), _ratio(hits, total)


def main() -> None:
    argparse.ArgumentParser(description=__doc__.splitlines()[0]).parse_args()
    items = _items()
    docs = _documents()
    splits = {
        "dev": [i for i in items if i.source not in HELD_OUT],
        "held out": [i for i in items if i.source in HELD_OUT],
    }
    segmenters: tuple[tuple[str, Callable[[str], set[int]]], ...] = (
        ("khabar", _khabar_ends),
        ("pySBD hi", _pysbd_ends),
        ("pySBD en", lambda text: _pysbd_ends(text, "en")),
    )
    for split_name, chosen in splits.items():
        kinds = Counter(f"{i.kind}/{'boundary' if i.boundary else 'none'}" for i in chosen)
        sources = Counter(i.source for i in chosen)
        print(f'== {split_name}: {len(chosen)} "." occurrences, {dict(sorted(sources.items()))}')
        print(f"   by kind: {dict(sorted(kinds.items()))}")
        rows = [_score(name, split, chosen, docs) for name, split in segmenters]
        _print_rows(rows)
    print("== UD-PUD, every gold sentence end")
    pud = []
    for name, split in segmenters:
        precision, recall = _pud_boundaries(split)
        pud.append({"segmenter": name, "boundary P": precision, "boundary R": recall})
    _print_rows(pud)


def _print_rows(rows: list[dict[str, str]]) -> None:
    for key in rows[0]:
        print(f"   {key:<24}" + "".join(f" {row[key]:<22}" for row in rows))
    print()


if __name__ == "__main__":
    main()
