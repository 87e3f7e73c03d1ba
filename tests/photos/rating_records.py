"""For tests of blinded ratings: photo rows marked ready without image files (the
rating pages only link to the files), in sessions on chosen days, and a participant
whose programme runs baseline days 1-7, a 6-day ramp, then kefir."""

from datetime import date, timedelta

from django.utils import timezone

from skingarden.photos.models import Photo, PhotoAnalysis, PhotoRating, PhotoSession
from skingarden.programmes.models import Programme
from skingarden.test import photo_result

# Days after the start: three baseline sessions, three kefir sessions (the ramp is
# days 8-13, so kefir begins on offset 13).
BASELINE_OFFSETS = (0, 3, 6)
KEFIR_OFFSETS = (13, 16, 19)


def ready_photo(
    programme: Programme, day: date, *, site: int = 1, shot: int = 1
) -> Photo:
    session, _ = PhotoSession.objects.get_or_create(
        owner=programme.owner, programme=programme, site=site, taken_on=day
    )
    return Photo.objects.create(
        owner=programme.owner,
        session=session,
        shot=shot,
        original=f"photos/{session.code.hex}-{shot}.jpg",
        display=f"photos/{session.code.hex}-{shot}-display.jpg",
        thumbnail=f"photos/{session.code.hex}-{shot}-thumbnail.jpg",
        content_type="image/jpeg",
        source_format="JPEG",
        width=1200,
        height=900,
        size_bytes=1000,
        sha256="0" * 64,
        sharpness=50.0,
        status=Photo.Status.READY,
        uploaded_at=timezone.now(),
    )


def six_sessions(programme: Programme, *, site: int = 1) -> list[Photo]:
    """One photo per session: three baseline sessions, then three kefir ones."""
    start = programme.start_date
    return [
        ready_photo(programme, start + timedelta(days=offset), site=site)
        for offset in BASELINE_OFFSETS + KEFIR_OFFSETS
    ]


def rate_directly(rater, photo: Photo, redness: int, dryness=0, thickening=0):
    role = "participant" if rater.pk == photo.owner_id else "practitioner"
    return PhotoRating.objects.create(
        rater=rater,
        photo=photo,
        role=role,
        redness=redness,
        dryness=dryness,
        thickening=thickening,
        rated_at=timezone.now(),
    )


def measured(photo: Photo, delta_a: float) -> PhotoAnalysis:
    """A stored result for ``photo`` with the given Δa* (the rest plausible)."""
    return photo_result(photo, delta_a, now=timezone.now())
