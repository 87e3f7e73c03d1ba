"""An archive waiting for its import is deleted with the import's row, however
the row goes (the person's next import, or the account's deletion)."""

from typing import Any

from django.db import transaction

from skingarden.photos.storage import delete_files
from skingarden.portability.models import ImportJob, archive_upload_name


def archive_upload_delete(
    sender: type[ImportJob], instance: ImportJob, **kwargs: Any
) -> None:
    if instance.fmt == "archive":
        name = archive_upload_name(instance.code)
        transaction.on_commit(lambda: delete_files([name]))
