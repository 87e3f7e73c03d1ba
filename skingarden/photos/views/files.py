"""Serving a photo's files: only through a view that has already checked who asks,
never cached, the original as a download."""

from uuid import UUID

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from skingarden.accounts.selectors import request_user
from skingarden.photos.links import FILE_SIZES
from skingarden.photos.models import Photo
from skingarden.photos.selectors.access import (
    NOT_FOUND,
    photo_get_for_user,
    photo_get_in_programme,
)
from skingarden.photos.storage import photo_storage
from skingarden.programmes.selectors.access import programme_get_for_user

NO_STORE = "private, no-store"


def file_response(photo: Photo, size: str) -> FileResponse:
    """The file of one size of ``photo``; 404 for an unknown size, a size not made
    yet, or a file gone from storage."""
    if size not in FILE_SIZES:
        raise Http404(NOT_FOUND)
    name: str = getattr(photo, size)
    if not name:
        raise Http404(NOT_FOUND)
    try:
        handle = photo_storage().open(name, "rb")
    except OSError:
        raise Http404(NOT_FOUND) from None
    original = size == "original"
    extension = "png" if photo.content_type == "image/png" else "jpg"
    response = FileResponse(
        handle,
        content_type=photo.content_type if original else "image/jpeg",
        as_attachment=original,
        filename=f"skin-garden-photo-{photo.code}.{extension}" if original else "",
    )
    response["Cache-Control"] = NO_STORE
    return response


@require_safe
def photo_file(request: HttpRequest, photo: UUID, size: str) -> FileResponse:
    user = request_user(request)
    return file_response(photo_get_for_user(user=user, code=photo), size)


@require_safe
def programme_photo_file(
    request: HttpRequest, code: UUID, photo: UUID, size: str
) -> FileResponse:
    """The same files under the programme's address: the report links its photos
    relative to its own page (reports/photos/figures.py), which a practitioner
    reaches under their consent's address."""
    programme = programme_get_for_user(user=request_user(request), code=code)
    return file_response(photo_get_in_programme(programme=programme, code=photo), size)
