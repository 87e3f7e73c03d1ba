"""Weekly questionnaires: too few points for a model (three or four a programme), so
each change from the first score is set against the instrument's minimal clinically
important difference and its week-to-week noise, in plain words.

POEM: MCID about 3 points (Gaunt 2016); recall noise about 5.7 points (Duverdier
2024), so one person's change of 3-5 points from one week to the next can be noise.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from skingarden.analysis import wording


@dataclass(frozen=True)
class WeeklyPoint:
    day: date
    label: str
    total: float


@dataclass(frozen=True)
class WeeklyChange:
    point: WeeklyPoint
    change: float  # from the first score
    beyond_mcid: bool
    beyond_noise: bool
    reading: str


@dataclass(frozen=True)
class WeeklySummary:
    instrument: str
    title: str
    mcid: float | None
    noise: float | None
    first: WeeklyPoint | None
    changes: tuple[WeeklyChange, ...]


def weekly_summary(
    instrument: str,
    title: str,
    points: Sequence[WeeklyPoint],
    *,
    mcid: float | None,
    noise: float | None,
    lower_is_better: bool = True,
) -> WeeklySummary:
    ordered = sorted(points, key=lambda p: p.day)
    if not ordered:
        return WeeklySummary(instrument, title, mcid, noise, None, ())
    first = ordered[0]
    changes = tuple(
        _change(p, p.total - first.total, mcid, noise, lower_is_better)
        for p in ordered[1:]
    )
    return WeeklySummary(instrument, title, mcid, noise, first, changes)


def _change(
    point: WeeklyPoint,
    change: float,
    mcid: float | None,
    noise: float | None,
    lower_is_better: bool,
) -> WeeklyChange:
    size = abs(change)
    beyond_mcid = mcid is not None and size >= mcid
    beyond_noise = noise is not None and size > noise
    # The measure's own words first, then which way that is (docs/analysis.md §14).
    judged = "better" if (change < 0) == lower_is_better else "worse"
    moved = f"{wording.change(change, 'points')} ({judged})"
    if change == 0:
        reading = "no change from the first score"
    elif not beyond_mcid:
        reading = f"{moved}: smaller than a change people notice"
    elif noise is not None and not beyond_noise:
        reading = (
            f"{moved}: as big as a change people notice, but within the "
            f"{wording.setting(noise)} points the score can move between weeks on "
            "its own"
        )
    else:
        reading = f"{moved}: larger than a change people notice"
    return WeeklyChange(point, change, beyond_mcid, beyond_noise, reading)
