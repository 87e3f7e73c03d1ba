"""A programme's daily logs."""

from datetime import date

from skingarden.accounts.models import User
from skingarden.programmes.models import CheckIn, Programme


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


def last_checkin_date(*, user: User) -> date | None:
    row = (
        CheckIn.objects.filter(owner=user)
        .order_by("-date")
        .values_list("date", flat=True)
    )
    return row.first()
