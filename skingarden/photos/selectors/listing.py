"""Every photo of a programme the caller may already see, with its current result
(issue 14 §1: the API's photo list)."""

from skingarden.photos.models import Photo
from skingarden.photos.selectors.timeline import current_analyses
from skingarden.programmes.models import Programme


def photos_in_programme(*, programme: Programme) -> list[Photo]:
    """Oldest first, by day, site and shot: two queries whatever their number (the
    photos with their sessions, and their results by the current algorithm)."""
    photos = list(
        Photo.objects.filter(session__programme=programme)
        .select_related("session")
        .prefetch_related(current_analyses())
        .order_by("session__taken_on", "session__site", "shot")
    )
    for photo in photos:
        photo.session.programme = programme
    return photos
