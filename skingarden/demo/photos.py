"""The demo participants' photo sessions (issue 13 §9): generated pictures, never a
real person's, taken through the real services.

At every scheduled session already past, both shots of every site of the photo
plan are generated (``photos/metrics/synthetic.py``: skin with texture and pores,
a lesion, an 18 % grey card), uploaded with the session's day as "today", their
smaller sizes made at once (what the worker would do), and their regions marked
where the generator drew them, so the metric is computed by the real service.

The lesion's redness is the participant's story: a little above the skin at
baseline, easing a little over the kefir days (more on the kefir side of a
split-body pair). Each session has its own light (a slight colour cast shared by
its two shots) and a little day-to-day variation of the lesion; between the two
shots the framing moves by a few pixels and the sensor noise is new, which is
what the measurement error is made of. 1200 × 900 pixels (about 1.1 MP), and each
site's skin developed once for all its sessions (``develop_skin``), keep
`skingarden demo` quick and its memory modest.
"""

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.files.base import ContentFile
from django.db import transaction

from skingarden.lib.days import days_between
from skingarden.photos.metrics.synthetic import (
    SKIN_LAB,
    DevelopedSkin,
    Lab,
    Scene,
    SyntheticPhoto,
    develop_skin,
    session_shots,
)
from skingarden.photos.models import SHOTS, Photo
from skingarden.photos.schedule import photo_slots
from skingarden.photos.services.derive import photo_derive
from skingarden.photos.services.ingest import photo_upload
from skingarden.photos.services.regions import photo_regions_save
from skingarden.photos.storage import delete_files
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.protocol import PhotoSite
from skingarden.programmes.selectors.state import planned_phases

WIDTH, HEIGHT = 1200, 900
MORNING = time(8, 30)
SHIFT_MAX = 24  # pixels the framing moves between two shots (2 % of the width)
LIGHT_CAST = 0.02  # standard deviation of a session's per-channel light gain
SESSION_WOBBLE = 0.4  # standard deviation of the lesion's a* from day to day
SENSOR_NOISE = 1.5  # standard deviation, 8-bit levels
JPEG_QUALITY = 92  # as a phone's camera saves
# Lesion redness, a* above the skin's, by site and kefir day (None: baseline).
Redness = Callable[[PhotoSite, int | None], float]


@dataclass(frozen=True)
class DemoSkin:
    """One participant's skin: its CIELAB colour and its pattern's seed."""

    lab: Lab = SKIN_LAB
    seed: int = 0


def demo_photo_sessions(
    *,
    programme: Programme,
    redness: Redness,
    skin: DemoSkin,
    before: date,
    rng: random.Random,
) -> int:
    """Photograph every site at every scheduled session due before ``before`` (call
    while the programme is open); returns the number of photos taken."""
    phases = planned_phases(list(programme.phases.all()))
    plan = programme.protocol.photos
    slots = [s for s in photo_slots(plan.schedule, phases) if s.due_on < before]
    zone = programme.owner.profile.zone
    taken = 0
    for site in plan.sites:  # one site's developed skin in memory at a time
        developed = develop_skin(_scene(skin, site))
        for slot in slots:
            excess = redness(site, _kefir_day(phases, slot.due_on))
            excess += rng.gauss(0, SESSION_WOBBLE)
            when = datetime.combine(slot.due_on, MORNING, tzinfo=zone)
            for picture in _shots(developed, skin, excess, rng):
                _take(programme, site, picture, when)
                taken += 1
    return taken


def _kefir_day(phases: list[PlannedPhase], day: date) -> int | None:
    kefir_days = [
        each
        for phase in phases
        if phase.kind.takes_kefir
        for each in days_between(phase.start, phase.end)
    ]
    return kefir_days.index(day) + 1 if day in kefir_days else None


def _scene(skin: DemoSkin, site: PhotoSite) -> Scene:
    """The site's own skin pattern; each session brings its lesion and light."""
    return Scene(
        width=WIDTH,
        height=HEIGHT,
        skin_lab=skin.lab,
        seed=skin.seed * 10 + site.number,
        noise=SENSOR_NOISE,
    )


def _shots(
    developed: DevelopedSkin, skin: DemoSkin, excess: float, rng: random.Random
) -> list[SyntheticPhoto]:
    """The session's two shots: today's lesion and light, the framing moved and
    the sensor noise new between them."""
    lightness, a_star, b_star = skin.lab
    cast = (1.0 + rng.gauss(0, LIGHT_CAST), 1.0, 1.0 + rng.gauss(0, LIGHT_CAST))
    framings = [
        (
            (rng.randint(-SHIFT_MAX, SHIFT_MAX), rng.randint(-SHIFT_MAX, SHIFT_MAX)),
            rng.randrange(2**31),
        )
        for _ in range(SHOTS)
    ]
    return session_shots(
        developed,
        lesion_lab=(lightness - 5.0, a_star + excess, b_star + 1.0),
        gains=cast,
        framings=framings,
    )


def _take(
    programme: Programme, site: PhotoSite, picture: SyntheticPhoto, when: datetime
) -> None:
    """Upload, make the smaller sizes, mark the regions: as a participant and the
    worker would, on the session's day."""
    photo = photo_upload(
        programme=programme,
        site=site,
        upload=ContentFile(picture.encoded("JPEG", JPEG_QUALITY), name="shot.jpg"),
        today=when.date(),
        now=when,
    )
    photo_derive(photo_id=photo.pk)
    neutral = picture.neutral
    photo_regions_save(
        photo=photo,
        lesion=picture.lesion.points,
        reference=picture.reference.points,
        neutral=(neutral.x, neutral.y),
        now=when,
    )


def demo_photos_erase(*, emails: tuple[str, ...]) -> None:
    """Delete the stored files of the demo accounts' photos once the transaction
    that erases the accounts commits (erasing an account removes its rows only)."""
    names = [
        name
        for names in Photo.objects.filter(owner__email__in=emails).values_list(
            "original", "display", "thumbnail"
        )
        for name in names
    ]
    transaction.on_commit(lambda: delete_files(names))
