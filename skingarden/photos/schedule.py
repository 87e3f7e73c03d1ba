"""When photo sessions are due: the locked protocol's photo schedule laid on the
programme's phases. Pure, no Django.

A session is due on its day and stays open for up to three days, like a weekly
questionnaire, but never into the next scheduled session or another phase (a
baseline photo taken on a kefir day would not be a baseline photo). Days that fall
together (kefir day 21 is also the last day without a follow-up) are one session.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from skingarden.lib.days import days_between
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.protocol import PhotoSchedule

WINDOW_DAYS = 3


@dataclass(frozen=True)
class PhotoSlot:
    due_on: date
    closes_on: date
    label: str  # e.g. "baseline day 4", "kefir day 14, the last day"

    def is_open_on(self, day: date) -> bool:
        return self.due_on <= day <= self.closes_on


def photo_slots(
    schedule: PhotoSchedule, phases: Sequence[PlannedPhase]
) -> list[PhotoSlot]:
    """Every scheduled session of a programme, in date order."""
    if not phases:
        return []
    labels: dict[date, list[str]] = {}
    for day, label in _scheduled_days(schedule, phases):
        labels.setdefault(day, []).append(label)
    days = sorted(labels)
    return [
        PhotoSlot(day, _closes_on(day, days[n + 1 :], phases), ", ".join(labels[day]))
        for n, day in enumerate(days)
    ]


def _scheduled_days(
    schedule: PhotoSchedule, phases: Sequence[PlannedPhase]
) -> list[tuple[date, str]]:
    found = []
    for phase in phases:
        if phase.kind is PhaseKind.BASELINE:
            found += [
                (phase.start + timedelta(days=n - 1), f"baseline day {n}")
                for n in schedule.baseline_days
                if n <= phase.days
            ]
    kefir_days = [
        day
        for phase in phases
        if phase.kind.takes_kefir
        for day in days_between(phase.start, phase.end)
    ]
    step = schedule.every_kefir_days
    found += [
        (kefir_days[n - 1], f"kefir day {n}")
        for n in range(step, len(kefir_days) + 1, step)
    ]
    if schedule.last_day:
        found.append((phases[-1].end, "the last day"))
    return found


def _closes_on(
    day: date, later: Sequence[date], phases: Sequence[PlannedPhase]
) -> date:
    closes = day + timedelta(days=WINDOW_DAYS - 1)
    if later:
        closes = min(closes, later[0] - timedelta(days=1))
    phase = next((p for p in phases if p.start <= day <= p.end), None)
    return min(closes, phase.end) if phase else day
