"""Event stage on unseen news (the event gold's dev split) beside the seeds, in one run.

    .venv/bin/python benchmarks/events.py [--split dev] [--khabar .venv/bin/khabar]

Dev: ``../shared/data/events/score.py`` runs ``khabar run`` on the split's articles in a
fresh warehouse and scores the ``events`` and ``event_mentions`` tables against the
hand-annotated gold (matching rules in its docstring). Seeds: the ``must_find_events`` of
``../shared/seeds/expected.yaml``, each exactly one row with its type, actors, articles,
date, location and recipient, checked by the same code as
``tests/unit/test_events_seeds.py`` (the stages and the merge, without Prefect). The
targets are issue 17's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SCORE = SHARED / "data" / "events" / "score.py"

# (label, how to read it from score.py's JSON, target, whether higher is better)
ROWS: list[tuple[str, Any, float | None, bool]] = [
    ("events precision", lambda r: r["events"]["precision"], 0.70, True),
    ("events recall", lambda r: r["events"]["recall"], None, True),
    ("events F1", lambda r: r["events"]["f1"], 0.65, True),
    ("mentions precision", lambda r: r["mentions"]["precision"], None, True),
    ("mentions recall", lambda r: r["mentions"]["recall"], None, True),
    ("mentions F1", lambda r: r["mentions"]["f1"], 0.55, True),
    ("multi-article events as one row", lambda r: r["multi_article"]["found_as_one_row"], 10, True),
    ("actor set exact", lambda r: r["actors"]["exact_participants"]["value"], 0.60, True),
    ("date equal", lambda r: r["date"]["equal"]["value"], 0.70, True),
    (
        "FP mentions per no-event article",
        lambda r: r["no_event_articles"]["mentions_per_article"],
        0.25,
        False,
    ),
    ("type accuracy", lambda r: r["type_accuracy"]["value"], None, True),
    ("status accuracy", lambda r: r["status_accuracy"]["value"], None, True),
]


def dev_scores(khabar: str, split: str) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="khabar-events-") as work:
        out = Path(work) / "score.json"
        subprocess.run(
            [
                sys.executable,
                str(SCORE),
                "--khabar",
                khabar,
                "--split",
                split,
                "--out",
                str(out),
                "--python",
                sys.executable,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
        result: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
        return result


def seed_scores() -> tuple[int, int, list[str]]:
    """How many expected seed events are exactly one right row, of how many; the misses."""
    sys.path.insert(0, str(ROOT))
    from tests.unit import test_events_seeds as seeds

    specs = seeds._expected_events()
    missed = []
    for spec in specs:
        try:
            seeds.test_expected_event_is_exactly_one_row(spec)
        except AssertionError:
            missed.append(spec["id"])
    return len(specs) - len(missed), len(specs), missed


def _cell(value: float) -> str:
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=["dev", "test"])
    parser.add_argument("--khabar", default=str(ROOT / ".venv" / "bin" / "khabar"))
    parser.add_argument("--json", help="also write the dev score JSON here")
    args = parser.parse_args()
    result = dev_scores(args.khabar, args.split)
    if args.json:
        Path(args.json).write_text(json.dumps(result, ensure_ascii=False, indent=1))
    found, total, missed = seed_scores()
    print(f"events on unseen news ({args.split} split, {result['n_articles']} articles, ", end="")
    print(f"{result['n_gold_events']} gold events) beside the seeds\n")
    print(f"| {'figure':34} | {'target':>7} | {args.split:>7} | met |")
    print(f"|{'-' * 36}|{'-' * 9}|{'-' * 9}|-----|")
    for label, read, target, higher in ROWS:
        value = read(result)
        if target is None:
            met = ""
        else:
            met = "yes" if (value >= target if higher else value <= target) else "no"
        shown = "" if target is None else ("≥ " if higher else "≤ ") + _cell(target)
        print(f"| {label:34} | {shown:>7} | {_cell(value):>7} | {met:3} |")
    print(
        f"| {'seeds: expected events, one row':34} | {'18/18':>7} | {found}/{total:<5} | ", end=""
    )
    print(f"{'yes' if found == total else 'no':3} |")
    if missed:
        print("seed events missed:", ", ".join(missed))
    print("\nper type (P / R / F1, gold):")
    for kind, figures in sorted(result["per_type"].items()):
        print(
            f"  {kind:10} {figures['precision']:.2f} / {figures['recall']:.2f} / "
            f"{figures['f1']:.2f}  ({figures['gold']})"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
