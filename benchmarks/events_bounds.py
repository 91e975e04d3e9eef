"""What a clause-level event reader can reach on the event gold (issue 17's open targets).

    .venv/bin/python benchmarks/events_bounds.py [--split dev] [--warehouse DIR]

Two counts from ``../shared/data/events/<split>/gold.json`` alone: the multi-article gold
events whose every article has a gold mention carrying a trigger of the event's type from
``seeds/event_triggers.csv`` (an article without one cannot join the row), and the gold
events whose every participant (its canonical name or a Hindi alias of the gold) is
written in one of its mention sentences. With ``--warehouse`` (a scored warehouse, e.g.
score.py's ``--workdir``), also how many matched events are of the second kind.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = ROOT.parent / "shared" / "data" / "events"
sys.path.insert(0, str(ROOT / "src"))

from khabar.nlp.events import Trigger, _tokens_of, load_triggers  # noqa: E402


def _cues(sentence: str, event_type: str, triggers: dict[str, tuple[Trigger, ...]]) -> bool:
    toks = [t.lower() for t in _tokens_of(sentence)]
    for i, tok in enumerate(toks):
        for entry in triggers.get(tok, ()):
            n = len(entry.phrase)
            if entry.type == event_type and tuple(toks[i : i + n]) == tuple(entry.phrase):
                return True
    return False


def _written(name: str, sentences: list[str], aliases: dict[str, list[str]]) -> bool:
    return any(k and k in s for k in {name, *aliases.get(name, [])} for s in sentences)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", default="dev")
    parser.add_argument("--warehouse", type=Path)
    args = parser.parse_args()
    gold = json.loads((EVENTS / args.split / "gold.json").read_text(encoding="utf-8"))
    triggers = load_triggers()
    multi = [e for e in gold["events"] if len(e["articles"]) > 1]
    cued = [
        e
        for e in multi
        if all(
            any(
                _cues(m["sentence"], e["type"], triggers)
                for m in e["mentions"]
                if m["article"] == a
            )
            for a in e["articles"]
        )
    ]
    print(f"multi-article gold events with a trigger in every article: {len(cued)} of {len(multi)}")
    for e in multi:
        if e not in cued:
            print(f"  no trigger in some article: {e['id']}")
    unwritten = {
        e["id"]
        for e in gold["events"]
        if not all(
            _written(p, [m["sentence"] for m in e["mentions"]], gold["aliases"])
            for p in {*e["actors"], *e["recipients"]}
        )
    }
    n = len(gold["events"])
    print(f"gold events with a participant in none of their sentences: {len(unwritten)} of {n}")
    if args.warehouse:
        sys.path.insert(0, str(EVENTS))
        import score  # the gold's own scorer: its matching decides what is matched

        data = score.export_warehouse(str(args.warehouse), sys.executable)
        _, pev, _, _ = score.prepare(gold, data)
        pairs, _ = score.assign(pev, gold["events"], score.Resolver(gold, data), need_type=True)
        hit = sum(1 for gi in pairs if gold["events"][gi]["id"] in unwritten)
        print(f"matched events: {len(pairs)}, of them with such a participant: {hit}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
