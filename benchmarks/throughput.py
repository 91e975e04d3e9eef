"""Pipeline throughput: per stage and end to end, for corpora of news-sized Hindi articles.

    .venv/bin/python benchmarks/throughput.py [--n 100 1000 10000] [--seed 7] [--out PATH]

For each N it builds (once, deterministically from ``--seed``) a corpus of N distinct
articles under ``benchmarks/_corpus/n<N>/`` with an ``articles.csv`` beside the files
(columns file, published_date, source, as in ``seeds/articles.csv``). Each article is about
3,000 characters: a headline and paragraphs of consecutive sentences drawn from Hindi
TimeBank documents (``../shared/data/temporal/hindi_timebank``), now and then a paragraph of
the seed articles; the draw differs per article, so texts and content hashes differ.

Then, each N in a child process of its own (so peak RSS is that N's):

- per stage, the khabar functions the flow chains (``runner.plan``, the batch functions of
  ``khabar.stages``, ``runner.add_rows/stage_added/audit/finish``) called directly on one
  thread: one core;
- end to end, the real Prefect flow ``flows.pipeline.news_pipeline`` on a fresh warehouse,
  timed around the flow call after a warm-up run on a tiny corpus has started Prefect's
  ephemeral API (its start-up is not counted);
- incremental reruns of the flow with no new file and with one new file;
- an I/O-only floor in the same process: read the same files and write the same number of
  rows per table to a fresh DuckDB file;
- peak RSS: ``ru_maxrss`` of the per-stage process; for the flow runs, the summed RSS of
  the flow's process and its worker processes (``--runner processes``, the default, runs the
  language stages in ``--workers`` processes), sampled from /proc.

It prints a table and writes it, with the machine it ran on, to ``benchmarks/results.md``,
above the run history kept there (everything from ``HISTORY_MARKER`` on).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import re
import resource
import shutil
import subprocess
import sys
import threading
import time
import unicodedata
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # flows/ is a top-level package of the checkout
    sys.path.insert(0, str(ROOT))
SHARED = ROOT.parent / "shared"
TIMEBANK = SHARED / "data/temporal/hindi_timebank/hindi_timebank.jsonl"
SEEDS = ROOT / "seeds" / "articles"
CORPUS = ROOT / "benchmarks" / "_corpus"
RESULTS = ROOT / "benchmarks" / "results.md"
TARGET_CHARS = 3_000
DEFAULT_NS = (100, 1_000, 10_000)


# --- corpus ------------------------------------------------------------------------------


def _detokenize(text: str) -> str:
    """TimeBank text is space-tokenised ("शाखा ( EoW ) ने ... थी ."): make it read like news.

    It is also NFC-normalised, as web text is: 66 TimeBank documents hold precomposed nukta
    letters (U+0958-U+095F), which NFC decomposes, so cleaning makes them longer and the
    articles suite's ``n_removed_chars >= 0`` check fails the whole run."""
    text = unicodedata.normalize("NFC", text)
    text = re.sub(r"\s+\.(\s|$)", "।\\1", text)
    text = re.sub(r"\s+([,;:?!)])", r"\1", text)
    text = re.sub(r"\(\s+", "(", text)
    return re.sub(r"\s{2,}", " ", text).strip()


def _sources() -> tuple[list[list[str]], list[str]]:
    """Sentences of each TimeBank document, and the paragraphs of the seed articles."""
    docs: list[list[str]] = []
    with TIMEBANK.open(encoding="utf-8") as fh:
        for line in fh:
            text = _detokenize(json.loads(line)["text"])
            sentences = [s.strip() + "।" for s in text.split("।") if len(s.strip()) > 20]
            if sentences:
                docs.append(sentences)
    paragraphs = [
        p.strip()
        for path in sorted(SEEDS.glob("*.txt"))
        for p in path.read_text(encoding="utf-8").split("\n\n")
        if len(p.strip()) > 80
    ]
    return docs, paragraphs


