"""A ``Media`` resource per photo: who, when, which body site (as the participant
named it), and the stored file's type, size and SHA-1 hash (FHIR's Attachment
hash is SHA-1), with a URL relative to the archive export that holds the file
(``photos/<code>.jpg``). The image itself is not in the Bundle."""

import base64
import hashlib
from uuid import UUID

from skingarden.photos.models import Photo, PhotoSession
from skingarden.photos.storage import photo_storage
from skingarden.portability.fhir_bundle.common import Resource, entry, reference
from skingarden.portability.photo_schema import photo_archive_name

MEDIA_TYPE_SYSTEM = "http://terminology.hl7.org/CodeSystem/media-type"
IMAGE = {"coding": [{"system": MEDIA_TYPE_SYSTEM, "code": "image", "display": "Image"}]}
CHUNK = 1 << 20


def media_entries(
    session: PhotoSession, *, site_name: str, subject: UUID, plan: UUID
) -> list[dict[str, object]]:
    return [
        entry(
            photo.code,
            media(photo, session, site_name=site_name, subject=subject, plan=plan),
        )
        for photo in session.photos.all()
    ]


def media(
    photo: Photo, session: PhotoSession, *, site_name: str, subject: UUID, plan: UUID
) -> Resource:
    resource: Resource = {
        "resourceType": "Media",
        "id": str(photo.code),
        "basedOn": [reference(plan)],
        "status": "completed",
        "type": IMAGE,
        "subject": reference(subject),
        # The participant's local date of the session, as the daily log's dates.
        "createdDateTime": session.taken_on.isoformat(),
        "issued": photo.uploaded_at.isoformat(),
    }
    if site_name:
        resource["bodySite"] = {"text": site_name}
    resource.update(
        width=photo.width,
        height=photo.height,
        content={
            "contentType": photo.content_type,
            "url": photo_archive_name(photo),
            "size": photo.size_bytes,
            "hash": _sha1(photo.original),
        },
    )
    return resource


def _sha1(name: str) -> str:
    """The stored file's SHA-1, base64-encoded as FHIR's base64Binary."""
    digest = hashlib.sha1(usedforsecurity=False)
    with photo_storage().open(name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            digest.update(chunk)
    return base64.b64encode(digest.digest()).decode("ascii")
