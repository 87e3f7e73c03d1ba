"""Which reminders one participant is due at a given moment: pure, no Django.

The sweep gathers plain values for every participant with an open programme and
asks :func:`reminders_due`; the sent log then makes sure each kind goes at most
once per participant and local date.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum

from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.timeline import DueSlot

# A nudge needs this many whole programme days without a log before today.
NUDGE_AFTER_MISSED_DAYS = 2


class Kind(StrEnum):
    DAILY = "daily"
    NUDGE = "nudge"
    INSTRUMENTS = "instruments"

    @property
    def label(self) -> str:
        return KIND_LABELS[self]


KIND_LABELS = {
    Kind.DAILY: "Daily reminder",
    Kind.NUDGE: "Nudge after two days without a log",
    Kind.INSTRUMENTS: "Questionnaire due",
}


@dataclass(frozen=True)
class Preferences:
    daily: bool
    nudge: bool
    instruments: bool
    at: time  # local wall-clock time, in the participant's time zone


@dataclass(frozen=True)
class InstrumentSlot:
    instrument_id: str
    slot: DueSlot


@dataclass(frozen=True)
class ParticipantDay:
    """What the sweep knows about one participant with an open programme."""

    local_now: datetime  # aware, in the participant's time zone
    preferences: Preferences
    phases: Sequence[PlannedPhase]
    instrument_slots: Sequence[InstrumentSlot]
    answered: frozenset[tuple[str, date]]  # (instrument id, due date) answered
    last_logged: date | None
    last_sent: Mapping[Kind, date]

    @property
    def today(self) -> date:
        return self.local_now.date()

    @property
    def first_day(self) -> date:
        return self.phases[0].start

    @property
    def last_day(self) -> date:
        return self.phases[-1].end

    @property
    def logged_today(self) -> bool:
        return self.last_logged is not None and self.last_logged >= self.today

    def sent_today(self, kind: Kind) -> bool:
        return self.last_sent.get(kind) == self.today


def reminders_due(day: ParticipantDay) -> tuple[Kind, ...]:
    """The kinds to send now: nothing before the chosen time or outside the
    programme's days; a nudge replaces the daily reminder on the day it goes."""
    if not day.phases or day.local_now.time() < day.preferences.at:
        return ()
    if not day.first_day <= day.today <= day.last_day:
        return ()
    kinds = []
    if nudge_due(day):
        kinds.append(Kind.NUDGE)
    elif daily_due(day):
        kinds.append(Kind.DAILY)
    if instruments_due(day):
        kinds.append(Kind.INSTRUMENTS)
    return tuple(kind for kind in kinds if not day.sent_today(kind))


def daily_due(day: ParticipantDay) -> bool:
    return (
        day.preferences.daily
        and not day.logged_today
        and not day.sent_today(Kind.NUDGE)
    )


def nudge_due(day: ParticipantDay) -> bool:
    """Due once per gap: when yesterday and the day before were programme days with
    no log (so never on day 1 or 2), today is not logged yet, and no nudge has gone
    since the last log."""
    if not day.preferences.nudge or day.logged_today:
        return False
    gap_start = day.first_day
    if day.last_logged is not None:
        gap_start = max(gap_start, day.last_logged + timedelta(days=1))
    if (day.today - gap_start).days < NUDGE_AFTER_MISSED_DAYS:
        return False
    last_nudge = day.last_sent.get(Kind.NUDGE)
    return last_nudge is None or last_nudge < gap_start


def instruments_due(day: ParticipantDay) -> bool:
    """A weekly or monthly questionnaire falls due today and is not answered yet."""
    if not day.preferences.instruments:
        return False
    return any(
        item.slot.due_on == day.today
        and (item.instrument_id, item.slot.due_on) not in day.answered
        for item in day.instrument_slots
    )
