"""The demo's blinded ratings (issue 13 §7, §9), made through the real services
after the photos are taken and the practitioner has consent.

- demo@example.org rated every photo of its site blind once the programme ended
  (the rating page, in the rater's blinded order, offers exactly these photos);
  demo-practitioner@ rated the same photos, so the report shows the agreement.
- demo-practitioner@ judged each day's pair of demo-split@'s forearms side by side.
- demo-split@ has not rated its own photos: it is mid-programme, and a blinded
  rating is done once, after the last session, so every photo is in one random
  order; the page is left for a visitor to try.

A rater's eye stands in for the measurement: each photo's Δa* (what the metric
measured on it, so a rating follows the lesion's easing) is put on the 0-3 scale,
then the rater's own noise and leaning are added. Dryness and thickening follow
the same severity a step or so lower (the generated images show redness only).
Each practitioner rating and judgement is audited as the practitioner's pages do.
"""

import random
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from skingarden.accounts.models import User
from skingarden.photos.models import RATED_SIGNS, PhotoAnalysis
from skingarden.photos.selectors.blinded import blinded_site
from skingarden.photos.selectors.split import SidePair, side_judging, split_photos
from skingarden.photos.services.rating import (
    FIRST,
    NEITHER,
    SECOND,
    photo_rating_save,
    side_preference_save,
)
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.sharing import services as sharing
from skingarden.sharing.models import AccessEvent, Consent

# The demo's lesions lie 6-9 a* units above the skin: a rater calls 6 none and
# 9 marked, a step of the 0-3 scale per unit (about a just-visible colour step).
NO_REDNESS = 6.0
UNITS_PER_STEP = 1.0
# How far below redness each sign sits, in steps of the scale.
SIGN_OFFSETS = {"redness": 0.0, "dryness": -0.8, "thickening": -1.4}
JUST_NOTICEABLE = 0.6  # Δa* between the sides a practitioner can see, by eye
PARTICIPANT_SEED = 1  # chosen so the redness ratings ease, as the lesion does
PRACTITIONER_SEED = 43  # chosen so the four pairs give kefir twice, a tie, carrier once


@dataclass(frozen=True)
class Rater:
    """One rater's eye: ``spread`` is the SD of their noise, in steps of the
    scale; ``leaning`` how much harsher (above zero) than the metric they rate."""

    user: User
    spread: float
    leaning: float
    rng: random.Random


def demo_ratings(
    *, finished: User, split: User, practitioner: User, now: datetime
) -> None:
    """Every demo rating (call after the photos and the consents)."""
    programme = Programme.objects.get(owner=finished)
    participant = Rater(finished, 0.3, 0.0, random.Random(PARTICIPANT_SEED))  # noqa: S311 - simulation
    clinician = Rater(practitioner, 0.3, 0.2, random.Random(PRACTITIONER_SEED))  # noqa: S311 - simulation
    for rater in (participant, clinician):
        _rate_photos(rater, programme, now)
    _judge_sides(clinician, Programme.objects.get(owner=split), now)


def _rate_photos(rater: Rater, programme: Programme, now: datetime) -> None:
    """Rate every ready photo of every site (the ones the rating page offers). The
    noise is drawn in the photos' date order, not the rater's blinded order (drawn
    from random photo codes), so a rebuild gives the same ratings."""
    for site in photo_plan_in_force(programme=programme).sites:
        blinded = blinded_site(programme=programme, site=site, rater=rater.user)
        photos = {item.photo.pk: item.photo for item in blinded.items}
        measured = PhotoAnalysis.objects.filter(photo__in=photos.keys()).order_by(
            "photo__session__taken_on", "photo__shot"
        )
        for photo_id, delta_a in measured.values_list("photo_id", "delta_a"):
            photo = photos[photo_id]
            scores = _scores(rater, delta_a)
            photo_rating_save(rater=rater.user, photo=photo, scores=scores, now=now)
            _audit(rater.user, programme, "blinded photo rating", [photo.code], now)


def _scores(rater: Rater, delta_a: float) -> dict[str, int]:
    severity = (delta_a - NO_REDNESS) / UNITS_PER_STEP + rater.leaning
    return {
        sign: _on_scale(
            severity + SIGN_OFFSETS[sign] + rater.rng.gauss(0, rater.spread)
        )
        for sign in RATED_SIGNS
    }


def _noise(rater: Rater) -> float:
    return rater.rng.gauss(0, rater.spread)


def _on_scale(value: float) -> int:
    return max(0, min(3, round(value)))


def _judge_sides(rater: Rater, programme: Programme, now: datetime) -> None:
    """Judge each day's pair as the practitioner sees it: the less red side looks
    better when the difference, as their eye sees it, is noticeable."""
    split = split_photos(
        programme=programme, plan=photo_plan_in_force(programme=programme)
    )
    if split is None:
        return
    for pair in side_judging(split=split, rater=rater.user).pairs:
        side_preference_save(
            rater=rater.user,
            kefir_session=pair.day.kefir.session,
            carrier_session=pair.day.carrier.session,
            choice=_better_place(rater, pair),
            now=now,
        )
        codes = [pair.first.code, pair.second.code]
        _audit(rater.user, programme, "split-body judgement", codes, now)


def _better_place(rater: Rater, pair: SidePair) -> str:
    """Where the better-looking photo was shown, or NEITHER."""
    seen = (pair.day.difference or 0.0) + rater.rng.gauss(0, JUST_NOTICEABLE / 2)
    if abs(seen) < JUST_NOTICEABLE:
        return NEITHER
    kefir_first = pair.first.session_id == pair.day.kefir.session.pk
    return FIRST if (seen < 0) == kefir_first else SECOND


def _audit(
    user: User, programme: Programme, what: str, codes: Sequence[UUID], now: datetime
) -> None:
    """As the practitioner's rating pages record it; a participant's own ratings
    are not audited."""
    if user.pk == programme.owner_id:
        return
    sharing.access_record(
        consent=Consent.objects.get(practitioner=user, participant=programme.owner),
        practitioner=user,
        action=AccessEvent.Action.RATING,
        now=now,
        programme=programme,
        detail=what,
        photos=[str(code) for code in codes],
    )
