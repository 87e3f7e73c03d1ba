"""For tests of the photos app: a private photo storage in a temporary folder per
test class, generated photos (never a real person's) with known regions, and a
participant with photo sites through the real services."""

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from PIL import Image

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.photos.metrics.synthetic import Scene, SyntheticPhoto, synthetic_photo
from skingarden.photos.models import Photo
from skingarden.photos.services.derive import photo_derive
from skingarden.photos.services.ingest import photo_upload
from skingarden.photos.services.regions import photo_regions_save
from skingarden.programmes.models import Programme
from skingarden.test import make_participant, make_programme

SITES = ("Left inner elbow", "Neck")
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def photo_storages(location: str) -> dict[str, Any]:
    photos = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": location},
    }
    return {**settings.STORAGES, "photos": photos}


class PhotoStorageTestCase(TestCase):
    """Photos go to a temporary folder of the class's own, removed afterwards."""

    media: Path
    storage_override: override_settings

    @classmethod
    def setUpClass(cls) -> None:
        cls.media = Path(tempfile.mkdtemp(prefix="skingarden-test-photos-"))
        cls.storage_override = override_settings(
            STORAGES=photo_storages(str(cls.media))
        )
        cls.storage_override.enable()
        super().setUpClass()

    @classmethod
    def tearDownClass(cls) -> None:
        super().tearDownClass()
        cls.storage_override.disable()
        shutil.rmtree(cls.media, ignore_errors=True)

    def setUp(self) -> None:
        super().setUp()
        # The database is rolled back after each test; the files are not.
        self.addCleanup(self._empty_media)

    def _empty_media(self) -> None:
        for path in self.media.iterdir():
            shutil.rmtree(path) if path.is_dir() else path.unlink()

    def stored_files(self) -> list[Path]:
        return sorted(path for path in self.media.rglob("*") if path.is_file())


@dataclass(frozen=True)
class Shot:
    photo: SyntheticPhoto
    data: bytes


def shot(*, seed: int = 0, shift=(0, 0), lesion=None, kind="JPEG", **scene) -> Shot:
    """A generated 1200 × 900 skin photo; the lesion's L*a*b* may be given. The
    same arguments give the same (cached) photo: generating one takes a while."""
    return _shot(seed, tuple(shift), lesion, kind, tuple(sorted(scene.items())))


@cache
def _shot(seed: int, shift, lesion, kind: str, scene) -> Shot:
    options: dict[str, Any] = {"seed": seed, "shift": shift, "noise_seed": seed}
    options.update(scene)
    if lesion is not None:
        options["lesion_lab"] = lesion
    photo = synthetic_photo(Scene(**options))
    return Shot(
        photo, photo.encoded(kind, 95) if kind == "JPEG" else photo.encoded(kind)
    )


def upload_file(data: bytes, name: str = "photo.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/jpeg")


def photo_participant(
    email: str, *, started_days_ago: int = 9
) -> tuple[User, Programme]:
    """A participant whose programme (7 baseline days, photo sites SITES) began
    ``started_days_ago`` days ago."""
    user = make_participant(email)
    start = user_today(user=user) - timedelta(days=started_days_ago)
    programme = make_programme(user, start=start, today=start, photo_sites=SITES)
    return user, programme


def take(
    programme: Programme,
    day: date,
    data: bytes,
    *,
    site: int = 1,
    derive: bool = True,
) -> Photo:
    """Upload one shot through the service, and make its copies (what the worker
    does)."""
    photo = photo_upload(
        programme=programme,
        site=programme.protocol.photos.sites[site - 1],
        upload=upload_file(data),
        today=day,
    )
    if derive:
        photo_derive(photo_id=photo.pk)
        photo.refresh_from_db()
    return photo


def mark(photo: Photo, synthetic: SyntheticPhoto, *, neutral: bool = True) -> Any:
    """Mark the regions the generator says are there."""
    circle = synthetic.neutral
    return photo_regions_save(
        photo=photo,
        lesion=synthetic.lesion.points,
        reference=synthetic.reference.points,
        neutral=(circle.x, circle.y) if neutral else None,
    )


def has_exif(path: Path) -> bool:
    with Image.open(path) as image:
        return bool(image.getexif()) or "exif" in image.info
