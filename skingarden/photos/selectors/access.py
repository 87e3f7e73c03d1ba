"""Fetching one photo, session or site: 404 for "missing" and "not yours" alike."""

from uuid import UUID

from django.http import Http404

from skingarden.accounts.models import User
from skingarden.photos.models import Photo, PhotoSession
from skingarden.programmes.models import Programme
from skingarden.programmes.protocol import PhotoPlan, PhotoSite

NOT_FOUND = "No such photo."


def photo_site_get(*, plan: PhotoPlan, number: int) -> PhotoSite:
    """A site of the plan in force (``photo_plan_in_force``)."""
    site = plan.site(number)
    if site is None:
        raise Http404(NOT_FOUND)
    return site


def photo_get_for_user(*, user: User, code: UUID) -> Photo:
    """The participant's own photo, with its session and programme."""
    photo = (
        Photo.objects.select_related("session__programme")
        .filter(owner=user, code=code)
        .first()
    )
    if photo is None:
        raise Http404(NOT_FOUND)
    return photo


def photo_get_in_programme(*, programme: Programme, code: UUID) -> Photo:
    """A photo of a programme the caller has already been allowed to see (a
    practitioner's consented programme); its session points back to that object."""
    photo = (
        Photo.objects.select_related("session")
        .filter(session__programme=programme, code=code)
        .first()
    )
    if photo is None:
        raise Http404(NOT_FOUND)
    photo.session.programme = programme
    return photo


def session_get_in_programme(
    *, programme: Programme, site: PhotoSite, code: UUID | str
) -> PhotoSession:
    try:
        wanted = code if isinstance(code, UUID) else UUID(code)
    except ValueError:
        raise Http404(NOT_FOUND) from None
    session = PhotoSession.objects.filter(
        programme=programme, site=site.number, code=wanted
    ).first()
    if session is None:
        raise Http404(NOT_FOUND)
    return session
