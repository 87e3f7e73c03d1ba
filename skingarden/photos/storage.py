"""Where photos are kept: the private storage ``STORAGES["photos"]`` (by default
``DATA_DIR/media/``, never served as static files or from any public URL), under
random names that say nothing about the person, the programme or the photo."""

import uuid

from django.conf import settings
from django.core.files.storage import Storage, storages

from skingarden.photos.metrics.decoding import Limits

PHOTO_STORAGE = "photos"
FOLDER = "photos"


def photo_storage() -> Storage:
    return storages[PHOTO_STORAGE]


def random_name(extension: str) -> str:
    return f"{FOLDER}/{uuid.uuid4().hex}.{extension}"


def upload_limits() -> Limits:
    return Limits(
        max_bytes=settings.PHOTO_MAX_BYTES, max_pixels=settings.PHOTO_MAX_PIXELS
    )


def read_file(name: str) -> bytes:
    with photo_storage().open(name, "rb") as stored:
        data: bytes = stored.read()
    return data


def delete_files(names: list[str]) -> None:
    """Delete stored files; a name that is already gone is no error."""
    storage = photo_storage()
    for name in names:
        if name:
            storage.delete(name)
