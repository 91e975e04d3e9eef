"""How far a run has got: the line a run logs after each batch and the percentage behind
Prefect's progress artifact (a bar in the UI).

A 10,000-article run spends minutes in its batches; without this the only sign of life is
one line per batch with no total, rate or time left. Pure: the caller reads the clock.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Progress:
    """``done`` of ``total`` articles analysed, ``elapsed`` seconds after the first batch
    was handed out."""

    done: int
    total: int
    elapsed: float

    def __post_init__(self) -> None:
        if self.total < 0 or not 0 <= self.done <= self.total:
            raise ValueError(f"progress {self.done} of {self.total} articles is not possible")
        if not self.elapsed >= 0:  # also NaN
            raise ValueError(f"elapsed time {self.elapsed!r} s is not possible")

    @property
    def percent(self) -> float:
        """Share done, 0 to 100 (what Prefect's progress artifact takes); nothing to do is
        all done."""
        return 100.0 if self.total == 0 else 100.0 * self.done / self.total

    @property
    def rate(self) -> float | None:
        """Articles per second so far; None before the first batch is back."""
        return self.done / self.elapsed if self.done and self.elapsed > 0 else None

    @property
    def remaining(self) -> float | None:
        """Seconds left at the rate so far (the first batch carries the workers' start-up,
        so early estimates run high); None while there is no rate."""
        rate = self.rate
        return (self.total - self.done) / rate if rate else None

    def line(self) -> str:
        """``768/10,000 articles (7.7%), 25.3 articles/s, about 6 min 5 s left``."""
        text = f"{self.done:,}/{self.total:,} articles ({self.percent:.1f}%)"
        rate, remaining = self.rate, self.remaining
        if rate is not None:
            text += f", {rate:,.1f} articles/s"
        if remaining is not None and self.done < self.total:
            text += f", about {duration(remaining)} left"
        return text


def duration(seconds: float) -> str:
    """Seconds as a person reads them: ``45 s``, ``6 min 5 s``, ``2 h 3 min``."""
    if not seconds >= 0:
        raise ValueError(f"a duration of {seconds!r} s is not possible")
    whole = round(seconds)
    if whole < 60:
        return f"{whole} s"
    minutes, secs = divmod(whole, 60)
    if minutes < 60:
        return f"{minutes} min {secs} s"
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes} min"


__all__ = ["Progress", "duration"]
