"""The progress line and percentage a run reports after each batch."""

from __future__ import annotations

import math

import pytest

from khabar.progress import Progress, duration


@pytest.mark.parametrize(
    ("done", "total", "elapsed", "percent", "line"),
    [
        (0, 10_000, 0.0, 0.0, "0/10,000 articles (0.0%)"),
        (0, 10_000, 12.0, 0.0, "0/10,000 articles (0.0%)"),
        (256, 10_000, 0.0, 2.56, "256/10,000 articles (2.6%)"),
        (
            768,
            10_000,
            30.4,
            7.68,
            "768/10,000 articles (7.7%), 25.3 articles/s, about 6 min 5 s left",
        ),
        (
            5_000,
            10_000,
            100.0,
            50.0,
            "5,000/10,000 articles (50.0%), 50.0 articles/s, about 1 min 40 s left",
        ),
        (10_000, 10_000, 230.0, 100.0, "10,000/10,000 articles (100.0%), 43.5 articles/s"),
        (1, 3, 2.0, 100 / 3, "1/3 articles (33.3%), 0.5 articles/s, about 4 s left"),
        (0, 0, 0.0, 100.0, "0/0 articles (100.0%)"),
    ],
)
def test_progress_line_and_percent(
    done: int, total: int, elapsed: float, percent: float, line: str
) -> None:
    progress = Progress(done, total, elapsed)
    assert math.isclose(progress.percent, percent)
    assert progress.line() == line


@pytest.mark.parametrize(
    ("done", "total", "elapsed"),
    [(-1, 10, 1.0), (11, 10, 1.0), (0, -1, 0.0), (1, 2, -0.5), (1, 2, float("nan"))],
)
def test_impossible_progress_is_a_clear_error(done: int, total: int, elapsed: float) -> None:
    with pytest.raises(ValueError, match="not possible"):
        Progress(done, total, elapsed)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [
        (0.0, "0 s"),
        (0.4, "0 s"),
        (59.4, "59 s"),
        (59.6, "1 min 0 s"),
        (365.0, "6 min 5 s"),
        (3599.0, "59 min 59 s"),
        (3600.0, "1 h 0 min"),
        (7380.0, "2 h 3 min"),
    ],
)
def test_duration_reads_as_a_person_would(seconds: float, text: str) -> None:
    assert duration(seconds) == text


@pytest.mark.parametrize("seconds", [-1.0, float("nan")])
def test_impossible_duration_is_a_clear_error(seconds: float) -> None:
    with pytest.raises(ValueError, match="not possible"):
        duration(seconds)
