"""Participants and programmes on fixed dates, so a sweep's ``now`` can be exact."""

from datetime import UTC, date, datetime, time, timedelta

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.reminders.models import ReminderSettings
from skingarden.test import make_checkin, make_participant, make_programme

START = date(2026, 6, 5)  # day 1: a 7-day baseline, kefir from 12 June
# 18:30 UTC on 10 June: 19:30 in London (BST), 11:30 in Los Angeles (PDT) and
# already 06:30 on 11 June in Auckland (NZST).
NOW = datetime(2026, 6, 10, 18, 30, tzinfo=UTC)


def participant(
    email: str,
    *,
    time_zone: str = "Europe/London",
    logged_until: date | None = date(2026, 6, 9),
    start: date = START,
) -> tuple[User, Programme]:
    """A participant whose programme started on ``start``, logged every day up to
    ``logged_until``."""
    user = make_participant(email, time_zone=time_zone)
    programme = make_programme(user, start=start, today=start)
    day = start
    while logged_until is not None and day <= logged_until:
        make_checkin(programme, day)
        day += timedelta(days=1)
    return user, programme


def settings_for(user: User, **values: object) -> ReminderSettings:
    settings, _ = ReminderSettings.objects.update_or_create(user=user, defaults=values)
    return settings


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)
