"""One photo's page: its result, and the regions to start marking from (issue 13
§5): its own when marked, else those of the site's latest earlier marked photo (the
session's other shot first), scaled to this photo's size."""

from dataclasses import dataclass
from datetime import date
from typing import Any

from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo, PhotoAnalysis
from skingarden.programmes.protocol import PhotoSite

Points = list[list[float]]


@dataclass(frozen=True)
class StartingRegions:
    lesion: Points
    reference: Points
    neutral: list[float] | None  # x, y: the patch's centre
    from_day: date | None  # the earlier photo's day; None when they are its own


@dataclass(frozen=True)
class PhotoPage:
    photo: Photo
    site: PhotoSite
    analysis: PhotoAnalysis | None
    start: StartingRegions | None
    session_photos: list[Photo]


def photo_page(*, photo: Photo, site: PhotoSite) -> PhotoPage:
    """Three queries: the result, the session's shots, an earlier marked photo."""
    analysis = photo.analyses.filter(algorithm_version=ALGORITHM_VERSION).first()
    shots = list(photo.session.photos.order_by("shot"))
    return PhotoPage(photo, site, analysis, _starting_regions(photo), shots)


def _starting_regions(photo: Photo) -> StartingRegions | None:
    if photo.has_regions:
        return _regions_of(photo, photo, None)
    session = photo.session
    earlier = (
        Photo.objects.filter(
            session__programme_id=session.programme_id,
            session__site=session.site,
            session__taken_on__lte=session.taken_on,
            regions_marked_at__isnull=False,
        )
        .exclude(pk=photo.pk)
        .select_related("session")
        .order_by("-session__taken_on", "-regions_marked_at")
        .first()
    )
    if earlier is None:
        return None
    return _regions_of(earlier, photo, earlier.session.taken_on)


def _regions_of(source: Photo, target: Photo, day: date | None) -> StartingRegions:
    scale_x, scale_y = target.width / source.width, target.height / source.height

    def scaled(points: Any) -> Points:
        return [[round(x * scale_x, 1), round(y * scale_y, 1)] for x, y in points]

    neutral = None
    if source.neutral:
        neutral = scaled([source.neutral[:2]])[0]
    return StartingRegions(
        scaled(source.lesion), scaled(source.reference), neutral, day
    )
