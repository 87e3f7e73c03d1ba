"""Where a programme stands on a given day: pure, no Django.

Takes the phases, the day logs and the recorded decisions as plain values and
works out the dose plan, the current phase, adherence and when POEM is due.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from skingarden.lib.days import days_between
from skingarden.programmes.dosing import (
    DEFAULT_RULE,
    Decision,
    DoseChange,
    DosePlan,
    GutRule,
    plan_doses,
)
from skingarden.programmes.plan import PhaseKind, PlannedPhase, RampStep

WEEKLY_KEFIR_DAYS = (7, 14, 21)
WINDOW_DAYS = 3
# Today offers a form for each day not logged in this many days before it (issue 14
# §3); older gaps stay on the table of every day.
MISSED_DAYS_WINDOW = 7


@dataclass(frozen=True)
class DayLog:
    date: date
    kefir_ml: int | None
    gut_discomfort: int | None


@dataclass(frozen=True)
class PauseWindow:
    """Kefir is paused from ``first_day`` to ``last_day`` (None while still open)."""

    first_day: date
    last_day: date | None


@dataclass(frozen=True)
class Adherence:
    days_elapsed: int
    days_logged: int
    doses_planned: int
    doses_taken: int
    doses_partial: int
    doses_missed: int
    doses_unlogged: int

    @property
    def missing_days(self) -> int:
        return self.days_elapsed - self.days_logged


@dataclass(frozen=True)
class DueSlot:
    label: str
    due_on: date

    @property
    def closes_on(self) -> date:
        return self.due_on + timedelta(days=WINDOW_DAYS - 1)

    def is_open_on(self, day: date) -> bool:
        return self.due_on <= day <= self.closes_on


@dataclass(frozen=True)
class Timeline:
    phases: tuple[PlannedPhase, ...]
    today: date
    plan: DosePlan
    adherence: Adherence
    # Days of the programme in the MISSED_DAYS_WINDOW days before today with no log,
    # newest first.
    missed_recently: tuple[date, ...] = ()

    @property
    def first_day(self) -> date:
        return self.phases[0].start

    @property
    def last_day(self) -> date:
        return self.phases[-1].end

    @property
    def total_days(self) -> int:
        return (self.last_day - self.first_day).days + 1

    @property
    def has_started(self) -> bool:
        return self.today >= self.first_day

    @property
    def has_finished(self) -> bool:
        return self.today > self.last_day

    def phase_on(self, day: date) -> PlannedPhase | None:
        return next((p for p in self.phases if p.start <= day <= p.end), None)

    @property
    def current_phase(self) -> PlannedPhase | None:
        return self.phase_on(self.today)

    @property
    def day_number(self) -> int | None:
        if not self.first_day <= self.today <= self.last_day:
            return None
        return (self.today - self.first_day).days + 1

    def phase_day(self, day: date) -> int | None:
        phase = self.phase_on(day)
        return None if phase is None else (day - phase.start).days + 1

    @property
    def kefir_start(self) -> date | None:
        return next((p.start for p in self.phases if p.kind.takes_kefir), None)

    def kefir_day(self, day: date) -> int | None:
        """1-based day of the intervention (ramp included) for a kefir day."""
        phase = self.phase_on(day)
        start = self.kefir_start
        if phase is None or start is None or not phase.kind.takes_kefir:
            return None
        return (day - start).days + 1

    def planned_ml(self, day: date) -> int:
        return self.plan.planned_ml(day)

    def slots(self, schedule: str) -> list[DueSlot]:
        return schedule_slots(self.phases, schedule)


def build_timeline(
    *,
    phases: Sequence[PlannedPhase],
    today: date,
    logs: Mapping[date, DayLog],
    pauses: Sequence[PauseWindow] = (),
    dose_changes: Sequence[DoseChange] = (),
    recorded: Mapping[date, Decision] | None = None,
    ramp: tuple[RampStep, ...],
    target_ml: int,
    rule: GutRule = DEFAULT_RULE,
) -> Timeline:
    phases = tuple(phases)
    kefir_days = [
        day
        for p in phases
        if p.kind.takes_kefir
        for day in days_between(p.start, p.end)
    ]
    last_day = phases[-1].end
    paused = frozenset(
        day
        for window in pauses
        for day in days_between(window.first_day, window.last_day or last_day)
    )
    plan = plan_doses(
        kefir_days,
        gut_scores={
            day: log.gut_discomfort for day, log in logs.items() if day <= today
        },
        ramp=ramp,
        target_ml=target_ml,
        rule=rule,
        paused=paused,
        dose_changes=dose_changes,
        recorded=recorded,
    )
    adherence = _adherence(phases, today, logs, plan)
    missed = _missed_recently(phases, today, logs)
    return Timeline(phases, today, plan, adherence, missed)


def _missed_recently(
    phases: tuple[PlannedPhase, ...], today: date, logs: Mapping[date, DayLog]
) -> tuple[date, ...]:
    first = max(phases[0].start, today - timedelta(days=MISSED_DAYS_WINDOW))
    last = min(phases[-1].end, today - timedelta(days=1))
    return tuple(day for day in days_between(first, last) if day not in logs)[::-1]


def _adherence(
    phases: tuple[PlannedPhase, ...],
    today: date,
    logs: Mapping[date, DayLog],
    plan: DosePlan,
) -> Adherence:
    counted = [
        day
        for day in days_between(phases[0].start, min(today, phases[-1].end))
        if day < today or day in logs
    ]
    planned = [day for day in counted if plan.planned_ml(day) > 0]
    taken = partial = missed = unlogged = 0
    for day in planned:
        log = logs.get(day)
        if log is None or log.kefir_ml is None:
            unlogged += 1
        elif log.kefir_ml >= plan.planned_ml(day):
            taken += 1
        elif log.kefir_ml > 0:
            partial += 1
        else:
            missed += 1
    logged = sum(1 for day in counted if day in logs)
    return Adherence(
        len(counted), logged, len(planned), taken, partial, missed, unlogged
    )


def schedule_slots(phases: Sequence[PlannedPhase], schedule: str) -> list[DueSlot]:
    """When a weekly or monthly instrument is due, each slot open for 3 days."""
    if schedule == "monthly":
        first = DueSlot(f"{phases[0].kind.label}, day 1", phases[0].start)
        last = DueSlot("Last day", phases[-1].end)
        return [first] if first.due_on == last.due_on else [first, last]
    return weekly_slots(phases)


def weekly_slots(phases: Sequence[PlannedPhase]) -> list[DueSlot]:
    """Weekly instruments (POEM first) are due on the first programme day, on kefir
    days 7, 14 and 21, and at the end of each extension and of the follow-up."""
    slots = [DueSlot(f"{phases[0].kind.label}, day 1", phases[0].start)]
    kefir_phases = [p for p in phases if p.kind.takes_kefir]
    if kefir_phases:
        start = kefir_phases[0].start
        for number in WEEKLY_KEFIR_DAYS:
            day = start + timedelta(days=number - 1)
            if any(p.start <= day <= p.end for p in kefir_phases):
                slots.append(DueSlot(f"Kefir day {number}", day))
    slots.extend(
        DueSlot(f"End of {phase.kind.label.lower()}", phase.end)
        for phase in phases
        if phase.kind in (PhaseKind.EXTENSION, PhaseKind.FOLLOW_UP)
    )
    unique = {slot.due_on: slot for slot in slots}
    return sorted(unique.values(), key=lambda slot: slot.due_on)
