"""The photo plan in force: the locked protocol's, or the one the latest photo-plan
amendment set (sites added, the schedule changed)."""

from skingarden.programmes.models import Amendment, Programme
from skingarden.programmes.protocol import PhotoPlan


def photo_plan_in_force(*, programme: Programme) -> PhotoPlan:
    """One query."""
    latest = (
        Amendment.objects.filter(programme=programme, kind=Amendment.Kind.PHOTO_PLAN)
        .order_by("-recorded_at", "-id")
        .values_list("details", flat=True)
        .first()
    )
    if latest is None:
        return programme.protocol.photos
    return PhotoPlan.from_json(latest["plan"], topical=programme.topical)
