"""Deleting a shot, to take it again (a session keeps at most two)."""

from django.db import transaction

from skingarden.photos.models import Photo, PhotoSession
from skingarden.programmes.services.freshness import claim_open


@transaction.atomic
def photo_delete(*, photo: Photo) -> None:
    """Delete the photo, its regions and results, its session when it was the last
    shot in it, and (once that is committed, by ``photos.signals``) its files. Only
    while the programme is open: a finished programme's record stays as it was."""
    claim_open(photo.session.programme)
    session_id = photo.session_id
    photo.delete()
    PhotoSession.objects.filter(pk=session_id, photos__isnull=True).delete()
