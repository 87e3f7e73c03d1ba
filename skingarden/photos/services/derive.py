"""The smaller copies of a photo that the pages show (issue 13 §3), made in the
background after the upload: a display size and a thumbnail, JPEG, no metadata."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.derived import derived_sizes
from skingarden.photos.models import Photo
from skingarden.photos.storage import (
    delete_files,
    photo_storage,
    random_name,
    read_file,
)
from skingarden.programmes.services.freshness import programme_touch

logger = logging.getLogger(__name__)

# Longer side in pixels: the display size fills a laptop screen at 1:1 and a phone
# at twice its density; the thumbnail a timeline row.
DERIVED_SIZES = {"display": 1600, "thumbnail": 320}


def photo_derive(*, photo_id: int) -> None:
    """Make and store the copies, then mark the photo ready (failed if its original
    cannot be read). A photo deleted meanwhile, or already done, is left alone."""
    photo = (
        Photo.objects.select_related("session__programme")
        .filter(pk=photo_id, status=Photo.Status.PROCESSING)
        .first()
    )
    if photo is None:
        return
    try:
        copies = derived_sizes(read_file(photo.original), DERIVED_SIZES)
    except (PhotoError, OSError) as error:
        # The kind of failure only: the photo itself never reaches a log.
        logger.error(
            "Photo %s could not be prepared: %s", photo_id, type(error).__name__
        )
        Photo.objects.filter(pk=photo_id).update(status=Photo.Status.FAILED)
        return
    storage = photo_storage()
    names = {
        kind: storage.save(random_name("jpg"), ContentFile(copy.data))
        for kind, copy in copies.items()
    }
    done = Photo.objects.filter(pk=photo_id, status=Photo.Status.PROCESSING).update(
        status=Photo.Status.READY, **names
    )
    if not done:
        delete_files(list(names.values()))
        return
    programme_touch(photo.session.programme)


def photos_derive_later(photo_ids: list[int]) -> None:
    """Queue the copies of photos written in the current transaction (an import),
    once it has committed."""
    from skingarden.photos.tasks import derive_photo_sizes

    def enqueue() -> None:
        for photo_id in photo_ids:
            derive_photo_sizes.enqueue(photo_id=photo_id)

    if photo_ids:
        transaction.on_commit(enqueue)
