"""Taking a photo in (issue 13 §3): limits first, the type from the content, the
orientation applied and the colour profile converted, every byte of metadata left
behind, quality checked; only then is anything stored, under a random name."""

import hashlib
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import (
    CleanPhoto,
    check_file_size,
    clean_photo,
    working_copy,
)
from skingarden.photos.metrics.quality import QualityReport, assess_quality
from skingarden.photos.models import SHOTS, Photo, PhotoSession
from skingarden.photos.storage import (
    delete_files,
    photo_storage,
    random_name,
    upload_limits,
)
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoSite
from skingarden.programmes.services.freshness import claim_open

SESSION_FULL = (
    "Today's session of this site already has its two shots. Delete one to take it "
    "again."
)
BEFORE_START = "Photos can be taken from the programme's first day, {day}."
NO_FILE = "Choose a photo, or take one."


def photo_upload(
    *,
    programme: Programme,
    site: PhotoSite,
    upload: File[bytes] | None,
    today: date,
    now: datetime | None = None,
) -> Photo:
    """Check and store one shot of ``site`` in today's session (created with it).

    Raises ValidationError, with nothing stored, for a file over the limits, one that
    is not a photo we accept, a damaged one, one that fails a quality check (every
    failed check is listed), a full session, or a programme that has not started or
    has ended.
    """
    if upload is None:
        raise ValidationError({"photo": NO_FILE})
    if today < programme.start_date:
        raise ValidationError(BEFORE_START.format(day=programme.start_date))
    clean, quality = _checked(upload)
    name = photo_storage().save(random_name(_extension(clean)), ContentFile(clean.data))
    try:
        photo = _record(programme, site, clean, quality, name, today, now)
    except BaseException:
        delete_files([name])
        raise
    transaction.on_commit(lambda: _enqueue(photo.pk))
    return photo


def _checked(upload: File[bytes]) -> tuple[CleanPhoto, QualityReport]:
    limits = upload_limits()
    try:
        check_file_size(upload.size, limits)
        upload.seek(0)
        clean = clean_photo(upload.read(), limits)
        quality = assess_quality(working_copy(clean.data, limits))
    except PhotoError as error:
        raise ValidationError({"photo": str(error)}) from None
    if not quality.passed:
        raise ValidationError({"photo": list(quality.problems)})
    return clean, quality


def _extension(clean: CleanPhoto) -> str:
    return "png" if clean.format == "PNG" else "jpg"


@transaction.atomic
def _record(
    programme: Programme,
    site: PhotoSite,
    clean: CleanPhoto,
    quality: QualityReport,
    name: str,
    today: date,
    now: datetime | None,
) -> Photo:
    claim_open(programme)
    session, _ = PhotoSession.objects.select_for_update().get_or_create(
        programme=programme,
        site=site.number,
        taken_on=today,
        defaults={"owner_id": programme.owner_id},
    )
    taken = set(session.photos.values_list("shot", flat=True))
    free = [shot for shot in range(1, SHOTS + 1) if shot not in taken]
    if not free:
        raise ValidationError(SESSION_FULL)
    photo = Photo(
        owner_id=programme.owner_id,
        session=session,
        shot=free[0],
        original=name,
        content_type=clean.content_type,
        source_format=clean.source_format,
        width=clean.width,
        height=clean.height,
        size_bytes=len(clean.data),
        sha256=hashlib.sha256(clean.data).hexdigest(),
        sharpness=round(quality.sharpness, 2),
        uploaded_at=now or timezone.now(),
    )
    photo.full_clean()
    photo.save()
    return photo


def _enqueue(photo_id: int) -> None:
    from skingarden.photos.tasks import derive_photo_sizes

    derive_photo_sizes.enqueue(photo_id=photo_id)
