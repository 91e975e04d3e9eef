"""One batch of articles through the language stages, down to table rows.

What a worker (thread, process or Dask) runs for the flow; kept apart from ``runner`` so
that a worker process imports the stages and not the quality gate or the publisher.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from khabar import stages
from khabar.nlp.coref import ReportedEvent
from khabar.stages import Document
from khabar.text.load import RawArticle, Rejected
from khabar.warehouse import rows


@dataclass(frozen=True)
class BatchRows:
    """A batch's documents as table rows: compact (columnar) where documents are not, so
    this, not the documents, is what workers send back and the run adds to ``incoming``."""

    tables: dict[str, pl.DataFrame]  # articles, sentences, mentions, dates
    reports: list[ReportedEvent]


def batch_rows(docs: Sequence[Document]) -> BatchRows:
    ordered = sorted(docs, key=lambda d: d.article.article_id)
    return BatchRows(rows.document_rows(ordered), rows.reports_of(ordered))


@dataclass(frozen=True)
class BatchResult:
    """What the language stages make of one batch of articles."""

    rows: BatchRows
    rejected: list[Rejected]
    seconds: dict[str, float]  # per stage, and "to-rows"


def analyse(articles: Sequence[RawArticle], steps: Sequence[stages.Step]) -> BatchResult:
    """The language stages over one batch, down to table rows: a flow's unit of work, so
    that documents never leave the process (or Dask worker) that made them."""
    docs, rejected, seconds = stages.run_steps(stages.start(articles), steps)
    started = time.perf_counter()
    result = batch_rows(docs)
    seconds["to-rows"] = time.perf_counter() - started
    return BatchResult(result, rejected, seconds)
