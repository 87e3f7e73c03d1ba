"""Gather a participant's programme for their calendar feed (see calendar.py)."""

from datetime import datetime

from skingarden.lib.days import days_between
from skingarden.programmes.selectors.access import (
    programme_get_for_user,
    programme_pointer_for_dashboard,
)
from skingarden.programmes.selectors.state import ProgrammeState, programme_state
from skingarden.reminders.calendar import Dose, FeedPlan, InstrumentDue, calendar_ics
from skingarden.reminders.models import ReminderSettings


def calendar_feed_for(*, settings: ReminderSettings, now: datetime) -> bytes:
    """The feed of the participant's latest programme (open or finished), planned
    as of their local today; an empty calendar before their first programme."""
    user = settings.user
    pointer = programme_pointer_for_dashboard(user=user)
    if pointer is None:
        return calendar_ics(None, stamp=now)
    zone = user.profile.zone
    programme = programme_get_for_user(user=user, code=pointer.code)
    state = programme_state(programme=programme, today=now.astimezone(zone).date())
    plan = FeedPlan(
        programme_code=str(programme.code),
        phases=state.timeline.phases,
        doses=planned_doses(state),
        instruments=[
            InstrumentDue(status.instrument_id, status.title, status.slot)
            for status in state.instruments
        ],
        zone=zone,
        dose_time=settings.reminder_time,
    )
    return calendar_ics(plan, stamp=now)


def planned_doses(state: ProgrammeState) -> list[Dose]:
    """Every kefir day with a dose planned (none while paused or after a stop)."""
    timeline = state.timeline
    doses = []
    for phase in timeline.phases:
        if not phase.kind.takes_kefir:
            continue
        for day in days_between(phase.start, phase.end):
            ml = timeline.planned_ml(day)
            kefir_day = timeline.kefir_day(day)
            if ml > 0 and kefir_day is not None:
                doses.append(Dose(day, kefir_day, ml))
    return doses
