"""A programme's photos (issue 13, through issue 14 §1's API): the list with each
photo's result, an upload (one shot, multipart, through the same ingest service
and limits as the capture page), one photo's metric with the measurement error
beside it, and its files.

A practitioner reads within current consent, each read audited with the photos it
showed; nobody reaches a photo outside a programme they may read (404).
"""

from typing import Annotated, Any
from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from ninja import File, Form, Router, Status, UploadedFile
from pydantic import Field

from skingarden.api import photo_documents as documents
from skingarden.api.access import Reached, programme_find, reading_record
from skingarden.api.auth import Caller, caller_of, require_write
from skingarden.api.errors import (
    INVALID_INPUT,
    documented,
    error_response,
    response_headers,
)
from skingarden.api.photo_documents import FileSize, PhotoMetricsOut, PhotoOut
from skingarden.api.schemas import Code
from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import check_file_size
from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import Photo
from skingarden.photos.selectors.access import photo_get_in_programme
from skingarden.photos.selectors.listing import photos_in_programme
from skingarden.photos.selectors.timeline import (
    programme_measurement_error,
    site_timeline,
)
from skingarden.photos.services.ingest import photo_upload
from skingarden.photos.storage import upload_limits
from skingarden.photos.views.files import file_response
from skingarden.programmes.protocol import PhotoPlan
from skingarden.programmes.protocol.photo_plan import SITES_MAX
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force

router = Router(tags=["photos"])

NO_SUCH_SITE = "This programme's photo plan has no site {site}; its sites are: {sites}."
NO_SITES = "This programme's photo plan has no sites."
NOT_MEASURED = (
    "This photo has no result yet: mark its lesion, reference and (optionally) "
    "grey-card regions on its page in the app, and the metric is computed from them."
)
FILE_NOT_READY = (
    "This size of the photo is still being made; its status in the photo list says "
    "when it is ready (the original can be fetched now)."
)
PHOTO_PATH = "/programmes/{code}/photos/{photo}"
IMAGE = {"schema": {"type": "string", "format": "binary"}}
FILE_EXTRA = response_headers()
FILE_EXTRA["responses"][200] = {
    "description": "The photo file: the original as stored (JPEG or PNG, no "
    "metadata, an attachment), or a smaller JPEG.",
    "content": {"image/jpeg": IMAGE, "image/png": IMAGE},
}
SiteNumber = Annotated[int, Field(ge=1, le=SITES_MAX)]


@router.get(
    "/programmes/{code}/photos",
    response=documented({200: list[PhotoOut]}),
    openapi_extra=response_headers(),
)
def photo_list(request: HttpRequest, code: Code) -> Any:
    """The programme's photos, oldest first, each with its result. Each has its
    site, day, shot, status, the sizes ready to fetch, and the result once its
    regions are marked."""
    caller = caller_of(request)
    reached = programme_find(caller, code)
    found = photos_in_programme(programme=reached.programme)
    shown = [str(photo.code) for photo in found]
    reading_record(caller, reached, reading=_count(found), photos=shown)
    plan = photo_plan_in_force(programme=reached.programme)
    return [
        documents.photo(photo, plan, next(iter(photo.analyses.all()), None))
        for photo in found
    ]


@router.post(
    "/programmes/{code}/photos",
    response=documented({201: PhotoOut}, 413),
    openapi_extra=response_headers(),
)
def photo_add(
    request: HttpRequest,
    code: Code,
    site: Form[SiteNumber],
    photo: File[UploadedFile],
) -> Any:
    """Upload one shot of a site for today's session. Today is the owner's date;
    JPEG, PNG, WebP or HEIC, at most 20 MB and 50 megapixels unless the site sets
    other limits.

    The first upload of the day is shot 1, the next shot 2. The photo is stored
    without any metadata and checked for size, blur and exposure first: a refusal
    is 400 with every problem under ``fields.photo``, a file over the byte limit
    413, and nothing is stored. The smaller sizes are made in the background: the
    answer's ``status`` is ``processing`` until they are."""
    caller = caller_of(request)
    require_write(caller)
    reached = programme_find(caller, code)
    plan = photo_plan_in_force(programme=reached.programme)
    place = plan.site(site)
    if place is None:
        return error_response(400, INVALID_INPUT, {"site": _no_site(site, plan)})
    try:
        check_file_size(photo.size or 0, upload_limits())
    except PhotoError as error:
        return error_response(413, str(error), {"photo": str(error)})
    stored = photo_upload(
        programme=reached.programme, site=place, upload=photo, today=reached.today
    )
    stored.session.programme = reached.programme
    return Status(201, documents.photo(stored, plan, None))  # just stored: no result


@router.get(
    PHOTO_PATH + "/metrics",
    response=documented({200: PhotoMetricsOut}, 409),
    openapi_extra=response_headers(),
)
def photo_metrics(request: HttpRequest, code: Code, photo: Code) -> Any:
    """One photo's redness result, with the measurement error beside it. By the
    current algorithm (docs/photos.md §3): both regions' median L*a*b*, Δa*, ΔE00
    and the erythema fraction, the person's measurement error (SEM, SDC) and the
    change of the photo's session from the site's first one judged against it;
    409 until its regions are marked."""
    caller = caller_of(request)
    reached, found = _photo(caller, code, photo, "photo metrics")
    analysis = found.analyses.filter(algorithm_version=ALGORITHM_VERSION).first()
    if analysis is None:
        return error_response(409, NOT_MEASURED)
    plan = photo_plan_in_force(programme=reached.programme)
    place = plan.site(found.session.site)
    if place is None:  # a site no longer in the plan has no timeline
        error = programme_measurement_error(programme=reached.programme)
        return documents.photo_metrics(found, analysis, error, None)
    timeline = site_timeline(programme=reached.programme, plan=plan, site=place)
    row = timeline.row(str(found.session.code))
    return documents.photo_metrics(found, analysis, timeline.error, row)


@router.get(
    PHOTO_PATH + "/files/{size}",
    response=documented({200: None}, 409),
    openapi_extra=FILE_EXTRA,
)
def photo_file(
    request: HttpRequest, code: Code, photo: Code, size: FileSize
) -> HttpResponse | FileResponse:
    """One size of the photo file. ``original`` (as stored, a download),
    ``display`` (1600 pixels on its longer side) or ``thumbnail`` (320); never
    cached. 409 while a smaller size is still being made."""
    caller = caller_of(request)
    _, found = _photo(caller, code, photo, f"photo file ({size})")
    if size != "original" and found.status == Photo.Status.PROCESSING:
        return error_response(409, FILE_NOT_READY)
    return file_response(found, size)


def _photo(
    caller: Caller, code: UUID, photo: UUID, reading: str
) -> tuple[Reached, Photo]:
    """The photo, if it is in a programme the caller may read (404 otherwise,
    with nothing audited); a practitioner's read is audited with its code."""
    reached = programme_find(caller, code)
    found = photo_get_in_programme(programme=reached.programme, code=photo)
    reading_record(caller, reached, reading=reading, photos=[str(found.code)])
    return reached, found


def _count(photos: list[Photo]) -> str:
    return f"photos, {len(photos)} photo{'' if len(photos) == 1 else 's'}"


def _no_site(number: int, plan: PhotoPlan) -> str:
    if not plan.sites:
        return NO_SITES
    names = ", ".join(f"{site.number} ({site.name})" for site in plan.sites)
    return NO_SUCH_SITE.format(site=number, sites=names)
