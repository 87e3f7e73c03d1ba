"""Regions marked on a photo and the redness metric computed from them (issue 13
§5). The metric is the pure core's (``redness/1``); each result is a row of its own
with the algorithm's version, so stored regions can be measured again when the
algorithm changes."""

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import working_copy
from skingarden.photos.metrics.redness import (
    ALGORITHM_VERSION,
    RednessResult,
    measure_redness,
)
from skingarden.photos.metrics.regions import Circle, Polygon, circle, polygon
from skingarden.photos.models import Photo, PhotoAnalysis
from skingarden.photos.storage import read_file, upload_limits
from skingarden.programmes.models import Programme
from skingarden.programmes.services.freshness import programme_touch

Points = Sequence[Sequence[float]]


def photo_regions_save(
    *,
    photo: Photo,
    lesion: Points,
    reference: Points,
    neutral: tuple[float, float] | None,
    now: datetime | None = None,
) -> PhotoAnalysis:
    """Measure the regions on the stored photo, then keep both the regions and the
    result (replacing earlier ones).

    Raises ValidationError with the core's message, nothing written, for a polygon
    that is malformed, outside the photo or under 50 pixels, or a neutral patch
    that cannot be one.
    """
    try:
        shapes = _shapes(photo, lesion, reference, neutral)
        result = _measure(photo, *shapes)
    except PhotoError as error:
        raise ValidationError(str(error)) from None
    return _store(photo, *shapes, result, now or timezone.now())


def photo_analyses_rerun(*, programme: Programme, now: datetime | None = None) -> int:
    """Measure again every photo of the programme whose regions have no result by
    the current algorithm; returns how many were measured."""
    stale = (
        Photo.objects.filter(
            session__programme=programme, regions_marked_at__isnull=False
        )
        .exclude(analyses__algorithm_version=ALGORITHM_VERSION)
        .select_related("session__programme")
    )
    count = 0
    for photo in stale:
        stored = photo.neutral
        neutral = (float(stored[0]), float(stored[1])) if stored else None
        photo_regions_save(
            photo=photo,
            lesion=photo.lesion,
            reference=photo.reference,
            neutral=neutral,
            now=now,
        )
        count += 1
    return count


def _shapes(
    photo: Photo,
    lesion: Points,
    reference: Points,
    neutral: tuple[float, float] | None,
) -> tuple[Polygon, Polygon, Circle | None]:
    patch = None
    if neutral is not None:
        patch = circle(neutral[0], neutral[1], photo.neutral_radius)
    return polygon(lesion, "lesion"), polygon(reference, "reference"), patch


def _measure(
    photo: Photo, lesion: Polygon, reference: Polygon, neutral: Circle | None
) -> RednessResult:
    limits = upload_limits()
    copy = working_copy(read_file(photo.original), limits)
    return measure_redness(copy, lesion=lesion, reference=reference, neutral=neutral)


@transaction.atomic
def _store(
    photo: Photo,
    lesion: Polygon,
    reference: Polygon,
    neutral: Circle | None,
    result: RednessResult,
    now: datetime,
) -> PhotoAnalysis:
    photo.lesion = [list(point) for point in lesion.points]
    photo.reference = [list(point) for point in reference.points]
    photo.neutral = [neutral.x, neutral.y, neutral.radius] if neutral else None
    photo.regions_marked_at = now
    photo.save(update_fields=["lesion", "reference", "neutral", "regions_marked_at"])
    PhotoAnalysis.objects.filter(photo=photo).delete()
    analysis = _analysis(photo, result, now)
    analysis.full_clean()
    analysis.save()
    programme_touch(photo.session.programme)
    return analysis


def _analysis(photo: Photo, result: RednessResult, now: datetime) -> PhotoAnalysis:
    lesion, reference = result.lesion, result.reference
    return PhotoAnalysis(
        photo=photo,
        algorithm_version=result.algorithm_version,
        lesion_l=lesion.l_star,
        lesion_a=lesion.a_star,
        lesion_b=lesion.b_star,
        lesion_pixels=lesion.pixels,
        reference_l=reference.l_star,
        reference_a=reference.a_star,
        reference_b=reference.b_star,
        reference_pixels=reference.pixels,
        delta_a=result.delta_a,
        delta_e00=result.delta_e00,
        erythema_fraction=result.erythema_fraction,
        gains=list(result.gains) if result.gains else None,
        computed_at=now,
    )
