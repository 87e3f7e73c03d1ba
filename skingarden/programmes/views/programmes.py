from datetime import date
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import (
    require_http_methods,
    require_POST,
    require_safe,
)

from skingarden.accounts.selectors import (
    profile_for_user,
    request_user,
    user_today,
)
from skingarden.lib.forms import add_service_errors
from skingarden.programmes import forms, plan, protocol, supplies
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import (
    programme_get_for_user,
    programme_open_for_user,
    programme_start_readiness,
    programmes_for_user,
)
from skingarden.programmes.selectors.patch_tests import patch_tests_passed
from skingarden.programmes.selectors.planning import Planning, programme_planning
from skingarden.programmes.selectors.state import ProgrammeState, programme_state
from skingarden.programmes.services import amendments
from skingarden.programmes.services import programmes as services


@require_safe
def programme_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes_for_user(user=user)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def programme_new(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    if user.is_practitioner:  # a practitioner account runs no programme
        return redirect("sharing:clients")
    readiness = programme_start_readiness(user=user)
    if not readiness.ready or programme_open_for_user(user=user):
        return redirect("programmes:start")
    screen = readiness.screen
    profile = profile_for_user(user=user)
    today = user_today(user=user)
    passed = patch_tests_passed(user=user, today=today)
    form = forms.ProgrammeSetupForm(
        request.POST or None,
        initial={"start_date": today},
        conditions=profile.conditions,
        passed_tests=passed,
        instrument_options=protocol.instrument_choices(
            profile.conditions, protocol.available_instruments()
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            programme = services.programme_create(
                user=user, choices=form.choices(), today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, "Your programme is set up and its protocol is locked."
            )
            return redirect("programmes:detail", code=programme.code)
    baseline = (
        form.data.get("baseline_days") if form.is_bound else plan.BASELINE_DEFAULT
    )
    context = {
        "form": form,
        "screen": screen,
        "costs": _baseline_costs(),
        "baseline_choice": baseline,
    }
    return render(request, "programmes/programme_new.html", context)


def _baseline_costs() -> list[plan.BaselineCost]:
    return [
        plan.baseline_cost(days, onset_lag=plan.ramp_days())
        for days in range(0, plan.BASELINE_DEFAULT)
    ]


@require_safe
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    state = programme_state(programme=programme, today=user_today(user=user))
    context = {
        "state": state,
        "p": programme,
        "planning": _planning_for_extension(state),
        **_amendment_forms(),
    }
    return render(request, "programmes/programme_detail.html", context)


def _planning_for_extension(state: ProgrammeState) -> Planning | None:
    """The planning figure beside the extension form, shown while kefir can be
    extended (the form is there)."""
    phase = state.timeline.current_phase
    if not state.programme.is_open or phase is None or not phase.kind.takes_kefir:
        return None
    return programme_planning(programme=state.programme, phases=state.timeline.phases)


def _amendment_forms(**bound: django_forms.Form) -> dict[str, Any]:
    blank = {
        "extend_form": forms.ExtendForm(),
        "dose_form": forms.DoseChangeForm(),
        "baseline_form": forms.ShortenBaselineForm(),
        "follow_up_form": forms.FollowUpForm(),
        "stop_form": forms.ReasonForm(prefix="stop"),
        "abandon_form": forms.ReasonForm(prefix="abandon"),
    }
    return {**blank, **bound}


# The six amendments: each parses a small form, calls one service and goes back to
# the programme; a bad form or a refused change shows the page again with the errors.


@require_POST
def programme_extend(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.ExtendForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        state = programme_state(programme=programme, today=today)
        planning = _planning_for_extension(state)
        try:
            amendments.programme_extend(
                programme=programme,
                days=data["days"],
                why=data["why"],
                today=today,
                shown=planning.as_details() if planning else None,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(request, programme, "The extension is recorded.")
    return _amendment_refused(request, programme, today, extend_form=form)


@require_POST
def programme_change_dose(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.DoseChangeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            amendments.programme_change_dose(
                programme=programme,
                ml=data["ml"],
                effective_on=data["effective_on"],
                why=data["why"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(request, programme, "The dose change is recorded.")
    return _amendment_refused(request, programme, today, dose_form=form)


@require_POST
def programme_shorten_baseline(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.ShortenBaselineForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            amendments.programme_shorten_baseline(
                programme=programme, days=data["days"], why=data["why"], today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(request, programme, "The baseline is shortened.")
    return _amendment_refused(request, programme, today, baseline_form=form)


@require_POST
def programme_follow_up(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            amendments.programme_set_follow_up(
                programme=programme,
                follow_up=data["follow_up"],
                why=data["why"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(request, programme, "The follow-up is changed.")
    return _amendment_refused(request, programme, today, follow_up_form=form)


@require_POST
def programme_stop(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.ReasonForm(request.POST, prefix="stop")
    if form.is_valid():
        try:
            amendments.programme_stop_early(
                programme=programme, why=form.cleaned_data["why"], today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(
                request,
                programme,
                "Kefir is stopped. Keep logging if a follow-up is planned.",
            )
    return _amendment_refused(request, programme, today, stop_form=form)


@require_POST
def programme_abandon(request: HttpRequest, code: str) -> HttpResponse:
    programme, today = _programme_and_today(request, code)
    form = forms.ReasonForm(request.POST, prefix="abandon")
    if form.is_valid():
        try:
            amendments.programme_abandon(
                programme=programme, why=form.cleaned_data["why"], today=today
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            return _amended(
                request,
                programme,
                "The programme is abandoned. You can start another whenever you like.",
            )
    return _amendment_refused(request, programme, today, abandon_form=form)


def _programme_and_today(request: HttpRequest, code: str) -> tuple[Programme, date]:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    return programme, user_today(user=user)


def _amended(request: HttpRequest, programme: Programme, done: str) -> HttpResponse:
    messages.success(request, done)
    return redirect("programmes:detail", code=programme.code)


def _amendment_refused(
    request: HttpRequest, programme: Programme, today: date, **bound: django_forms.Form
) -> HttpResponse:
    """The programme page again, with the refused form in place of its blank one."""
    state = programme_state(programme=programme, today=today)
    context = {
        "state": state,
        "p": programme,
        "planning": _planning_for_extension(state),
        **_amendment_forms(**bound),
    }
    return render(request, "programmes/programme_detail.html", context, status=400)


@require_POST
def programme_complete(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    try:
        amendments.programme_complete(programme=programme, today=user_today(user=user))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request, "Programme completed. Well done for seeing it through."
        )
    return redirect("programmes:detail", code=programme.code)


@require_safe
def programme_supplies(request: HttpRequest, code: str) -> HttpResponse:
    """The supply planner, and the topical batch calculator (htmx swaps its result)."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    state = programme_state(programme=programme, today=user_today(user=user))
    topical = state.topical
    initial = {
        # A batch of the locked mixture, or 1:4 when the topical arm is off.
        "kefir_parts": topical.kefir_parts if topical.enabled else 1,
        "carrier_parts": topical.carrier_parts if topical.enabled else 4,
        "batch_g": 10,
    }
    batch_form = forms.BatchForm(request.GET or None, initial=initial)
    mix = None
    if batch_form.is_valid():
        mix = supplies.batch(**batch_form.cleaned_data)
    elif not batch_form.is_bound:
        mix = supplies.batch(**initial)
    context = {
        "state": state,
        "p": programme,
        "plan": supplies.supply_plan(state.timeline),
        "batch_form": batch_form,
        "mix": mix,
        "topical": topical,
    }
    template = "programmes/supplies.html"
    if request.headers.get("HX-Request"):
        template += "#batch-result"
    return render(request, template, context)
