"""Date stage against Hindi TimeBank and Recognizers-Text, beside dateparser, in one run.

    .venv/bin/python benchmarks/dates.py [--limit-docs N] [--limit-cases N]

Hindi TimeBank (no document dates): span precision/recall/F1, strict (same offsets) and
overlap, by TIMEX type. A gold span of type T counts as found when any predicted span matches
it (recall of T); a predicted span of type T is correct when it matches any gold span
(precision of T): the columns measure detection, type accuracy is printed apart.
Recognizers-Text (date and date-range cases with a reference time): value accuracy, with the
reference time as document date; a case is right when a prediction overlapping the gold text
has the gold TIMEX value or the gold resolved date(s) (a range end may be inclusive or
exclusive, Recognizers writes it exclusive). dateparser has no ranges: its date counts when
it equals the gold date or the range start. Both tools see each sentence alone, so the
sentences/s figures compare like with like.

Two more columns are labelled apart, never mixed into the main figures:
- TimeBank "gold docs": only the documents with at least one gold TIMEX (264 of the 1,000
  have none, though they hold dates); the honest figure is the full one.
- Recognizers "khabar conventions": also counts a value right where khabar follows a
  convention on purpose: numeric dates day first (Indian "3-7-2017" is 3 July, Recognizers
  reads 7 March); a range ending in a year or month includes it ("2014 से 2018 तक" runs to
  the end of 2018, Recognizers stops at its start); a relative day in a sentence with no verb
  looks back (news reports; Recognizers reads a bare "परसों" forward).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import warnings
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from khabar.model import Span
from khabar.nlp.dates import extract_dates
from khabar.nlp.tense import sentence_tense
from khabar.text.segment import segment

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
TIMEBANK = SHARED / "data/temporal/hindi_timebank/hindi_timebank.jsonl"
RECOGNIZERS = SHARED / "data/temporal/recognizers_text_hi_datetime.jsonl"
TYPES = ("DATE", "TIME", "DURATION", "SET")
PRIMARY_SPECS = ("DateParser", "DatePeriodParser")
MODEL_SPECS = ("DateTimeModel", "MergedParser")


@dataclass(frozen=True)
class Pred:
    start: int
    end: int
    type: str
    start_date: date | None
    end_date: date | None
    value: str | None


def khabar_sentence(sentence: str, doc: date | None) -> list[Pred]:
    return [
        Pred(m.start, m.end, m.type, m.start_date, m.end_date, m.value)
        for m in extract_dates(sentence, [Span(0, len(sentence))], doc)
    ]


def dateparser_sentence(sentence: str, doc: date | None) -> list[Pred]:
    from dateparser.search import search_dates

    settings: dict[str, Any] = {}
    if doc is not None:
        settings["RELATIVE_BASE"] = datetime(doc.year, doc.month, doc.day)
    try:
        found = search_dates(sentence, languages=["hi", "en"], settings=settings) or []
    except Exception:  # dateparser raises on some inputs; count as nothing found
        found = []
    out: list[Pred] = []
    cursor = 0
    for surface, dt in found:
        i = sentence.find(surface, cursor)
        if i < 0:
            i = sentence.find(surface)
        if i < 0:
            continue
        cursor = i + len(surface)
        out.append(Pred(i, i + len(surface), "DATE", dt.date(), dt.date(), None))
    return out


Tool = Callable[[str, date | None], list[Pred]]
TOOLS: dict[str, Tool] = {"khabar": khabar_sentence, "dateparser": dateparser_sentence}


# ------------------------------------------------------------------------------------------
# Hindi TimeBank


def timebank_docs(limit: int | None) -> Iterator[dict[str, Any]]:
    with TIMEBANK.open(encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if limit is not None and i >= limit:
                return
            yield json.loads(line)


def run_timebank(limit: int | None) -> tuple[dict[str, dict[str, Any]], int]:
    docs = list(timebank_docs(limit))
    jobs: list[tuple[str, int, str]] = []  # (doc id, offset, sentence)
    gold: dict[str, list[tuple[int, int, str]]] = {}
    for doc in docs:
        text = doc["text"]
        gold[doc["doc_id"]] = [(t["start"], t["end"], t["class_norm"]) for t in doc["timexes"]]
        for s in segment(text):
            jobs.append((doc["doc_id"], s.start, text[s.start : s.end]))
    results: dict[str, dict[str, Any]] = {}
    for name, tool in TOOLS.items():
        preds: dict[str, list[tuple[int, int, str]]] = {d: [] for d in gold}
        t0 = time.perf_counter()
        for doc_id, offset, sentence in jobs:
            for p in tool(sentence, None):
                preds[doc_id].append((offset + p.start, offset + p.end, p.type))
        elapsed = time.perf_counter() - t0
        annotated = {d: g for d, g in gold.items() if g}
        results[name] = {
            "scores": score_spans(gold, preds),
            "annotated": score_spans(annotated, preds),
            "seconds": elapsed,
            "unmatched": unmatched_dates(docs, gold, preds),
        }
    return results, len(jobs)


def unmatched_dates(
    docs: list[dict[str, Any]],
    gold: dict[str, list[tuple[int, int, str]]],
    preds: dict[str, list[tuple[int, int, str]]],
) -> dict[str, Any]:
    """The predicted DATE spans no gold span overlaps (DATE precision's errors), and how
    many of them read exactly as a span TimeBank annotates elsewhere: a measure of how
    much of the "error" is annotation left out rather than a wrong detection."""
    text = {doc["doc_id"]: doc["text"] for doc in docs}
    gold_surfaces = Counter(text[d][s:e] for d, spans in gold.items() for s, e, _ in spans)
    unmatched: Counter[str] = Counter()
    for doc_id, ps in preds.items():
        for p in ps:
            if p[2] == "DATE" and not any(_overlap(g, p) for g in gold[doc_id]):
                unmatched[text[doc_id][p[0] : p[1]]] += 1
    annotated_elsewhere = sum(n for surface, n in unmatched.items() if gold_surfaces[surface])
    common = [(surface, n, gold_surfaces[surface]) for surface, n in unmatched.most_common(8)]
    return {"n": sum(unmatched.values()), "elsewhere": annotated_elsewhere, "common": common}


def score_spans(
    gold: dict[str, list[tuple[int, int, str]]], preds: dict[str, list[tuple[int, int, str]]]
) -> dict[str, Any]:
    counts: Counter[tuple[str, str, str]] = Counter()  # (mode, type, tp_gold|n_gold|...)
    typed = Counter[str]()
    for doc_id, gs in gold.items():
        ps = preds[doc_id]
        for mode in ("strict", "overlap"):
            match = _strict if mode == "strict" else _overlap
            for g in gs:
                hit = [p for p in ps if match(g, p)]
                for t in (g[2], "ALL"):
                    counts[(mode, t, "gold")] += 1
                    counts[(mode, t, "found")] += bool(hit)
                if mode == "overlap" and hit:
                    typed["matched"] += 1
                    typed["same_type"] += any(p[2] == g[2] for p in hit)
            for p in ps:
                ok = any(match(g, p) for g in gs)
                for t in (p[2], "ALL"):
                    counts[(mode, t, "pred")] += 1
                    counts[(mode, t, "correct")] += ok
    table: dict[str, Any] = {}
    for mode in ("strict", "overlap"):
        for t in (*TYPES, "ALL"):
            n_pred, n_gold = counts[(mode, t, "pred")], counts[(mode, t, "gold")]
            p = counts[(mode, t, "correct")] / n_pred if n_pred else 0.0
            r = counts[(mode, t, "found")] / n_gold if n_gold else 0.0
            f = 2 * p * r / (p + r) if p + r else 0.0
            table[f"{mode}/{t}"] = (p, r, f, n_pred, n_gold)
    table["type_accuracy"] = typed["same_type"] / typed["matched"] if typed["matched"] else 0.0
    return table


def _strict(g: tuple[int, int, str], p: tuple[int, int, str]) -> bool:
    return g[0] == p[0] and g[1] == p[1]


def _overlap(g: tuple[int, int, str], p: tuple[int, int, str]) -> bool:
    return p[0] < g[1] and g[0] < p[1]


# ------------------------------------------------------------------------------------------
# Recognizers-Text


@dataclass(frozen=True)
class Case:
    group: str
    text: str
    reference: date
    start: int
    end: int
    timex: str
    dates: frozenset[date]
    ranges: frozenset[tuple[date | None, date | None]]


def _d(s: Any) -> date | None:
    if not isinstance(s, str) or s.startswith("0001"):
        return None
    try:
        return date.fromisoformat(s[:10])
    except ValueError:
        return None


def recognizer_cases(limit: int | None) -> list[Case]:
    cases: list[Case] = []
    with RECOGNIZERS.open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            ref = row.get("reference_datetime")
            if not ref:
                continue
            group = "parser" if row["spec"] in PRIMARY_SPECS else "model"
            if row["spec"] not in PRIMARY_SPECS + MODEL_SPECS:
                continue
            for res in row.get("results") or []:
                kind = (res.get("Type") or res.get("TypeName") or "").removeprefix("datetimeV2.")
                if kind not in ("date", "daterange"):
                    continue
                text = row["input"]
                start = text.find(res["Text"].strip())
                if start < 0:
                    continue
                value = res.get("Value") or res.get("Resolution") or {}
                dates: set[date] = set()
                ranges: set[tuple[date | None, date | None]] = set()
                timex = ""
                if "values" in value:
                    for v in value["values"]:
                        timex = v.get("timex", "")
                        if "value" in v and (d := _d(v["value"])):
                            dates.add(d)
                        if "start" in v or "end" in v:
                            ranges.add((_d(v.get("start")), _d(v.get("end"))))
                else:
                    timex = value.get("Timex", "")
                    for key in ("FutureResolution", "PastResolution"):
                        r = value.get(key) or {}
                        if d := _d(r.get("date")):
                            dates.add(d)
                        if "startDate" in r or "endDate" in r:
                            ranges.add((_d(r.get("startDate")), _d(r.get("endDate"))))
                cases.append(
                    Case(group, text, date.fromisoformat(ref[:10]), start,
                         start + len(res["Text"].strip()), timex, frozenset(dates),
                         frozenset(ranges))
                )  # fmt: skip
    return cases[:limit] if limit else cases


def _normal_timex(timex: str) -> str:
    """Recognizers writes ranges as (start,end,duration), khabar start/end; Recognizers
    writes a season of no particular year "SU", khabar (like TIMEX3) "XXXX-SU"."""
    if timex.startswith("(") and timex.count(",") == 2:
        a, b, _ = timex[1:-1].split(",")
        return f"{a}/{b}"
    if timex in ("SP", "SU", "FA", "WI"):
        return f"XXXX-{timex}"
    return timex


def _range_end_start(value: str | None) -> date | None:
    """First day of the last part of a khabar range ("2014/2018" -> 2018-01-01)."""
    if not value or "/" not in value:
        return None
    last = value.rsplit("/", 1)[1]
    parts = last.split("-")
    if not all(x.isdigit() for x in parts) or len(parts) > 2:
        return None
    return date(int(parts[0]), int(parts[1]) if len(parts) == 2 else 1, 1)


def _convention_dates(case: Case, p: Pred) -> set[date]:
    """The other readings of ``p`` under the conventions khabar keeps on purpose."""
    out: set[date] = set()
    d = p.start_date
    if d is None or d != p.end_date:
        return out
    surface = case.text[p.start : p.end]
    if surface[:1].isdigit() and d.day <= 12:  # numeric day-month read month-day
        out.add(date(d.year, d.day, d.month))
    if sentence_tense(case.text) is None:  # no verb: forward instead of back
        out.add(case.reference + (case.reference - d))
    return out


def case_correct(case: Case, preds: list[Pred], conventions: bool = False) -> bool:
    for p in preds:
        if not (p.start < case.end and case.start < p.end):
            continue
        if p.value and case.timex and p.value == _normal_timex(case.timex):
            return True
        if p.start_date is not None and p.start_date == p.end_date and p.start_date in case.dates:
            return True
        if conventions and _convention_dates(case, p) & case.dates:
            return True
        for first, last in case.ranges:
            if first is not None and p.start_date != first:
                continue
            if first is None and last is None:
                continue
            ends = {last, last - timedelta(days=1)} if last is not None else set()
            if conventions and last is not None and _range_end_start(p.value) == last:
                ends.add(p.end_date)
            if last is not None and p.end_date not in ends:
                continue
            return True
    return False


def dateparser_correct(case: Case, preds: list[Pred]) -> bool:
    starts = set(case.dates) | {r[0] for r in case.ranges if r[0] is not None}
    return any(p.start < case.end and case.start < p.end and p.start_date in starts for p in preds)


def run_recognizers(limit: int | None) -> dict[str, dict[str, Any]]:
    cases = recognizer_cases(limit)
    out: dict[str, dict[str, Any]] = {}
    for name, tool in TOOLS.items():
        right: Counter[str] = Counter()
        total: Counter[str] = Counter()
        failures: list[Case] = []
        cache: dict[tuple[str, date], list[Pred]] = {}
        for case in cases:
            key = (case.text, case.reference)
            if key not in cache:
                cache[key] = tool(case.text, case.reference)
            judge = case_correct if name == "khabar" else dateparser_correct
            ok = judge(case, cache[key])
            conv = case_correct(case, cache[key], conventions=True) if name == "khabar" else ok
            for g in (case.group, "all"):
                total[g] += 1
                right[g] += ok
                right[g + "+conv"] += conv
            if not ok and case.group == "parser":
                failures.append(case)
        out[name] = {"right": right, "total": total, "failures": failures}
    return out


# ------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit-docs", type=int, default=None, help="TimeBank documents to use")
    ap.add_argument("--limit-cases", type=int, default=None, help="Recognizers cases to use")
    ap.add_argument("--show-failures", type=int, default=0, help="khabar misses to print")
    args = ap.parse_args(argv)
    warnings.filterwarnings("ignore")
    extract_dates("warm-up 21 अगस्त", [Span(0, 16)], None)  # build the regexes outside timing

    tb, n_sentences = run_timebank(args.limit_docs)
    print(f"Hindi TimeBank: {n_sentences} sentences (span P / R / F1, predicted / gold)")
    print(f"{'tool':<11}{'match':<9}{'type':<10}{'P':>7}{'R':>7}{'F1':>7}{'pred':>7}{'gold':>7}")
    for name, res in tb.items():
        for mode in ("strict", "overlap"):
            for t in (*TYPES, "ALL"):
                p, r, f, n_pred, n_gold = res["scores"][f"{mode}/{t}"]
                print(f"{name:<11}{mode:<9}{t:<10}{p:7.3f}{r:7.3f}{f:7.3f}{n_pred:7d}{n_gold:7d}")
        print(
            f"{name:<11}type accuracy of overlapping matches: {res['scores']['type_accuracy']:.3f}"
        )
    print("Only documents with at least one gold TIMEX (not the target figure; overlap):")
    for name, res in tb.items():
        for t in ("DATE", "ALL"):
            p, r, f, n_pred, n_gold = res["annotated"][f"overlap/{t}"]
            print(f"{name:<11}{'overlap':<9}{t:<10}{p:7.3f}{r:7.3f}{f:7.3f}{n_pred:7d}{n_gold:7d}")
    print("Predicted DATE spans that overlap no gold span, and how many read exactly as a span")
    print("TimeBank annotates elsewhere (annotation left out, not a wrong detection):")
    for name, res in tb.items():
        un = res["unmatched"]
        share = un["elsewhere"] / un["n"] if un["n"] else 0.0
        print(
            f"{name:<11}{un['n']:5d} unmatched, {un['elsewhere']:5d} ({share:.0%}) annotated"
            " elsewhere"
        )
    common = ", ".join(f"{s} {n} (gold {g})" for s, n, g in tb["khabar"]["unmatched"]["common"])
    print(f"  khabar's most frequent: {common}")
    print()

    rec = run_recognizers(args.limit_cases)
    print("Recognizers-Text date/daterange cases with a reference time: value accuracy")
    print(f"{'tool':<11}{'DateParser+DatePeriodParser':>30}{'DateTimeModel+Merged':>24}{'all':>20}")
    for name, res in rec.items():
        cells = []
        for g in ("parser", "model", "all"):
            n = res["total"][g]
            cells.append(f"{res['right'][g] / n if n else 0:.3f} ({res['right'][g]}/{n})")
        print(f"{name:<11}{cells[0]:>30}{cells[1]:>24}{cells[2]:>20}")
    res = rec["khabar"]
    cells = []
    for g in ("parser", "model", "all"):
        n = res["total"][g]
        k = res["right"][g + "+conv"]
        cells.append(f"{k / n if n else 0:.3f} ({k}/{n})")
    print(f"{'khabar*':<11}{cells[0]:>30}{cells[1]:>24}{cells[2]:>20}")
    print("* also right where khabar keeps its conventions (day-month order, inclusive range")
    print("  ends, bare relative days look back); see the module docstring")
    print()

    k, dp = tb["khabar"]["seconds"], tb["dateparser"]["seconds"]
    print(f"Speed on the {n_sentences} TimeBank sentences, one sentence per call:")
    print(f"  khabar     {n_sentences / k:10.0f} sentences/s")
    print(f"  dateparser {n_sentences / dp:10.0f} sentences/s")
    print(f"  khabar is {dp / k:.1f}x faster")
    for case in rec["khabar"]["failures"][: args.show_failures]:
        preds = khabar_sentence(case.text, case.reference)
        got = [(case.text[p.start : p.end], p.value, p.start_date, p.end_date) for p in preds]
        print(
            "MISS",
            case.reference,
            case.text,
            "|",
            case.text[case.start : case.end],
            case.timex,
            got,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
