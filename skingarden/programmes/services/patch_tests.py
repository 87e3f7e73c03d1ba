"""The 7-day patch test that must pass before the topical arm can be switched on."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts.models import User
from skingarden.accounts.selectors import safety_screen_current
from skingarden.programmes.models import PatchTest, PatchTestDay
from skingarden.programmes.selectors.patch_tests import patch_test_status
from skingarden.programmes.services.freshness import open_programmes_touch

SCREEN_REQUIRED = (
    "Pass the safety screen first: the topical arm is only for adults without a "
    "milk allergy."
)
START_RANGE = "Start today or up to 7 days ago."
RATIO_RANGE = "Use whole numbers from 1 to 20 for each part of the ratio."
DAY_OUTSIDE = "{day} is not one of this patch test's seven days ({first} to {last})."
DAY_FUTURE = "You cannot log a day that has not happened yet."
TEST_CLOSED = "This patch test is over ({status}). Start a new one to try again."


@transaction.atomic
def patch_test_start(
    *,
    user: User,
    started_on: date,
    carrier: str,
    kefir_parts: int,
    carrier_parts: int,
    today: date,
) -> PatchTest:
    screen = safety_screen_current(user=user)
    if screen is None or not screen.allows_start:
        raise ValidationError(SCREEN_REQUIRED)
    if not today - timedelta(days=PatchTest.DAYS) <= started_on <= today:
        raise ValidationError({"started_on": START_RANGE})
    if not (1 <= kefir_parts <= 20 and 1 <= carrier_parts <= 20):
        raise ValidationError({"kefir_parts": RATIO_RANGE})
    test = PatchTest(
        owner=user,
        started_on=started_on,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=carrier_parts,
    )
    test.full_clean()
    test.save()
    open_programmes_touch(user)
    return test


@transaction.atomic
def patch_test_log_day(
    *, test: PatchTest, day: date, applied: bool, reaction: bool, note: str, today: date
) -> PatchTestDay:
    status = patch_test_status(test)
    if status in ("reaction", "incomplete"):
        raise ValidationError(TEST_CLOSED.format(status=status))
    last = test.started_on + timedelta(days=PatchTest.DAYS - 1)
    if day > today:
        raise ValidationError({"date": DAY_FUTURE})
    if not test.started_on <= day <= last:
        raise ValidationError(
            {
                "date": DAY_OUTSIDE.format(
                    day=day.isoformat(),
                    first=test.started_on.isoformat(),
                    last=last.isoformat(),
                )
            }
        )
    entry, _ = PatchTestDay.objects.get_or_create(
        patch_test=test,
        date=day,
        defaults={"applied": applied, "reaction": reaction, "note": note},
    )
    entry.applied, entry.reaction, entry.note = applied, reaction, note.strip()
    entry.full_clean()
    entry.save()
    open_programmes_touch(test.owner)
    return entry
