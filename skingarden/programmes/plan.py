"""The default programme template and its calendar: pure, no Django.

A programme is a run of phases laid end to end from the start date:
baseline (no kefir) → ramp (the first intervention days below the target dose)
→ intervention → any extensions → an optional follow-up off kefir.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from math import sqrt

BASELINE_DEFAULT = 7
BASELINE_MAX = 14
INTERVENTION_DAYS = 21
FOLLOW_UP_DAYS = 7
EXTENSION_CHOICES = (7, 14)
ONSET_LAG_MAX = 14
FOLLOW_UP_MAX = 28
INTERVENTION_MAX = 90
DOSE_MIN_ML, DOSE_MAX_ML = 5, 250  # the daily doses a participant may set


class PhaseKind(StrEnum):
    BASELINE = "baseline"
    RAMP = "ramp"
    INTERVENTION = "intervention"
    EXTENSION = "extension"
    FOLLOW_UP = "follow_up"

    @property
    def takes_kefir(self) -> bool:
        return self in {PhaseKind.RAMP, PhaseKind.INTERVENTION, PhaseKind.EXTENSION}

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    PhaseKind.BASELINE: "Baseline (no kefir)",
    PhaseKind.RAMP: "Ramp-up",
    PhaseKind.INTERVENTION: "Kefir",
    PhaseKind.EXTENSION: "Extension",
    PhaseKind.FOLLOW_UP: "Follow-up (no kefir)",
}


@dataclass(frozen=True)
class RampStep:
    days: int
    ml: int


DEFAULT_RAMP = (RampStep(3, 10), RampStep(3, 20))
DEFAULT_TARGET_ML = 40


@dataclass(frozen=True)
class PlannedPhase:
    kind: PhaseKind
    start: date
    end: date  # inclusive

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def ramp_days(ramp: tuple[RampStep, ...] = DEFAULT_RAMP) -> int:
    return sum(step.days for step in ramp)


def lay_out_phases(
    *,
    start: date,
    baseline_days: int,
    intervention_days: int = INTERVENTION_DAYS,
    ramp_length: int = ramp_days(),
    follow_up_days: int = 0,
) -> list[PlannedPhase]:
    """Place the phases of a new programme on the calendar, end to end.

    The ramp is the first ``ramp_length`` intervention days, so the kefir phases
    together last ``intervention_days``.

    >>> [p.kind.value for p in lay_out_phases(start=date(2026, 1, 1), baseline_days=7)]
    ['baseline', 'ramp', 'intervention']
    """
    lengths = [
        (PhaseKind.BASELINE, baseline_days),
        (PhaseKind.RAMP, min(ramp_length, intervention_days)),
        (PhaseKind.INTERVENTION, max(intervention_days - ramp_length, 0)),
        (PhaseKind.FOLLOW_UP, follow_up_days),
    ]
    phases: list[PlannedPhase] = []
    cursor = start
    for kind, length in lengths:
        if length > 0:
            phases.append(
                PlannedPhase(kind, cursor, cursor + timedelta(days=length - 1))
            )
            cursor += timedelta(days=length)
    return phases


@dataclass(frozen=True)
class BaselineCost:
    """What a baseline shorter than the default costs in certainty."""

    baseline_days: int
    comparison_days: int
    interval_widening: (
        float | None
    )  # 0.38 means a 38% wider interval; None = no comparison

    @property
    def percent_wider(self) -> int | None:
        return (
            None
            if self.interval_widening is None
            else round(self.interval_widening * 100)
        )


def baseline_cost(baseline_days: int, *, onset_lag: int) -> BaselineCost:
    """How much wider the interval for the effect gets with a shorter baseline.

    The effect is a difference of two means, whose standard error is proportional
    to sqrt(1/n_baseline + 1/n_intervention) when days are independent; positive
    day-to-day correlation makes every figure worse by the same factor, so the
    ratio to the default 7-day baseline is a fair, if optimistic, guide.
    """
    comparison_days = INTERVENTION_DAYS - onset_lag
    if baseline_days == 0:
        return BaselineCost(0, comparison_days, None)
    chosen = sqrt(1 / baseline_days + 1 / comparison_days)
    default = sqrt(1 / BASELINE_DEFAULT + 1 / comparison_days)
    return BaselineCost(baseline_days, comparison_days, round(chosen / default - 1, 2))


def _shift(phase: PlannedPhase, days: int) -> PlannedPhase:
    delta = timedelta(days=days)
    return PlannedPhase(phase.kind, phase.start + delta, phase.end + delta)


def _last_kefir_index(phases: list[PlannedPhase]) -> int:
    indexes = [i for i, phase in enumerate(phases) if phase.kind.takes_kefir]
    if not indexes:
        raise ValueError("This programme has no kefir phase left.")
    return indexes[-1]


def extend(phases: list[PlannedPhase], days: int) -> list[PlannedPhase]:
    """Add an extension after the last kefir phase; anything after it moves on."""
    last = _last_kefir_index(phases)
    end = phases[last].end
    extension = PlannedPhase(
        PhaseKind.EXTENSION, end + timedelta(days=1), end + timedelta(days=days)
    )
    return [
        *phases[: last + 1],
        extension,
        *(_shift(p, days) for p in phases[last + 1 :]),
    ]


def shorten_baseline(phases: list[PlannedPhase], new_days: int) -> list[PlannedPhase]:
    """Make the baseline ``new_days`` long; later phases start that much earlier."""
    baseline = phases[0]
    if baseline.kind is not PhaseKind.BASELINE or not 0 <= new_days < baseline.days:
        raise ValueError("The baseline can only be made shorter than it is.")
    cut = baseline.days - new_days
    kept = [
        PlannedPhase(baseline.kind, baseline.start, baseline.end - timedelta(days=cut))
    ]
    return [*(kept if new_days else []), *(_shift(p, -cut) for p in phases[1:])]


def with_follow_up(phases: list[PlannedPhase], days: int) -> list[PlannedPhase]:
    """Replace any follow-up with one of ``days`` days (none when 0)."""
    kept = [p for p in phases if p.kind is not PhaseKind.FOLLOW_UP]
    if days == 0:
        return kept
    start = kept[-1].end + timedelta(days=1)
    return [
        *kept,
        PlannedPhase(PhaseKind.FOLLOW_UP, start, start + timedelta(days=days - 1)),
    ]


def stop_kefir(
    phases: list[PlannedPhase], effective_on: date, follow_up_days: int
) -> list[PlannedPhase]:
    """End kefir the day before ``effective_on``; a planned follow-up starts then."""
    kept: list[PlannedPhase] = []
    for phase in phases:
        if phase.kind is PhaseKind.FOLLOW_UP or phase.start >= effective_on:
            continue
        kept.append(
            PlannedPhase(
                phase.kind,
                phase.start,
                min(phase.end, effective_on - timedelta(days=1)),
            )
        )
    if follow_up_days:
        end = effective_on + timedelta(days=follow_up_days - 1)
        kept.append(PlannedPhase(PhaseKind.FOLLOW_UP, effective_on, end))
    return kept
