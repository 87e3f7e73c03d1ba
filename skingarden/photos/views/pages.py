"""The participant's photo pages: the overview of sites and sessions, a site's
timeline, two dates compared, and the photos due today (a fragment of Today).
The ``render_*`` functions are shared with a practitioner's read-only pages."""

from datetime import date
from uuid import UUID

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from skingarden.accounts.selectors import request_user, user_today
from skingarden.lib.forms import add_service_errors
from skingarden.photos.forms import PhotoPlanForm
from skingarden.photos.links import OwnerLinks, PhotoLinks
from skingarden.photos.selectors.access import photo_site_get
from skingarden.photos.selectors.overview import PhotoOverview, photo_overview
from skingarden.photos.selectors.timeline import (
    SessionRow,
    SiteTimeline,
    programme_measurement_error,
    site_timeline,
)
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.programmes.selectors.photo_plan import photo_plan_in_force
from skingarden.programmes.services.photo_plan import programme_change_photo_plan

PLAN_CHANGED = (
    "The photo plan is changed, from today. The change is recorded as an amendment "
    "and shown in your report."
)


def render_overview(
    request: HttpRequest,
    overview: PhotoOverview,
    links: PhotoLinks,
    plan_form: forms.Form | None = None,
) -> HttpResponse:
    error = programme_measurement_error(programme=overview.programme)
    context = {"o": overview, "p": overview.programme, "links": links, "error": error}
    context["plan_form"] = plan_form
    status = 400 if plan_form is not None and plan_form.errors else 200
    return render(request, "photos/overview.html", context, status=status)


def render_timeline(
    request: HttpRequest, timeline: SiteTimeline, links: PhotoLinks
) -> HttpResponse:
    context = {"t": timeline, "p": timeline.programme, "links": links}
    return render(request, "photos/timeline.html", context)


def compared_rows(
    timeline: SiteTimeline, first: str | None, second: str | None
) -> tuple[SessionRow, SessionRow] | None:
    """The two sessions asked for, or by default the first and the latest with a
    photo ready; None when the site has fewer than two."""
    ready = [r for r in timeline.rows if r.lead and r.lead.photo.is_ready]
    if len(ready) < 2:
        return None
    by_code = {str(row.session.code): row for row in ready}
    return by_code.get(first or "", ready[0]), by_code.get(second or "", ready[-1])


def render_compare(
    request: HttpRequest,
    timeline: SiteTimeline,
    pair: tuple[SessionRow, SessionRow] | None,
    links: PhotoLinks,
) -> HttpResponse:
    context = {"t": timeline, "p": timeline.programme, "pair": pair, "links": links}
    return render(request, "photos/compare.html", context)


def _own(request: HttpRequest, code: UUID) -> tuple[Programme, date]:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    return programme, user_today(user=user)


@require_safe
def overview(request: HttpRequest, code: UUID) -> HttpResponse:
    programme, today = _own(request, code)
    found = photo_overview(programme=programme, today=today)
    form = PhotoPlanForm.for_plan(found.plan) if programme.is_open else None
    return render_overview(request, found, OwnerLinks(programme), form)


@require_POST
def plan(request: HttpRequest, code: UUID) -> HttpResponse:
    """Change the photo plan: recorded as an amendment of the locked protocol."""
    programme, today = _own(request, code)
    form = PhotoPlanForm(request.POST)
    if form.is_valid():
        try:
            programme_change_photo_plan(
                programme=programme, today=today, **form.change()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, PLAN_CHANGED)
            return redirect("photos:overview", programme.code)
    found = photo_overview(programme=programme, today=today)
    return render_overview(request, found, OwnerLinks(programme), form)


@require_safe
def due(request: HttpRequest, code: UUID) -> HttpResponse:
    """The photo sessions due today, for the Today page (loaded by htmx)."""
    programme, today = _own(request, code)
    found = photo_overview(programme=programme, today=today)
    context = {"o": found, "p": programme, "links": OwnerLinks(programme)}
    return render(request, "photos/_due.html", context)


@require_safe
def site(request: HttpRequest, code: UUID, site: int) -> HttpResponse:
    programme, _ = _own(request, code)
    plan = photo_plan_in_force(programme=programme)
    found = photo_site_get(plan=plan, number=site)
    timeline = site_timeline(programme=programme, plan=plan, site=found)
    return render_timeline(request, timeline, OwnerLinks(programme))


@require_safe
def compare(request: HttpRequest, code: UUID, site: int) -> HttpResponse:
    programme, _ = _own(request, code)
    plan = photo_plan_in_force(programme=programme)
    found = photo_site_get(plan=plan, number=site)
    timeline = site_timeline(programme=programme, plan=plan, site=found)
    pair = compared_rows(timeline, request.GET.get("a"), request.GET.get("b"))
    return render_compare(request, timeline, pair, OwnerLinks(programme))
