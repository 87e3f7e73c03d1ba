"""The 7-day patch test that must pass before the topical arm can be switched on.

It happens in real time: a test starts on the day it is started, and each day is
logged on that day or the next, with the moment of entry stored, so seven days
cannot be filled in afterwards in a minute.
"""

from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts.models import User
from skingarden.accounts.selectors import safety_screen_current
from skingarden.programmes.models import PatchTest, PatchTestDay
from skingarden.programmes.selectors.patch_tests import (
    PatchTestStatus,
    patch_test_dates,
    patch_test_status,
)
from skingarden.programmes.services.freshness import open_programmes_touch

SCREEN_REQUIRED = (
    "Pass the safety screen first: the topical arm is only for adults without a "
    "milk allergy."
)
RATIO_RANGE = "Use whole numbers from 1 to 20 for each part of the ratio."
DAY_OUTSIDE = "{day} is not one of this patch test's seven days ({first} to {last})."
DAY_FUTURE = "You cannot log a day that has not happened yet."
DAY_TOO_LATE = (
    "{day} can no longer be logged: each day is logged on that day or the next."
)
TEST_CLOSED = "This patch test is over ({status}). Start a new one to try again."
TEST_NOT_COUNTED = (
    "This patch test was not kept day by day in Skin Garden, so it cannot be "
    "continued. Start a new one."
)


@transaction.atomic
def patch_test_start(
    *,
    user: User,
    carrier: str,
    kefir_parts: int,
    carrier_parts: int,
    today: date,
) -> PatchTest:
    """Start a patch test today (its day 1), kept in real time."""
    screen = safety_screen_current(user=user)
    if screen is None or not screen.allows_start:
        raise ValidationError(SCREEN_REQUIRED)
    if not (1 <= kefir_parts <= 20 and 1 <= carrier_parts <= 20):
        raise ValidationError({"kefir_parts": RATIO_RANGE})
    test = PatchTest(
        owner=user,
        started_on=today,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=carrier_parts,
        real_time=True,
    )
    test.full_clean()
    test.save()
    open_programmes_touch(user)
    return test


@transaction.atomic
def patch_test_log_day(
    *,
    test: PatchTest,
    day: date,
    applied: bool,
    reaction: bool,
    note: str,
    today: date,
    now: datetime,
) -> PatchTestDay:
    """Log (or correct) one day on that day or the next; ``now`` is stored as the
    entry time."""
    _check_open(test, today)
    _check_day(test, day, today)
    entry = PatchTestDay.objects.filter(patch_test=test, date=day).first()
    if entry is None:
        entry = PatchTestDay(patch_test=test, date=day)
    entry.applied, entry.reaction, entry.note = applied, reaction, note.strip()
    entry.entered_at = now
    entry.full_clean()
    entry.save()
    open_programmes_touch(test.owner)
    return entry


def _check_open(test: PatchTest, today: date) -> None:
    status = patch_test_status(test, today=today)
    if status in (PatchTestStatus.KEPT_BEFORE, PatchTestStatus.IMPORTED):
        raise ValidationError(TEST_NOT_COUNTED)
    if not status.is_open:
        raise ValidationError(TEST_CLOSED.format(status=status.label))


def _check_day(test: PatchTest, day: date, today: date) -> None:
    dates = patch_test_dates(test)
    if day > today:
        raise ValidationError({"day": DAY_FUTURE})
    if day not in dates:
        first, last = dates[0].isoformat(), dates[-1].isoformat()
        raise ValidationError(
            {"day": DAY_OUTSIDE.format(day=day.isoformat(), first=first, last=last)}
        )
    if day + timedelta(days=1) < today:
        raise ValidationError({"day": DAY_TOO_LATE.format(day=day.isoformat())})