def _article(rng: random.Random, docs: list[list[str]], paragraphs: list[str]) -> str:
    headline = rng.choice(rng.choice(docs)).rstrip("।")
    parts = [headline]
    size = len(headline)
    while size < TARGET_CHARS - 300:  # the last paragraph overshoots by ~300 on average
        if rng.random() < 0.15:
            para = rng.choice(paragraphs)
        else:
            sentences = rng.choice(docs)
            start = rng.randrange(len(sentences))
            para = " ".join(sentences[start : start + rng.randint(2, 5)])
        parts.append(para)
        size += len(para) + 2
    return "\n\n".join(parts) + "\n"


def build_corpus(n: int, seed: int) -> Path:
    """``_corpus/n<N>/``: N distinct articles and their articles.csv; reused when complete."""
    target = CORPUS / f"n{n}"
    stamp = target / ".complete"
    if stamp.is_file() and stamp.read_text() == f"{n} {seed}\n":
        return target
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    docs, paragraphs = _sources()
    rng = random.Random(seed)
    seen: set[str] = set()
    rows = []
    first = date(2015, 1, 1)
    for i in range(n):
        text = _article(rng, docs, paragraphs)
        while text in seen:  # distinct texts, so distinct content hashes
            text = _article(rng, docs, paragraphs)
        seen.add(text)
        name = f"{i:05d}.txt"
        (target / name).write_text(text, encoding="utf-8")
        published = first + timedelta(days=rng.randrange(11 * 365))
        rows.append({"file": name, "published_date": published.isoformat(), "source": "bench"})
    with (target / "articles.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "published_date", "source"])
        writer.writeheader()
        writer.writerows(rows)
    stamp.write_text(f"{n} {seed}\n")
    return target


def extra_article(seed: int, existing: Path) -> str:
    """One more article, different from every one in ``existing``."""
    docs, paragraphs = _sources()
    rng = random.Random(f"extra-{seed}")
    texts = {p.read_text(encoding="utf-8") for p in existing.glob("*.txt")}
    text = _article(rng, docs, paragraphs)
    while text in texts:
        text = _article(rng, docs, paragraphs)
    return text


# --- measurement -------------------------------------------------------------------------


def _timed(fn: Callable[[], Any]) -> tuple[Any, float]:
    started = time.perf_counter()
    value = fn()
    return value, time.perf_counter() - started


def _fresh(path: Path) -> Path:
    if path.exists():
        shutil.rmtree(path)
    path.mkdir(parents=True)
    return path


def measure_stages(corpus: Path, warehouse: Path, seed: int) -> dict[str, Any]:
    """Every stage on one thread, timed apart, over the whole corpus."""
    import dataclasses

    from khabar import batch, runner, stages
    from khabar.nlp.language import warm_up
    from khabar.resources import Resources
    from khabar.settings import Settings

    settings = Settings(warehouse=_fresh(warehouse))
    warm_up()
    # loading the resources (the NER model) is once per process, not per article
    resources = Resources.load()
    gazetteer_only = dataclasses.replace(resources, ner=None, ner_mode="gazetteer")
    timings: dict[str, float] = {}
    run, timings["load (plan)"] = _timed(
        lambda: runner.plan(
            corpus, settings.db_path, settings.max_article_bytes, settings.max_attempts
        )
    )
    runner.begin(settings, run)
    chars = sum(len(a.raw_text) for a in run.articles)
    steps: list[tuple[str, Callable[[Sequence[stages.Document]], stages.StageResult]]] = [
        ("clean", stages.clean_stage),
        ("language", lambda d: stages.language_stage(d, settings.langdetect_seed)),
        (
            "segment (+ sentence language)",
            lambda d: stages.segment_stage(d, settings.langdetect_seed),
        ),
        ("entities", lambda d: stages.entity_stage(d, resources)),
        ("dates", lambda d: stages.date_stage(d, resources)),
        ("events", lambda d: stages.event_stage(d, resources)),
    ]
    docs: Sequence[stages.Document] = stages.start(run.articles)
    rejected = list(run.rejected)
    gazetteer: dict[str, float] = {}  # KHABAR_NER=gazetteer: the stages the model changes
    for name, fn in steps:
        if name == "entities":
            # the same stages after it with the gazetteer alone, timed and then dropped
            alone: Sequence[stages.Document] = docs

            def alone_entities(d: Sequence[stages.Document]) -> stages.StageResult:
                return stages.entity_stage(d, gazetteer_only)

            for other, step in [("entities", alone_entities), *steps[-2:]]:
                started = time.perf_counter()
                alone, _ = step(alone)
                gazetteer[other] = time.perf_counter() - started
            del alone
        started = time.perf_counter()
        docs, failed = fn(docs)
        timings[name] = time.perf_counter() - started
        rejected.extend(failed)
    docs = sorted(docs, key=lambda d: d.article.article_id)

    def stage() -> Any:  # the flow's path: the batch's rows into incoming, then staged
        with runner.incoming(settings.db_path) as con:
            runner.add_rows(con, 0, batch.batch_rows(docs))
        return runner.stage_added(settings, run)

    staged, timings["stage into DuckDB"] = _timed(stage)
    report, timings["validate (GX)"] = _timed(lambda: runner.audit(settings.db_path))
    outcome, timings["publish"] = _timed(
        lambda: runner.finish(settings, run, staged, report, rejected)
    )
    failures = list(outcome.failures)
    if outcome.status == "failed":
        # The gate failed, so nothing was published: time what publishing would have cost,
        # on this throwaway warehouse, and say so in the table.
        timings["publish"] += _forced_publish(settings.db_path, settings.dataset_dir, run)
    return {
        "failures": failures,
        "articles": len(run.articles),
        "chars": chars,
        "timings": timings,
        "gazetteer": gazetteer,
        "status": outcome.status,
        "counts": outcome.counts,
        "sentences": sum(len(d.sentences) for d in docs),
    }


def _forced_publish(db_path: Path, dataset_dir: Path, run: Any) -> float:
    from datetime import UTC, datetime

    from khabar import runner
    from khabar.publish import versions
    from khabar.warehouse import store

    started = time.perf_counter()
    with store.connect(db_path) as con:
        store.promote(con)
        fingerprint = runner._fingerprint_json(store.fingerprint(con))
        request = versions.PublishRequest(
            run.run_id, "bench", run.input_hash, {}, datetime.now(UTC).replace(tzinfo=None)
        )
        versions.publish(con, dataset_dir, request, fingerprint=fingerprint)
    return time.perf_counter() - started


_ID_TABLES = {
    "mention_id": "mentions",
    "date_id": "dates",
    "sentence_id": "sentences",
    "event_mention_id": "event_mentions",
}


def offending_articles(db_path: Path) -> set[str]:
    """Articles with a row that a suite's unexpected-rows query reports in ``staging``."""
    import duckdb

    from khabar.resources import EXPECTATIONS_DIR

    found: set[str] = set()
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("SET schema = 'staging'")
        for path in sorted(EXPECTATIONS_DIR.glob("*.json")):
            spec = json.loads(path.read_text(encoding="utf-8"))
            for item in spec["expectations"]:
                if item["type"] != "unexpected_rows_expectation":
                    continue
                query = item["kwargs"]["unexpected_rows_query"].replace("{batch}", spec["name"])
                try:
                    frame = con.execute(query).pl()
                except duckdb.Error:
                    continue  # an operational table's suite: not in staging
                for column, table in [("article_id", "articles"), *_ID_TABLES.items()]:
                    if column in frame.columns and frame.height:
                        ids = frame[column].drop_nulls().to_list()
                        rows = con.execute(
                            f"SELECT DISTINCT article_id FROM staging.{table}"
                            f" WHERE {column} IN (SELECT unnest(?::VARCHAR[]))",
                            [ids],
                        ).fetchall()
                        found.update(str(r[0]) for r in rows)
                        break
    finally:
        con.close()
    return found


def clean_corpus(corpus: Path, exclude: set[str], target: Path) -> Path:
    """A copy of ``corpus`` without the articles in ``exclude`` (ids as khabar reads them)."""
    from khabar.text.load import discover, read_articles

    files, _ = discover(corpus)
    articles, _ = read_articles(files, 1 << 30)
    dropped = {path for a in articles if a.article_id in exclude for path in a.paths}
    _fresh(target)
    with (corpus / "articles.csv").open(encoding="utf-8") as fh:
        rows = [row for row in csv.DictReader(fh) if row["file"] not in dropped]
    for row in rows:
        os.link(corpus / row["file"], target / row["file"])
    with (target / "articles.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=["file", "published_date", "source"])
        writer.writeheader()
        writer.writerows(rows)
    return target


def _run_flow(
    corpus: Path, warehouse: Path, runner: str, workers: int
) -> tuple[dict[str, Any], float]:
    from flows.pipeline import news_pipeline, task_runner_for
    from khabar.settings import Settings

    pipeline = news_pipeline.with_options(
        task_runner=task_runner_for(Settings(runner=runner, max_workers=workers))
    )
    return _timed(lambda: pipeline(input_dir=str(corpus), warehouse=str(warehouse)))


class _TreeRss:
    """Peak summed RSS of this process and its descendants, sampled every 0.2 s from
    /proc: worker processes are separate processes, and ``ru_maxrss`` only ever reports
    one process. Processes whose command line has ``skip`` in it (Prefect's API server) are
    counted apart. Summed RSS counts the pages of shared libraries once per process that
    maps them; the summed PSS (``smaps_rollup``) shares them out, so it is the memory the
    processes take together. At the RSS peak, each process's RSS is kept (this one first)."""

    def __init__(self, skip: str = "uvicorn") -> None:
        self.skip = skip
        self.peak_mb = 0.0
        self.peak_parts_mb: list[float] = []
        self.peak_pss_mb = 0.0
        self.peak_skipped_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> _TreeRss:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.wait(0.2):
            parts, pss, skipped = self._sample()
            total = sum(parts)
            if total > self.peak_mb:
                self.peak_mb = total
                self.peak_parts_mb = parts
            self.peak_pss_mb = max(self.peak_pss_mb, pss)
            self.peak_skipped_mb = max(self.peak_skipped_mb, skipped)

    def _sample(self) -> tuple[list[float], float, float]:
        parent: dict[int, int] = {}
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            parent[int(stat.parent.name)] = int(fields[1])
        tree = {os.getpid()}
        grew = True
        while grew:
            found = {pid for pid, ppid in parent.items() if ppid in tree} - tree
            tree |= found
            grew = bool(found)
        parts: list[float] = []
        pss = skipped = 0.0
        for pid in sorted(tree, key=lambda p: p != os.getpid()):
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            mb = _kib(r"VmRSS:\s+(\d+) kB", status) / 1024
            if self.skip.encode() in cmdline:
                skipped += mb
                continue
            parts.append(mb)
            try:  # only for the processes counted; one that just exited adds no PSS
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            pss += _kib(r"\nPss:\s+(\d+) kB", rollup) / 1024
        return parts, pss, skipped


def _kib(pattern: str, text: str) -> int:
    match = re.search(pattern, text)
    return int(match.group(1)) if match else 0


def io_floor(corpus: Path, db: Path, counts: dict[str, int]) -> float:
    """Read the same files; write as many rows per table as the run wrote, in bulk."""
    import duckdb
    import polars as pl

    if db.exists():
        db.unlink()
    started = time.perf_counter()
    texts = [(p.name, p.read_bytes().decode("utf-8")) for p in sorted(corpus.glob("*.txt"))]
    con = duckdb.connect(str(db))
    try:
        con.execute("BEGIN")
        articles = pl.DataFrame(
            {"path": [t[0] for t in texts], "text": [t[1] for t in texts]},
            schema={"path": pl.Utf8, "text": pl.Utf8},
        )
        con.register("_articles", articles)
        con.execute("CREATE TABLE articles AS SELECT * FROM _articles")
        con.unregister("_articles")
        for table, n in counts.items():
            if table == "articles":
                continue
            rows = pl.DataFrame(
                {"id": [f"{table}-{i}" for i in range(n)], "value": [i for i in range(n)]},
                schema={"id": pl.Utf8, "value": pl.Int64},
            )
            con.register("_rows", rows)
            con.execute(f"CREATE TABLE {table} AS SELECT * FROM _rows")
            con.unregister("_rows")
        con.execute("COMMIT")
    finally:
        con.close()
    return time.perf_counter() - started


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure_stages_part(n: int, seed: int) -> dict[str, Any]:
    """The per-stage figures for one N, in this process."""
    corpus = build_corpus(n, seed)
    result: dict[str, Any] = {
        "stages": measure_stages(corpus, CORPUS / f"work{n}" / "stages", seed)
    }
    result["stages_peak_rss_mb"] = _peak_rss_mb()
    return result


def measure_flow_part(n: int, seed: int, runner: str, workers: int) -> dict[str, Any]:
    """The flow, rerun and floor figures for one N, in this process (after the stages)."""
    from prefect.testing.utilities import prefect_test_harness

    corpus = build_corpus(n, seed)
    work = CORPUS / f"work{n}"
    result: dict[str, Any] = {}
    # The quality gate rejects a run with any bad row, and a rejected run promotes nothing,
    # so reruns would redo everything: the flow runs get the corpus without the articles
    # the gate rejected in the per-stage run (their count is in the table).
    excluded = offending_articles(work / "stages" / "khabar.duckdb")
    result["excluded"] = len(excluded)
    if excluded:
        corpus = clean_corpus(corpus, excluded, work / "corpus")

    def run_flow(corpus: Path, warehouse: Path) -> tuple[dict[str, Any], float]:
        return _run_flow(corpus, warehouse, runner, workers)

    with prefect_test_harness(server_startup_timeout=120), _TreeRss() as tree:
        tiny = _fresh(work / "tiny")
        for path in sorted(SEEDS.glob("*.txt"))[:1]:
            shutil.copy(path, tiny / path.name)
        run_flow(tiny, _fresh(work / "tiny-wh"))  # starts the ephemeral API: not counted

        warehouse = _fresh(work / "flow")
        summary, result["e2e_s"] = run_flow(corpus, warehouse)
        result["e2e_stage_seconds"] = summary.get("stage_seconds", {})
        result["e2e_articles"] = summary["new_articles"]
        result["e2e_chars"] = sum(len(p.read_text(encoding="utf-8")) for p in corpus.glob("*.txt"))
        result["e2e_failures"] = summary["failures"]
        result["e2e_status"] = summary["status"]
        result["counts"] = summary["counts"]
        summary0, result["rerun0_s"] = run_flow(corpus, warehouse)
        result["rerun0_status"] = summary0["status"]
        _, result["rerun0_again_s"] = run_flow(corpus, warehouse)
        extra = corpus / "zz_extra.txt"
        extra.write_text(extra_article(seed, corpus), encoding="utf-8")
        extra.with_suffix(".json").write_text(
            json.dumps({"published_date": "2025-06-01", "source": "bench"}), encoding="utf-8"
        )
        try:
            summary1, result["rerun1_s"] = run_flow(corpus, warehouse)
        finally:
            extra.unlink()
            extra.with_suffix(".json").unlink()
        result["rerun1_status"] = summary1["status"]
        result["rerun1_new"] = summary1["new_articles"]

    result["tree_peak_rss_mb"] = tree.peak_mb
    result["tree_peak_parts_mb"] = tree.peak_parts_mb
    result["tree_peak_pss_mb"] = tree.peak_pss_mb
    result["api_peak_rss_mb"] = tree.peak_skipped_mb
    result["runner"] = f"{runner}, {workers} workers"
    result["floor_s"] = io_floor(corpus, work / "floor.duckdb", result["counts"])
    return result


# --- report ------------------------------------------------------------------------------


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    ram = "unknown RAM"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB RAM"
                break
    except OSError:
        pass
    load = os.getloadavg()
    return (
        f"{cpu}, {os.cpu_count()} cores, {ram}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}; load average at the end "
        f"{load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} (1/5/15 min)"
    )


def _rate(count: float, seconds: float) -> str:
    return f"{count / seconds:,.0f}" if seconds > 0 else "-"


def _short(failure: str) -> str:
    """``table: expectation: detail`` → ``table.expectation (observed)``."""
    table, name, *_ = failure.split(": ")
    observed = re.search(r"observed_value=(\d+)", failure)
    return f"{table}.{name}" + (f" ({observed.group(1)} rows)" if observed else "")


def _stage_row(
    label: str,
    results: list[dict[str, Any]],
    seconds: Callable[[dict[str, Any]], float],
    total: bool = False,
) -> str:
    """One row of the per-stage table: seconds, articles/s and chars/s for each N."""
    cells = []
    for r in results:
        s = r["stages"]
        t = seconds(s)
        if total:
            cells.append(f"**{t:.2f}** | **{_rate(s['articles'], t)}** | {_rate(s['chars'], t)}")
        else:
            cells.append(f"{t:.2f} | {_rate(s['articles'], t)} | {_rate(s['chars'], t)}")
    name = f"**{label}**" if total else label
    return f"| {name} | " + " | ".join(cells) + " |"


def render(results: list[dict[str, Any]], note: str) -> str:
    ns = [r["n"] for r in results]
    lines = [
        "# Throughput benchmark",
        "",
        f"Machine: {_machine()}.",
        "",
        note,
        "",
        "Command: `.venv/bin/python benchmarks/throughput.py "
        + f"--n {' '.join(str(n) for n in ns)}`",
        "",
        "## Per stage (khabar functions on one thread; articles/s and chars/s)",
        "",
        "| stage | " + " | ".join(f"N={n:,} s | art/s | chars/s" for n in ns) + " |",
        "|---|" + "---:|---:|---:|" * len(ns),
    ]
    for name in results[0]["stages"]["timings"]:
        lines.append(_stage_row(name, results, lambda s, name=name: s["timings"][name]))
    lines.append(
        _stage_row("all stages, one core", results, lambda s: sum(s["timings"].values()), True)
    )
    for name in results[0]["stages"]["gazetteer"]:
        label = f"{name}, `KHABAR_NER=gazetteer`"
        lines.append(_stage_row(label, results, lambda s, name=name: s["gazetteer"][name]))
    lines.append(
        _stage_row(
            "all stages, one core, `KHABAR_NER=gazetteer`",
            results,
            lambda s: (
                sum(s["timings"].values())
                + sum(s["gazetteer"][k] - s["timings"][k] for k in s["gazetteer"])
            ),
            True,
        )
    )
    lines += [
        "",
        f"## End to end (Prefect flow `news_pipeline`, {results[0]['runner']},"
        " ephemeral API already up)",
        "",
        "| N | articles (left out) | chars | flow s | art/s | chars/s | I/O floor s"
        " | flow / floor | rerun, 0 new s (again) | rerun, 1 new s | peak RSS MiB, flow"
        " + workers (stages run) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['n']:,} | {r['e2e_articles']:,} ({r['excluded']}) | {r['e2e_chars']:,} "
            f"| {r['e2e_s']:.1f} | {_rate(r['e2e_articles'], r['e2e_s'])} "
            f"| {_rate(r['e2e_chars'], r['e2e_s'])} | {r['floor_s']:.2f} "
            f"| {r['e2e_s'] / r['floor_s']:.0f}x | {r['rerun0_s']:.2f} "
            f"({r['rerun0_again_s']:.2f}) | {r['rerun1_s']:.2f} "
            f"| {r['tree_peak_rss_mb']:,.0f} ({r['stages_peak_rss_mb']:,.0f}) |"
        )
    lines += [
        "",
        "Inside the flow, seconds per stage summed over batches (workers run in parallel, so"
        " these add up to more than the flow's wall time): "
        + "; ".join(
            f"N={r['n']:,}: " + ", ".join(f"{k} {v:.1f}" for k, v in r["e2e_stage_seconds"].items())
            for r in results
        )
        + ".",
    ]
    lines += [
        "",
        "Articles left out of the flow runs: those with a row the quality gate rejected in"
        " the per-stage run (a rejected run promotes nothing, so reruns would redo it all)."
        " Gate failures of the per-stage run: "
        + "; ".join(
            f"N={r['n']:,}: " + (", ".join(_short(f) for f in r["stages"]["failures"]) or "none")
            for r in results
        )
        + ".",
        "",
        "Rows written per run: "
        + "; ".join(
            f"N={r['n']:,}: " + ", ".join(f"{k} {v:,}" for k, v in r["counts"].items())
            for r in results
        )
        + ".",
        "",
        "Run status: "
        + "; ".join(
            f"N={r['n']:,}: {r['e2e_status']}, rerun 0 new {r['rerun0_status']}, "
            f"rerun 1 new {r['rerun1_status']} ({r['rerun1_new']} new)"
            for r in results
        )
        + ". Peak RSS: the summed RSS of the process that ran the flow runs and its worker"
        " processes, sampled every 0.2 s; in brackets ``ru_maxrss`` of the process that ran"
        " the stages one by one on the whole corpus. Prefect's test harness runs its API in"
        " a child process, not counted above (peak "
        + ", ".join(f"{r['api_peak_rss_mb']:,.0f}" for r in results)
        + " MiB). RSS is read in KiB from /proc and divided by 1,024: MiB, not MB."
        " At the peak, per process (the flow's first, then its workers): "
        + "; ".join(
            f"N={r['n']:,}: " + " + ".join(f"{mb:,.0f}" for mb in r["tree_peak_parts_mb"])
            for r in results
        )
        + " MiB. Summed RSS counts shared library pages once per process; the peak of the"
        " summed PSS, which shares them out (the memory the processes take together): "
        + ", ".join(f"{r['tree_peak_pss_mb']:,.0f}" for r in results)
        + " MiB.",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, nargs="+", default=list(DEFAULT_NS))
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--out", type=Path, default=RESULTS)
    parser.add_argument("--note", default="", help="what else ran on the machine meanwhile")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)  # child: measure one N
    parser.add_argument("--part", choices=("stages", "flow"), help=argparse.SUPPRESS)
    parser.add_argument("--build-only", action="store_true", help="only build the corpora")
    parser.add_argument(
        "--runner",
        choices=("local", "processes"),
        default="processes",
        help="task runner of the flow runs (default: processes)",
    )
    parser.add_argument("--workers", type=int, default=2, help="threads or processes (2)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    if args.one is not None:
        if args.part == "stages":
            print(json.dumps(measure_stages_part(args.one, args.seed)))
        else:
            print(json.dumps(measure_flow_part(args.one, args.seed, args.runner, args.workers)))
        return 0
    for n in args.n:
        build_corpus(n, args.seed)
    if args.build_only:
        return 0
    results = []
    for n in args.n:
        result: dict[str, Any] = {"n": n}
        for part in ("stages", "flow"):  # each in a process of its own: its own peak RSS
            print(f"measuring N={n:,}: {part} ...", file=sys.stderr, flush=True)
            child = subprocess.run(
                [
                    sys.executable,
                    __file__,
                    *("--one", str(n), "--seed", str(args.seed)),
                    "--part",
                    part,
                    *("--runner", args.runner, "--workers", str(args.workers)),
                ],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            if child.returncode != 0:
                print(child.stderr[-4000:], file=sys.stderr)
                return child.returncode
            result.update(json.loads(child.stdout.strip().splitlines()[-1]))
        results.append(result)
    table = render(results, args.note or "Nothing else was noted as running.")
    print(table)
    args.out.write_text(table + _history(args.out), encoding="utf-8")
    return 0


HISTORY_MARKER = "<!-- run history: benchmarks/throughput.py keeps everything from this line on -->"


def _history(path: Path) -> str:
    """The run history kept below the latest run in ``path`` (from ``HISTORY_MARKER`` on)."""
    old = path.read_text(encoding="utf-8") if path.is_file() else ""
    at = old.find(HISTORY_MARKER)
    return "" if at < 0 else "\n" + old[at:]


if __name__ == "__main__":
    sys.exit(main())
