"""The private calendar feed as iCalendar (RFC 5545): pure, no Django.

Phase starts and questionnaire due days are all-day events; each planned dose is
a short event at the participant's reminder time, in their time zone (TZID, with
the VTIMEZONE it needs), so a calendar app can alert them. Every event has a UID
derived from the programme and what the event is, not from its position in the
feed, so a calendar app updates an event that moved instead of adding a copy.
"""

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar

from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.timeline import DueSlot
from skingarden.reminders.timezones import vtimezone

PRODID = "-//Skin Garden//Programme calendar//EN"
CALENDAR_NAME = "Skin Garden"
UID_DOMAIN = "skingarden"
DOSE_MINUTES = 15
# How often calendar apps should fetch the feed again.
REFRESH = timedelta(hours=6)

PHASE_SUMMARIES = {
    PhaseKind.BASELINE: "Baseline starts (no kefir)",
    PhaseKind.RAMP: "Kefir starts: ramp-up",
    PhaseKind.INTERVENTION: "Kefir: full dose starts",
    PhaseKind.EXTENSION: "Kefir extension starts",
    PhaseKind.FOLLOW_UP: "Follow-up starts (no kefir)",
}


@dataclass(frozen=True)
class Dose:
    day: date
    kefir_day: int
    ml: int


@dataclass(frozen=True)
class InstrumentDue:
    instrument_id: str
    title: str
    slot: DueSlot


@dataclass(frozen=True)
class FeedPlan:
    """One programme's calendar, as plain values."""

    programme_code: str
    phases: Sequence[PlannedPhase]
    doses: Sequence[Dose]
    instruments: Sequence[InstrumentDue]
    zone: ZoneInfo
    dose_time: time


def calendar_ics(plan: FeedPlan | None, *, stamp: datetime) -> bytes:
    """The feed; an empty calendar when the participant has no programme."""
    calendar = icalendar.Calendar.new(
        prodid=PRODID,
        name=CALENDAR_NAME,
        uid=f"calendar-{plan.programme_code}@{UID_DOMAIN}" if plan else None,
    )
    # RFC 7986 §5.7 gives REFRESH-INTERVAL no default value type, so VALUE=DURATION
    # must be written; icalendar 7.3's refresh_interval= leaves it out.
    calendar.add("REFRESH-INTERVAL", REFRESH, parameters={"VALUE": "DURATION"})
    if plan is None:
        return bytes(calendar.to_ical())
    doses = dose_events(plan, stamp)
    if doses and "TZID" in doses[0]["DTSTART"].params:
        # The zone as it is on the dose days, a day either side.
        calendar.add_component(
            vtimezone(
                plan.zone,
                first=plan.doses[0].day - timedelta(days=1),
                last=plan.doses[-1].day + timedelta(days=1),
            )
        )
    for event in [*phase_events(plan, stamp), *doses, *instrument_events(plan, stamp)]:
        calendar.add_component(event)
    return bytes(calendar.to_ical())


def _uid(plan: FeedPlan, key: str) -> str:
    return f"{key}-{plan.programme_code}@{UID_DOMAIN}"


def _all_day(
    uid: str, summary: str, day: date, stamp: datetime, description: str
) -> icalendar.Event:
    return icalendar.Event.new(
        uid=uid,
        summary=summary,
        description=description,
        start=day,
        end=day + timedelta(days=1),
        stamp=stamp,
        transparency=icalendar.TRANSP.TRANSPARENT,
    )


def phase_events(plan: FeedPlan, stamp: datetime) -> list[icalendar.Event]:
    """One all-day event on the first day of each phase; a second extension is
    ``extension-2``, so each keeps its UID when the plan moves."""
    seen: Counter[PhaseKind] = Counter()
    events = []
    for phase in plan.phases:
        seen[phase.kind] += 1
        description = f"{phase.kind.label}: {phase.start:%-d %B} to {phase.end:%-d %B}."
        events.append(
            _all_day(
                _uid(plan, f"phase-{phase.kind.value}-{seen[phase.kind]}"),
                PHASE_SUMMARIES[phase.kind],
                phase.start,
                stamp,
                description,
            )
        )
    return events


def dose_events(plan: FeedPlan, stamp: datetime) -> list[icalendar.Event]:
    """The planned dose of each kefir day, at the reminder time in the participant's
    zone. The plan is the programme's as of today, gut-rule steps included."""
    events = []
    for dose in plan.doses:
        start = datetime.combine(dose.day, plan.dose_time, tzinfo=plan.zone)
        events.append(
            icalendar.Event.new(
                uid=_uid(plan, f"dose-{dose.day:%Y%m%d}"),
                summary=f"Kefir: {dose.ml} ml",
                description=(
                    f"Kefir day {dose.kefir_day}: {dose.ml} ml of plain kefir with "
                    "food, as planned. Log the day in Skin Garden."
                ),
                start=start,
                end=start + timedelta(minutes=DOSE_MINUTES),
                stamp=stamp,
                transparency=icalendar.TRANSP.TRANSPARENT,
            )
        )
    return events


def instrument_events(plan: FeedPlan, stamp: datetime) -> list[icalendar.Event]:
    """An all-day event on each questionnaire's due day, keyed by the slot's label
    (``kefir-day-7``), numbered when a label repeats."""
    seen: Counter[str] = Counter()
    events = []
    for item in plan.instruments:
        key = f"instrument-{item.instrument_id}-{_slug(item.slot.label)}"
        seen[key] += 1
        if seen[key] > 1:
            key = f"{key}-{seen[key]}"
        closes = item.slot.closes_on
        events.append(
            _all_day(
                _uid(plan, key),
                f"{item.title} due",
                item.slot.due_on,
                stamp,
                f"{item.slot.label}. Open until {closes:%-d %B}.",
            )
        )
    return events


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
