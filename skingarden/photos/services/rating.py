"""Blinded ratings of photos (issue 13 §7): a rater's 0-3 for each sign on one
photo, and a practitioner's judgement of a split-body pair. The caller has already
checked that the rater may see the photo (the owner's selectors, or sharing's
consent); a rating changes the report, so the programme is touched."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.photos.blinding import kefir_shown_first
from skingarden.photos.models import (
    RATED_SIGNS,
    Photo,
    PhotoRating,
    PhotoSession,
    SidePreference,
)
from skingarden.programmes.services.freshness import programme_touch

NOT_READY = "This photo is not ready to be rated."
NOT_A_PAIR = "These two sessions are not one day's kefir side and carrier side."
NOT_A_PLACE = "Choose the first photo, the second photo, or no visible difference."
# The form's answers, by where the photo was shown, not by side.
FIRST, SECOND, NEITHER = "first", "second", "neither"


@transaction.atomic
def photo_rating_save(
    *,
    rater: User,
    photo: Photo,
    scores: dict[str, int],
    now: datetime | None = None,
) -> PhotoRating:
    """Keep (or replace) ``rater``'s rating of ``photo``: ``scores`` has each of
    ``RATED_SIGNS``, 0-3. Raises ValidationError, nothing written, for a photo not
    ready or a score off the scale."""
    if not photo.is_ready:
        raise ValidationError(NOT_READY)
    role = (
        PhotoRating.Role.PARTICIPANT
        if rater.pk == photo.owner_id
        else PhotoRating.Role.PRACTITIONER
    )
    rating = PhotoRating.objects.filter(rater=rater, photo=photo).first()
    rating = rating or PhotoRating(rater=rater, photo=photo)
    for sign in RATED_SIGNS:
        setattr(rating, sign, scores[sign])
    rating.role, rating.rated_at = role, now or timezone.now()
    rating.full_clean()
    rating.save()
    programme_touch(photo.session.programme)
    return rating


@transaction.atomic
def side_preference_save(
    *,
    rater: User,
    kefir_session: PhotoSession,
    carrier_session: PhotoSession,
    choice: str,
    now: datetime | None = None,
) -> SidePreference:
    """Keep (or replace) ``rater``'s judgement of one day's pair. ``choice`` is
    where the better-looking photo was shown (``FIRST``, ``SECOND``) or
    ``NEITHER``; it is stored as the side, using the rater's fixed placement."""
    if (
        kefir_session.programme_id != carrier_session.programme_id
        or kefir_session.taken_on != carrier_session.taken_on
        or kefir_session.site == carrier_session.site
    ):
        raise ValidationError(NOT_A_PAIR)
    if choice not in (FIRST, SECOND, NEITHER):
        raise ValidationError(NOT_A_PLACE)
    first = kefir_shown_first(rater.pk, kefir_session.code)
    preferred = SidePreference.Preferred.NEITHER
    if choice != NEITHER:
        kefir = (choice == FIRST) == first
        preferred = (
            SidePreference.Preferred.KEFIR
            if kefir
            else SidePreference.Preferred.CARRIER
        )
    found = SidePreference.objects.filter(rater=rater, kefir_session=kefir_session)
    judgement = found.first() or SidePreference(
        rater=rater, kefir_session=kefir_session
    )
    judgement.carrier_session = carrier_session
    judgement.preferred, judgement.kefir_shown_first = preferred, first
    judgement.rated_at = now or timezone.now()
    judgement.full_clean()
    judgement.save()
    programme_touch(kefir_session.programme)
    return judgement
