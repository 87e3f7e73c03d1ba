"""The photo records of the JSON export (schema version 3): each programme's photo
sessions, their shots, the metrics computed from the shots' regions and the
participant's own blinded ratings of the shots. The image bytes are not in the
JSON: a shot names its file in the archive export (``photos/<code>.jpg``), with its
size and SHA-256 so the file can be checked.

The sites are not repeated here: they are the locked protocol's photo plan and the
``photo_plan`` amendments, exported with the programme.
"""

from collections.abc import Iterable

from skingarden.photos.models import (
    RATED_SIGNS,
    Photo,
    PhotoAnalysis,
    PhotoRating,
    PhotoSession,
)
from skingarden.portability.schema import Field, Kind, fields_of
from skingarden.programmes.models import Amendment, Programme

FOLDER = "photos"  # in the archive
EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png"}

PHOTO_SESSION = fields_of(PhotoSession, "code", "site", "taken_on")
PHOTO_SESSION_LISTS = ("photos",)
PHOTO = fields_of(
    Photo,
    "code",
    "shot",
    "content_type",
    "source_format",
    "width",
    "height",
    "size_bytes",
    "sha256",
    "sharpness",
    "uploaded_at",
    "lesion",
    "reference",
    "neutral",
    "regions_marked_at",
    lists=["neutral"],
)
PHOTO_LINKS = (Field("file", Kind.TEXT, nullable=False),)  # its name in the archive
PHOTO_LISTS = ("analyses", "ratings")
PHOTO_ANALYSIS = fields_of(
    PhotoAnalysis,
    "algorithm_version",
    "lesion_l",
    "lesion_a",
    "lesion_b",
    "lesion_pixels",
    "reference_l",
    "reference_a",
    "reference_b",
    "reference_pixels",
    "delta_a",
    "delta_e00",
    "erythema_fraction",
    "gains",
    "computed_at",
    lists=["gains"],
)

# The participant's own ratings only: a practitioner's ratings are the
# practitioner's, not part of the participant's data (docs/decisions.md).
PHOTO_RATING = fields_of(PhotoRating, "role", *RATED_SIGNS, "rated_at")


def archive_name(*, code: str, content_type: str) -> str:
    """Where a shot's file is in the archive export: named by the photo's public
    code, never by its storage name."""
    return f"{FOLDER}/{code}.{EXTENSIONS.get(content_type, 'jpg')}"


def photo_archive_name(photo: Photo) -> str:
    return archive_name(code=str(photo.code), content_type=photo.content_type)


def programme_site_names(
    programme: Programme, amendments: Iterable[Amendment]
) -> dict[int, str]:
    """Each site's name in the plan in force: the protocol's, with the sites the
    photo-plan amendments added (``amendments`` in the order they were recorded)."""
    names = {site.number: site.name for site in programme.protocol.photos.sites}
    for amendment in amendments:
        if amendment.kind != Amendment.Kind.PHOTO_PLAN:
            continue
        plan = (amendment.details or {}).get("plan")
        sites = plan.get("sites") if isinstance(plan, dict) else None
        for site in sites if isinstance(sites, list) else []:
            if isinstance(site, dict) and isinstance(site.get("number"), int):
                names[site["number"]] = str(site.get("name", ""))
    return names
