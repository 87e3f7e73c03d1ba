"""A photo's files go with its row, however the row goes: deleting a shot, the
account (which cascades to every photo), the demo's reset. Django sends
``post_delete`` for each photo a cascade removes, because this receiver exists;
the files are deleted once the deletion has committed, so a rolled-back deletion
keeps them."""

from typing import Any

from django.db import transaction

from skingarden.photos.models import Photo
from skingarden.photos.storage import delete_files


def photo_files_delete(sender: type[Photo], instance: Photo, **kwargs: Any) -> None:
    names = [instance.original, instance.display, instance.thumbnail]
    transaction.on_commit(lambda: delete_files(names))
