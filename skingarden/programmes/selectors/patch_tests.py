"""The participant's patch tests of the topical mixture, and where each stands.

A patch test counts only when it was kept in real time (``PatchTest.real_time``):
started on its first day, each day logged on that day or the next. Tests kept
before Skin Garden checked this, and tests that came by import, stay in the record
but never unlock the topical arm.
"""

from datetime import date, timedelta
from enum import StrEnum
from uuid import UUID

from django.http import Http404

from skingarden.accounts.models import User
from skingarden.programmes.models import PatchTest, PatchTestDay


class PatchTestStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    PASSED = "passed"
    REACTION = "reaction"
    INCOMPLETE = "incomplete"  # a day was missed or not applied: start again
    KEPT_BEFORE = "kept_before"  # from before real-time checks: does not count
    IMPORTED = "imported"  # came in a file: does not count

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_open(self) -> bool:
        """Whether days can still be logged (a passed test's last day may still be
        corrected, or a late reaction recorded, within its window)."""
        return self in (PatchTestStatus.IN_PROGRESS, PatchTestStatus.PASSED)


STATUS_LABELS = {
    PatchTestStatus.IN_PROGRESS: "in progress",
    PatchTestStatus.PASSED: "passed",
    PatchTestStatus.REACTION: "a reaction",
    PatchTestStatus.INCOMPLETE: "incomplete",
    PatchTestStatus.KEPT_BEFORE: "kept before day-by-day checks",
    PatchTestStatus.IMPORTED: "imported",
}


def patch_tests_for_user(*, user: User) -> list[PatchTest]:
    return list(PatchTest.objects.filter(owner=user).prefetch_related("days"))


def patch_test_get_for_user(*, user: User, code: UUID | str) -> PatchTest:
    test = (
        PatchTest.objects.filter(owner=user, code=code).prefetch_related("days").first()
    )
    if test is None:
        raise Http404("No such patch test.")
    return test


def patch_test_dates(test: PatchTest) -> list[date]:
    """The seven days of the test, day 1 first."""
    return [test.started_on + timedelta(days=n) for n in range(PatchTest.DAYS)]


def patch_test_status(test: PatchTest, *, today: date) -> PatchTestStatus:
    """Where the test stands on ``today`` (the participant's local date).

    A reaction on any day ends it, whenever it was kept. A test not kept in real
    time never counts. Otherwise a day not applied, or a day whose next day has
    passed without an entry, ends it as incomplete; it passes once all seven days
    are logged with no reaction and its seventh day has come.
    """
    days: list[PatchTestDay] = list(test.days.all())
    if any(day.reaction for day in days):
        return PatchTestStatus.REACTION
    if not test.real_time:
        return _not_counted(days)
    logged = {day.date for day in days}
    if any(not day.applied for day in days) or any(
        day not in logged and day + timedelta(days=1) < today
        for day in patch_test_dates(test)
    ):
        return PatchTestStatus.INCOMPLETE
    last = patch_test_dates(test)[-1]
    if last <= today and logged >= set(patch_test_dates(test)):
        return PatchTestStatus.PASSED
    return PatchTestStatus.IN_PROGRESS


def _not_counted(days: list[PatchTestDay]) -> PatchTestStatus:
    # Only real-time logging records entry times, and a test logged that way loses
    # real_time only by being exported and imported; a test with no entry times was
    # kept before the times were recorded (here, or wherever it was imported from).
    if any(day.entered_at is not None for day in days):
        return PatchTestStatus.IMPORTED
    return PatchTestStatus.KEPT_BEFORE


def patch_test_loggable_days(test: PatchTest, *, today: date) -> list[date]:
    """The days that can be logged now: today and yesterday, if they are days of
    the test and the test is still open."""
    if not patch_test_status(test, today=today).is_open:
        return []
    window = {today - timedelta(days=1), today}
    return [day for day in patch_test_dates(test) if day in window]


def patch_test_passed_for(
    *, user: User, carrier: str, kefir_parts: int, carrier_parts: int, today: date
) -> PatchTest | None:
    """A passed patch test of exactly this mixture, kept in real time, if the
    participant has one."""
    candidates = PatchTest.objects.filter(
        owner=user,
        real_time=True,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=carrier_parts,
    ).prefetch_related("days")
    return next(
        (
            test
            for test in candidates
            if patch_test_status(test, today=today) is PatchTestStatus.PASSED
        ),
        None,
    )


def patch_tests_passed(*, user: User, today: date) -> list[PatchTest]:
    """The participant's patch tests that can unlock the topical arm today."""
    return [
        test
        for test in patch_tests_for_user(user=user)
        if patch_test_status(test, today=today) is PatchTestStatus.PASSED
    ]
