"""Each stage over a batch: a bad article is given up with its stage named, never the batch."""

from __future__ import annotations

from datetime import date

import pytest

from khabar import stages
from khabar.resources import shipped
from khabar.stages import Document, run_all
from khabar.text.load import Metadata, RawArticle, article_id_for

GOOD = "प्रधानमंत्री नरेंद्र मोदी ने शुक्रवार को रूस के राष्ट्रपति व्लादिमीर पुतिन से फोन पर बात की।"


def _doc(text: str, published: date | None = date(2020, 9, 18)) -> Document:
    return Document(
        RawArticle(article_id_for(text), (f"{len(text)}.txt",), text, Metadata(published))
    )


@pytest.mark.parametrize(
    ("text", "stage"),
    [
        ("ये भी पढ़ें- केवल एक टीज़र", "clean"),  # nothing but page furniture
        ("\u200b\u200c\x07\x08", "clean"),  # only invisible and control characters
        ("pic.twitter.com/abcdef", "clean"),
    ],
)
def test_bad_article_is_rejected_by_its_stage(text: str, stage: str) -> None:
    done, rejected = run_all([_doc(GOOD), _doc(text)], shipped("model"))
    assert [d.article.raw_text for d in done] == [GOOD]
    assert [(r.stage, r.reason) for r in rejected] == [(stage, "error")]
    assert rejected[0].detail.startswith(f"{stage} failed")


def test_a_stage_exception_is_isolated(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(text: str, *args: object, **kwargs: object) -> list[object]:
        if "बम" in text:
            raise RuntimeError("boom")
        return []

    monkeypatch.setattr(stages._dates, "extract_dates", explode)
    done, rejected = run_all([_doc(GOOD), _doc("बम " + GOOD)], shipped("model"))
    assert len(done) == 1 and done[0].stages_done[-1] == "events"
    assert [r.stage for r in rejected] == ["dates"]
    assert "RuntimeError: boom" in rejected[0].detail


def test_large_article_and_odd_text_complete() -> None:
    big = (GOOD + "\n") * 2000  # ~200 KB: slow paths must stay linear
    odd = "\ufeff" + "abc\x00def " + GOOD + " \U0001f1ee\U0001f1f3 " + "\u0301" * 5
    done, rejected = run_all([_doc(big), _doc(odd, None)], shipped("model"))
    assert not rejected
    assert len(done[0].sentences) == 2000
    for doc in done:
        for m in doc.entities:
            assert doc.text[m.start : m.end] == m.surface
        for d in doc.dates:
            assert doc.text[d.start : d.end] == d.surface


def test_stages_are_deterministic() -> None:
    first, _ = run_all([_doc(GOOD)], shipped("model"))
    second, _ = run_all([_doc(GOOD)], shipped("model"))
    assert first == second
    assert first[0].language == "hi"
    assert {m.entity_id for m in first[0].entities} >= {"per_narendra_modi", "per_vladimir_putin"}


def test_each_step_is_named_as_its_rejections_are() -> None:
    """One name per stage: the step name a run times (and logs) is the ``stage`` its
    quarantine rows carry. A document that every stage must give up (never cleaned; an
    empty text for ``clean``) is rejected under the step's own name."""
    names = []
    for name, step in stages.language_steps(shipped("gazetteer")):
        done, rejected = step([_doc("")])
        assert not done and [r.stage for r in rejected] == [name]
        names.append(name)
    assert names == ["clean", "language", "segment", "entities", "dates", "events"]
