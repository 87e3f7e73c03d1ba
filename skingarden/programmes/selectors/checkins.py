"""A programme's daily logs."""

from datetime import date

from skingarden.accounts.models import User
from skingarden.programmes.models import CheckIn, Phase, Programme


def checkin_for_day(*, programme: Programme, day: date) -> CheckIn | None:
    return CheckIn.objects.filter(programme=programme, date=day).first()


def checkin_latest_before(*, programme: Programme, day: date) -> CheckIn | None:
    return (
        CheckIn.objects.filter(programme=programme, date__lt=day)
        .order_by("-date")
        .first()
    )


def checkins_for_programme(*, programme: Programme) -> list[CheckIn]:
    return list(CheckIn.objects.filter(programme=programme).order_by("date"))


def checkins_in_period(
    *, programme: Programme, first: date | None, last: date | None
) -> list[CheckIn]:
    """The programme's logs from ``first`` to ``last`` (both included; None: no
    bound), oldest first."""
    found = CheckIn.objects.filter(programme=programme)
    if first is not None:
        found = found.filter(date__gte=first)
    if last is not None:
        found = found.filter(date__lte=last)
    return list(found.order_by("date"))


def last_checkin_date(*, user: User) -> date | None:
    row = (
        CheckIn.objects.filter(owner=user)
        .order_by("-date")
        .values_list("date", flat=True)
    )
    return row.first()


def topical_applies_on(*, programme: Programme, day: date) -> bool:
    """Whether the locked protocol applies the topical mixture on ``day``: the arm
    is on and the day falls in a phase of a kind it names (one query, only when the
    arm is on)."""
    if not programme.topical.enabled:
        return False
    phases = Phase.objects.filter(
        programme=programme, start_date__lte=day, end_date__gte=day
    )
    kind = phases.values_list("kind", flat=True).first()
    return kind is not None and programme.topical.applies_in(kind)
