"""The daily kefir dose: the ramp and the gut-discomfort rule, as a pure function.

Rule (product brief; research note ``evidence-safety.md`` §2d):
- the dose climbs through the ramp steps (10 ml for 3 days, 20 ml for 3 days) to
  the target (40 ml);
- a gut-discomfort score of 2 or more (of 0-3) on two consecutive kefir days steps
  the dose back one level from the next day (at the lowest level it stays there);
- the next three days, at the lower level, are watched: if the scores on the last
  two of them are both still 2 or more, kefir stops from the following day;
  otherwise the ramp resumes, one level per three comfortable days.

Unlogged days count as "not high": the rule acts only on what was reported.
Decisions already recorded are history and are replayed as they were taken, so a
later edit to an old score never rewrites what the participant was told.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum

from skingarden.programmes.plan import DEFAULT_RAMP, DEFAULT_TARGET_ML, RampStep


class Decision(StrEnum):
    STEP_BACK = "step_back"
    STOP = "stop"


@dataclass(frozen=True)
class GutRule:
    threshold: int = 2
    consecutive_days: int = 2
    watch_days: int = 3


DEFAULT_RULE = GutRule()


@dataclass(frozen=True)
class DoseChange:
    """A recorded amendment: the maintenance dose is ``ml`` from ``effective_on``."""

    effective_on: date
    ml: int


@dataclass(frozen=True)
class DoseEvent:
    decision: Decision
    decided_on: date  # the day whose score triggered it
    effective_on: date
    from_ml: int
    to_ml: int


@dataclass(frozen=True)
class DosePlan:
    ml_by_day: dict[date, int]
    events: tuple[DoseEvent, ...]
    stopped_on: date | None  # first day without kefir because of the stop rule

    def planned_ml(self, day: date) -> int:
        return self.ml_by_day.get(day, 0)


@dataclass
class _State:
    level: int = 0
    days_at_level: int = 0
    high_run: int = 0
    watch: list[bool] | None = None
    stopped: bool = False
    events: list[DoseEvent] = field(default_factory=list)


def plan_doses(
    kefir_days: Sequence[date],
    *,
    gut_scores: Mapping[date, int | None],
    ramp: tuple[RampStep, ...] = DEFAULT_RAMP,
    target_ml: int = DEFAULT_TARGET_ML,
    rule: GutRule = DEFAULT_RULE,
    paused: frozenset[date] = frozenset(),
    dose_changes: Sequence[DoseChange] = (),
    recorded: Mapping[date, Decision] | None = None,
) -> DosePlan:
    """Plan the dose for every kefir day, in order.

    Parameters
    ----------
    kefir_days : the dates of the ramp, intervention and extension phases, ascending.
    gut_scores : logged gut-discomfort scores (0-3) by date; missing dates are unlogged.
    paused : dates on which kefir is paused (an open red flag); they plan 0 ml and
        do not move the ramp on.
    dose_changes : maintenance-dose amendments; each caps the lower levels too.
    recorded : decisions already taken, by the date that triggered them. No new
        decision is derived on or before the latest of these dates.

    Returns
    -------
    DosePlan
    """
    levels = [step.ml for step in ramp] + [target_ml]
    recorded = recorded or {}
    frozen_until = max(recorded, default=date.min)
    state = _State()
    ml_by_day: dict[date, int] = {}
    stopped_on = None
    for day in kefir_days:
        if state.stopped or day in paused:
            ml_by_day[day] = 0
            continue
        ml_by_day[day] = _ml(levels, state.level, day, dose_changes)
        derived = _advance(state, gut_scores.get(day), rule, ramp)
        decision = recorded.get(day) if day <= frozen_until else derived
        if decision is not None:
            _apply(state, decision, day, levels, dose_changes)
            if decision is Decision.STOP:
                stopped_on = day + timedelta(days=1)
    return DosePlan(ml_by_day, tuple(state.events), stopped_on)


def _ml(levels: list[int], level: int, day: date, changes: Sequence[DoseChange]) -> int:
    in_force = [change for change in changes if change.effective_on <= day]
    if not in_force:
        return levels[level]
    cap = max(in_force, key=lambda change: change.effective_on).ml
    return cap if level == len(levels) - 1 else min(levels[level], cap)


def _advance(
    state: _State, score: int | None, rule: GutRule, ramp: tuple[RampStep, ...]
) -> Decision | None:
    """Move the state on by one kefir day and say what the rule would decide."""
    high = score is not None and score >= rule.threshold
    state.days_at_level += 1
    if state.watch is not None:
        state.watch.append(high)
        if len(state.watch) < rule.watch_days:
            return None
        still_high = all(state.watch[-rule.consecutive_days :])
        state.watch = None
        if still_high:
            return Decision.STOP
    else:
        state.high_run = state.high_run + 1 if high else 0
        if state.high_run >= rule.consecutive_days:
            return Decision.STEP_BACK
    top = len(ramp)
    if state.level < top and state.days_at_level >= ramp[state.level].days:
        state.level += 1
        state.days_at_level = 0
    return None


def _apply(
    state: _State,
    decision: Decision,
    day: date,
    levels: list[int],
    changes: Sequence[DoseChange],
) -> None:
    tomorrow = day + timedelta(days=1)
    before = _ml(levels, state.level, day, changes)
    if decision is Decision.STOP:
        state.stopped = True
        after = 0
    else:
        state.level = max(state.level - 1, 0)
        state.days_at_level = 0
        state.high_run = 0
        state.watch = []
        after = _ml(levels, state.level, tomorrow, changes)
    state.events.append(DoseEvent(decision, day, tomorrow, before, after))
