"""A consenting client's photos, seen by their practitioner: the participant's own
photo pages, read-only, each look audited with the photos it showed (a page of
thumbnails is one event listing them; its images, loaded with it, are not counted
again; a file fetched on its own and every download of an original are events of
their own)."""

from uuid import UUID

from django.http import FileResponse, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.photos.models import Photo
from skingarden.photos.selectors.access import photo_get_in_programme, photo_site_get
from skingarden.photos.selectors.overview import photo_overview
from skingarden.photos.selectors.photo import photo_page
from skingarden.photos.selectors.timeline import site_timeline
from skingarden.photos.views.files import file_response
from skingarden.photos.views.pages import (
    compared_rows,
    render_compare,
    render_overview,
    render_timeline,
)
from skingarden.photos.views.photo import render_photo_page
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.sharing import selectors, services
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.views.practitioner import practitioner_user


class ClientLinks:
    """The photo pages under the practitioner's consent, read-only."""

    read_only = True

    def __init__(self, consent: Consent, programme: Programme) -> None:
        self.args = (consent.code, programme.code)
        self.client_label = consent.participant.email

    def _url(self, name: str, *more: object) -> str:
        return reverse(f"sharing:{name}", args=[*self.args, *more])

    def back(self) -> str:
        return self._url("client_dashboard")

    def overview(self) -> str:
        return self._url("client_photos")

    def site(self, number: int) -> str:
        return self._url("client_photo_site", number)

    def compare(self, number: int) -> str:
        return self._url("client_photo_compare", number)

    def photo(self, photo: Photo) -> str:
        return self._url("client_photo", photo.code)

    def file(self, photo: Photo, size: str) -> str:
        return self._url("client_photo_file", photo.code, size)

    def status(self, photo: Photo) -> str:
        return ""  # a practitioner's page does not poll: it shows the state as it is

    def rate(self, number: int) -> str:
        return self._url("client_photo_rate", number)

    def rate_photo(self, number: int, photo: Photo) -> str:
        return self._url("client_photo_rate_photo", number, photo.code)

    def split(self) -> str:
        return self._url("client_photo_sides")

    def side_pair(self, code: UUID) -> str:
        return self._url("client_photo_side_pair", code)


def shared(
    request: HttpRequest, consent: UUID, code: UUID
) -> tuple[User, Consent, Programme]:
    user = practitioner_user(request)
    found, programme = selectors.shared_programme_get(
        practitioner=user, consent_code=consent, code=code, now=timezone.now()
    )
    return user, found, programme


def audit_page(
    user: User,
    consent: Consent,
    programme: Programme,
    page: str,
    photos: list[Photo],
) -> None:
    count = f"{len(photos)} photo{'' if len(photos) == 1 else 's'}"
    services.access_record(
        consent=consent,
        practitioner=user,
        action=AccessEvent.Action.PHOTOS,
        now=timezone.now(),
        programme=programme,
        detail=f"{page}, {count}" if photos else page,
        photos=[str(photo.code) for photo in photos],
    )


@require_safe
def overview(request: HttpRequest, consent: UUID, code: UUID) -> HttpResponse:
    user, found, programme = shared(request, consent, code)
    today = user_today(user=programme.owner)
    response = render_overview(
        request,
        photo_overview(programme=programme, today=today),
        ClientLinks(found, programme),
    )
    audit_page(user, found, programme, "photo sites and schedule", [])
    return response


@require_safe
def site(request: HttpRequest, consent: UUID, code: UUID, site: int) -> HttpResponse:
    user, found, programme = shared(request, consent, code)
    plan = photo_plan_in_force(programme=programme)
    place = photo_site_get(plan=plan, number=site)
    timeline = site_timeline(programme=programme, plan=plan, site=place)
    response = render_timeline(request, timeline, ClientLinks(found, programme))
    shown = [s.photo for row in timeline.rows for s in row.shots if s.photo.is_ready]
    audit_page(user, found, programme, "timeline", shown)
    return response


@require_safe
def compare(request: HttpRequest, consent: UUID, code: UUID, site: int) -> HttpResponse:
    user, found, programme = shared(request, consent, code)
    plan = photo_plan_in_force(programme=programme)
    place = photo_site_get(plan=plan, number=site)
    timeline = site_timeline(programme=programme, plan=plan, site=place)
    pair = compared_rows(timeline, request.GET.get("a"), request.GET.get("b"))
    links = ClientLinks(found, programme)
    response = render_compare(request, timeline, pair, links)
    shown = [row.lead.photo for row in pair or () if row.lead]
    audit_page(user, found, programme, "comparison", shown)
    return response


@require_safe
def photo(request: HttpRequest, consent: UUID, code: UUID, photo: UUID) -> HttpResponse:
    user, found, programme = shared(request, consent, code)
    shown = photo_get_in_programme(programme=programme, code=photo)
    plan = photo_plan_in_force(programme=programme)
    place = photo_site_get(plan=plan, number=shown.session.site)
    page = photo_page(photo=shown, site=place)
    response = render_photo_page(request, page, ClientLinks(found, programme))
    audit_page(user, found, programme, "photo", [shown])
    return response


@require_safe
def photo_file(
    request: HttpRequest, consent: UUID, code: UUID, photo: UUID, size: str
) -> FileResponse:
    user, found, programme = shared(request, consent, code)
    shown = photo_get_in_programme(programme=programme, code=photo)
    response = file_response(shown, size)
    services.photo_file_access_record(
        consent=found,
        practitioner=user,
        programme=programme,
        photo_code=str(shown.code),
        size=size,
        now=timezone.now(),
    )
    return response
