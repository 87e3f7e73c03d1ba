"""What the capture page needs: the shots already taken today, and the site's first
photo, shown as a ghost to line the new one up with."""

from dataclasses import dataclass
from datetime import date

from skingarden.photos.models import SHOTS, Photo
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoSite


@dataclass(frozen=True)
class CaptureState:
    programme: Programme
    site: PhotoSite
    today: date
    taken_today: list[Photo]
    ghost: Photo | None  # the site's first photo with its display size ready

    @property
    def next_shot(self) -> int | None:
        """1 or 2, or None when today's session is complete."""
        taken = len(self.taken_today)
        return taken + 1 if taken < SHOTS else None

    @property
    def can_take(self) -> bool:
        return self.programme.is_open and self.today >= self.programme.start_date


def capture_state(
    *, programme: Programme, site: PhotoSite, today: date
) -> CaptureState:
    photos = Photo.objects.filter(
        session__programme=programme, session__site=site.number
    )
    taken = list(photos.filter(session__taken_on=today).order_by("shot"))
    ghost = (
        photos.filter(status=Photo.Status.READY)
        .order_by("session__taken_on", "shot")
        .first()
    )
    return CaptureState(programme, site, today, taken, ghost)
