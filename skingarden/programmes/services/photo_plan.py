"""Changing the photo plan after the start: an amendment, never an edit of the
locked protocol. Sites can be added (none removed: their photos stay part of the
record) and the schedule changed; the new plan applies from then on."""

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.programmes.models import Amendment, Programme
from skingarden.programmes.protocol import PhotoPlan, PhotoSchedule, PhotoSite
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.programmes.services.amendments import REASON_REQUIRED
from skingarden.programmes.services.freshness import claim_open
from skingarden.programmes.services.programmes import (
    amendment_record,
    check_photo_sites,
    photo_problems,
)

NOTHING_CHANGED = "That is already the photo plan."


@transaction.atomic
def programme_change_photo_plan(
    *,
    programme: Programme,
    new_sites: Sequence[str],
    schedule: PhotoSchedule,
    why: str,
    today: date,
) -> Amendment:
    """Record the new plan as an amendment effective today.

    Raises ValidationError (nothing written) for a reason left out, a site name that
    is empty, too long or already on the list, more than 8 sites, a schedule out of
    range, no change at all, or a programme that has ended.
    """
    claim_open(programme)
    if not why.strip():
        raise ValidationError({"why": REASON_REQUIRED})
    errors = photo_problems(new_sites, schedule)
    if errors:
        raise ValidationError(errors)
    current = photo_plan_in_force(programme=programme)
    plan = _changed(current, new_sites, schedule)
    check_photo_sites(plan)
    if plan == current:
        raise ValidationError(NOTHING_CHANGED)
    return amendment_record(
        programme,
        kind=Amendment.Kind.PHOTO_PLAN,
        effective_on=today,
        what=_what(current, plan),
        why=why.strip(),
        details={"plan": plan.to_json()},
    )


def _changed(
    current: PhotoPlan, new_sites: Sequence[str], schedule: PhotoSchedule
) -> PhotoPlan:
    first = len(current.sites) + 1
    added = tuple(
        PhotoSite(number, name.strip())
        for number, name in enumerate(new_sites, start=first)
    )
    return PhotoPlan(sites=current.sites + added, schedule=schedule)


def _what(current: PhotoPlan, plan: PhotoPlan) -> str:
    parts = []
    added = plan.sites[len(current.sites) :]
    if added:
        parts.append("sites added: " + ", ".join(site.name for site in added))
    if plan.schedule != current.schedule:
        parts.append("schedule now " + schedule_words(plan.schedule))
    return "Photo plan changed: " + "; ".join(parts) + "."


def schedule_words(schedule: PhotoSchedule) -> str:
    days = schedule.baseline_days
    words = []
    if days:
        plural = "s" if len(days) > 1 else ""
        words.append(f"baseline day{plural} " + ", ".join(str(day) for day in days))
    words.append(f"every {schedule.every_kefir_days} kefir days")
    if schedule.last_day:
        words.append("the last day")
    return ", ".join(words)
