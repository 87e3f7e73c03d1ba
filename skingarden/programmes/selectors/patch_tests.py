"""The participant's patch tests of the topical mixture."""

from datetime import timedelta
from uuid import UUID

from django.http import Http404

from skingarden.accounts.models import User
from skingarden.programmes.models import PatchTest, PatchTestDay


def patch_tests_for_user(*, user: User) -> list[PatchTest]:
    return list(PatchTest.objects.filter(owner=user).prefetch_related("days"))


def patch_test_get_for_user(*, user: User, code: UUID | str) -> PatchTest:
    test = (
        PatchTest.objects.filter(owner=user, code=code).prefetch_related("days").first()
    )
    if test is None:
        raise Http404("No such patch test.")
    return test


def patch_test_status(test: PatchTest) -> str:
    """``reaction`` if any day had one; ``incomplete`` if a day of the seven was
    skipped; ``passed`` once all seven days were applied with no reaction; else
    ``in_progress``."""
    days: list[PatchTestDay] = list(test.days.all())
    if any(day.reaction for day in days):
        return "reaction"
    if any(not day.applied for day in days):
        return "incomplete"
    wanted = {test.started_on + timedelta(days=n) for n in range(PatchTest.DAYS)}
    return "passed" if wanted <= {day.date for day in days} else "in_progress"


def patch_test_passed_for(
    *, user: User, carrier: str, kefir_parts: int, carrier_parts: int
) -> PatchTest | None:
    """A passed patch test of exactly this mixture, if the participant has one."""
    candidates = PatchTest.objects.filter(
        owner=user,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=carrier_parts,
    ).prefetch_related("days")
    return next(
        (test for test in candidates if patch_test_status(test) == "passed"), None
    )
