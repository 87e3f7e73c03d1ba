"""An archive waiting for its import, and any photo file an archive import that
died had stored, are deleted with the import's row, however the row goes (the
person's next import, or the account's deletion)."""

from typing import Any

from django.db import transaction

from skingarden.photos.storage import delete_files
from skingarden.portability.models import ImportJob, archive_upload_name


def archive_upload_delete(
    sender: type[ImportJob], instance: ImportJob, **kwargs: Any
) -> None:
    if instance.fmt == "archive":
        names = [archive_upload_name(instance.code), *instance.stored_files]
        transaction.on_commit(lambda: delete_files(names))
