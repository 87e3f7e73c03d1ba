"""Patch tests for tests: kept in real time through the services (time passed in),
or stored the way tests were kept before issue 10."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from skingarden.accounts.models import User
from skingarden.programmes.models import PatchTest, PatchTestDay
from skingarden.programmes.services import patch_tests as services

LONDON = ZoneInfo("Europe/London")  # make_participant's default time zone


def evening(day: date) -> datetime:
    """8 pm on ``day`` in the participant's zone: the moment of an entry."""
    return datetime(day.year, day.month, day.day, 20, 0, tzinfo=LONDON)


def start_patch_test(
    user: User, *, today: date, carrier: str = "petrolatum", kefir_parts: int = 1
) -> PatchTest:
    return services.patch_test_start(
        user=user,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=4,
        today=today,
    )


def log_patch_day(
    test: PatchTest,
    day: date,
    *,
    today: date | None = None,
    applied: bool = True,
    reaction: bool = False,
) -> PatchTestDay:
    """Log ``day`` on ``today`` (the day itself unless given), in the evening."""
    today = today or day
    return services.patch_test_log_day(
        test=test,
        day=day,
        applied=applied,
        reaction=reaction,
        note="",
        today=today,
        now=evening(today),
    )


def pass_patch_test(user: User, *, start: date) -> PatchTest:
    """Started on ``start``, each of the seven days logged on its own evening."""
    test = start_patch_test(user, today=start)
    for n in range(PatchTest.DAYS):
        log_patch_day(test, start + timedelta(days=n))
    return test


def kept_before_patch_test(user: User, *, start: date) -> PatchTest:
    """A test as one passed before issue 10 was stored: seven clean days, no entry
    times, not kept in real time (migration 0004 left every older test so)."""
    test = PatchTest.objects.create(
        owner=user,
        started_on=start,
        carrier="petrolatum",
        kefir_parts=1,
        carrier_parts=4,
        real_time=False,
    )
    PatchTestDay.objects.bulk_create(
        PatchTestDay(
            patch_test=test,
            date=start + timedelta(days=n),
            applied=True,
            reaction=False,
        )
        for n in range(PatchTest.DAYS)
    )
    return test
