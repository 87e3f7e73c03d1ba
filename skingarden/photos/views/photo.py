"""One photo: its progress while its copies are made, then the photo with the
regions editor (photo-regions.js) and the metric; deleting it to take it again."""

from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts.selectors import request_user
from skingarden.lib.forms import add_service_errors
from skingarden.photos.forms import RegionsForm
from skingarden.photos.links import OwnerLinks, PhotoLinks
from skingarden.photos.models import Photo
from skingarden.photos.selectors.access import photo_get_for_user, photo_site_get
from skingarden.photos.selectors.photo import PhotoPage, StartingRegions, photo_page
from skingarden.photos.services.delete import photo_delete
from skingarden.photos.services.regions import photo_regions_save
from skingarden.photos.templatetags.photo_links import points
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force

MEASURED = "Measured: Δa* {delta_a:+.1f} (lesion minus reference)."
DELETED = "The shot is deleted; take it again."


def render_photo_page(
    request: HttpRequest,
    page: PhotoPage,
    links: PhotoLinks,
    form: forms.Form | None = None,
) -> HttpResponse:
    context = {"page": page, "p": page.photo.session.programme, "links": links}
    context["form"] = form
    status = 400 if form is not None and form.errors else 200
    return render(request, "photos/photo.html", context, status=status)


def render_status(
    request: HttpRequest, photo: Photo, links: PhotoLinks
) -> HttpResponse:
    """The progress box the page polls; once the photo is ready (or failed) htmx
    reloads the page to show it."""
    response = render(request, "photos/_status.html", {"photo": photo, "links": links})
    if photo.status != Photo.Status.PROCESSING:
        response["HX-Refresh"] = "true"
    return response


def _page(request: HttpRequest, code: UUID) -> PhotoPage:
    photo = photo_get_for_user(user=request_user(request), code=code)
    plan = photo_plan_in_force(programme=photo.session.programme)
    site = photo_site_get(plan=plan, number=photo.session.site)
    return photo_page(photo=photo, site=site)


def _initial(start: StartingRegions | None) -> dict[str, str]:
    if start is None:
        return {}
    neutral = start.neutral
    return {
        "lesion": points(start.lesion),
        "reference": points(start.reference),
        "neutral": f"{neutral[0]:g},{neutral[1]:g}" if neutral else "",
    }


@require_http_methods(["GET", "HEAD", "POST"])
def photo_detail(request: HttpRequest, photo: UUID) -> HttpResponse:
    page = _page(request, photo)
    form = RegionsForm(request.POST or None, initial=_initial(page.start))
    if request.method == "POST" and form.is_valid():
        try:
            analysis = photo_regions_save(photo=page.photo, **form.regions())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, MEASURED.format(delta_a=analysis.delta_a))
            return redirect("photos:photo", page.photo.code)
    links = OwnerLinks(page.photo.session.programme)
    return render_photo_page(request, page, links, form)


@require_safe
def photo_status(request: HttpRequest, photo: UUID) -> HttpResponse:
    found = photo_get_for_user(user=request_user(request), code=photo)
    return render_status(request, found, OwnerLinks(found.session.programme))


@require_POST
def photo_remove(request: HttpRequest, photo: UUID) -> HttpResponse:
    found = photo_get_for_user(user=request_user(request), code=photo)
    session = found.session
    try:
        photo_delete(photo=found)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("photos:photo", found.code)
    messages.success(request, DELETED)
    return redirect("photos:capture", session.programme.code, session.site)
