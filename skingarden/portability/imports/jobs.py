"""Imports from the web run in the background: the request keeps the file in the
database and queues a task; the task checks and writes it while the page shows
its progress.

The file is kept in the import's row (never on disk, never in the task's
arguments or a log) and emptied as soon as the import has run, whether it worked
or not: in the final transaction when it worked, with the failure otherwise. An
import keeps only its outcome, and only until the person's next import.
"""

import logging
import traceback
import uuid
from collections.abc import Sequence
from datetime import datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.photos.storage import delete_files, photo_storage
from skingarden.portability.imports import (
    Format,
    ImportSummary,
    archive,
    check_size,
    import_archive,
    import_file,
    is_format,
    staging,
)
from skingarden.portability.models import ImportJob, archive_upload_name

logger = logging.getLogger(__name__)

# An import that has not moved for this long is taken to have died with its worker.
STALE_AFTER = timedelta(minutes=10)
UNDER_WAY = (
    "An import is already under way. Wait for it to finish, then import the next file."
)
IMPORT_BROKE = (
    "The file could not be imported because something went wrong on our side. "
    "Nothing was imported; try again, and if it fails again, tell whoever runs this "
    "site."
)
STALLED = (
    "This import stopped before it finished, and nothing was imported. Import the "
    "file again."
)


def import_request(
    *,
    owner: User,
    fmt: Format,
    data: bytes,
    conditions: Sequence[str] = (),
    treatments: Sequence[str] = (),
    now: datetime | None = None,
) -> ImportJob:
    """Keep the file and queue its import; refuse a second one while the first is
    under way. The person's earlier imports (their outcomes, and anything a dead
    one left half-written) are deleted."""
    check_size(len(data))
    now = now or timezone.now()
    with transaction.atomic():
        mine = ImportJob.objects.select_for_update().filter(owner=owner)
        if any(_under_way(job, now) for job in mine.defer("upload")):
            raise ValidationError(UNDER_WAY)
        mine.delete()
        job = ImportJob.objects.create(
            owner=owner,
            fmt=fmt,
            upload=data,
            conditions=list(conditions),
            treatments=list(treatments),
            requested_at=now,
        )
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def archive_import_request(
    *, owner: User, upload: File[bytes], now: datetime | None = None
) -> ImportJob:
    """Keep an archive export in private storage (too large for the import's row)
    and queue its import, as ``import_request`` does a file."""
    archive.check_archive_size(upload.size or 0)
    now = now or timezone.now()
    code = uuid.uuid4()
    name = photo_storage().save(archive_upload_name(code), upload)
    try:
        with transaction.atomic():
            mine = ImportJob.objects.select_for_update().filter(owner=owner)
            if any(_under_way(job, now) for job in mine.defer("upload")):
                raise ValidationError(UNDER_WAY)
            mine.delete()
            job = ImportJob.objects.create(
                code=code, owner=owner, fmt="archive", requested_at=now
            )
            transaction.on_commit(lambda: _enqueue(job.pk))
    except BaseException:
        delete_files([name])
        raise
    return job


def _under_way(job: ImportJob, now: datetime) -> bool:
    return not job.is_finished and now - job.updated_at < STALE_AFTER


def is_stalled(job: ImportJob, now: datetime | None = None) -> bool:
    return not job.is_finished and not _under_way(job, now or timezone.now())


def _enqueue(job_id: int) -> None:
    from skingarden.portability.tasks import run_import

    run_import.enqueue(job_id=job_id)


def import_run(*, job_id: int) -> None:
    """Run one queued import (the task's body). A job already finished is left
    alone, so running the task twice imports once."""
    job = ImportJob.objects.filter(pk=job_id).select_related("owner").first()
    if job is None or job.is_finished:
        return
    staging.discard(job)  # anything an interrupted run of this job left
    fmt = job.fmt
    if not is_format(fmt):
        raise ValueError(f"Import {job.pk} has an unknown format.")
    try:
        _run(job, fmt)
    except ValidationError as error:
        _failed(job, " ".join(error.messages))
    except Exception as error:
        # For the operator: the kind of failure and where, never its message (it
        # could quote the file).
        where = traceback.extract_tb(error.__traceback__)[-3:]
        logger.error(
            "Import %s failed: %s at %s",
            job.pk,
            type(error).__name__,
            "; ".join(f"{frame.filename}:{frame.lineno}" for frame in where),
        )
        _failed(job, IMPORT_BROKE)


def _run(job: ImportJob, fmt: Format) -> None:
    if fmt != "archive":
        import_file(
            owner=job.owner,
            fmt=fmt,
            data=bytes(job.upload),
            conditions=job.conditions,
            treatments=job.treatments,
            job=job,
            on_done=lambda summary: _done(job, summary),
        )
        return
    name = archive_upload_name(job.code)
    try:
        with photo_storage().open(name, "rb") as file:
            import_archive(
                owner=job.owner,
                file=file,
                job=job,
                on_done=lambda summary: _done(job, summary),
            )
    finally:
        delete_files([name])  # kept no longer than the import ran


def _done(job: ImportJob, summary: ImportSummary) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        progress=100,
        step="Imported",
        summary=summary.describe(),
        upload=b"",
        updated_at=now,
        finished_at=now,
    )


def _failed(job: ImportJob, message: str) -> None:
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        step="",
        error=message,
        upload=b"",
        updated_at=now,
        finished_at=now,
    )
