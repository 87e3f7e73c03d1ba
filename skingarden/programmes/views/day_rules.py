"""Which days a programme's log form is offered for, and the fields of its Skin
section: shared by the log form and its offline page."""

from datetime import date

from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.charts import chart_measures
from skingarden.programmes.split_body import split_sites

# Why a day's form is not shown: each is a day the save would refuse
# (services.checkins._check_day and claim_open), said before anything is typed.
DAY_IN_FUTURE = "This day has not happened yet, so it cannot be logged."
DAY_BEFORE_START = (
    "Your programme starts on {first:%A %-d %B}, so there is nothing to log for "
    "this day."
)
DAY_AFTER_END = (
    "The last day of your programme was {last:%A %-d %B}, so this day is not part of "
    "it and cannot be logged."
)
PROGRAMME_CLOSED = (
    "This programme is {status}, so its days can no longer be logged or changed."
)


def day_refusal(programme: Programme, day: date, today: date) -> str:
    """Why ``day`` cannot be logged in ``programme``; "" when it can."""
    if not programme.is_open:
        return PROGRAMME_CLOSED.format(status=programme.get_status_display().lower())
    if day > today:
        return DAY_IN_FUTURE
    if day < programme.start_date:
        return DAY_BEFORE_START.format(first=programme.start_date)
    if programme.end_date is not None and day > programme.end_date:
        return DAY_AFTER_END.format(last=programme.end_date)
    return ""


def skin_fields(programme: Programme) -> list[str]:
    skin = [
        key
        for key in chart_measures(
            programme.primary_measure, programme.protocol.conditions
        )
        if key in ("worst_itch", "sleep_loss", "new_spots")
    ]
    sites = split_sites(programme.topical) or ()
    return [*skin, *(site.field for site in sites)]
