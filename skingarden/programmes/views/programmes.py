from collections.abc import Callable
from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

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
from skingarden.programmes.selectors.patch_tests import (
    patch_test_status,
    patch_tests_for_user,
)
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.services import amendments
from skingarden.programmes.services import programmes as services


@require_GET
def programme_list(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    return render(
        request,
        "programmes/programme_list.html",
        {"programmes": programmes_for_user(user=user)},
    )


@require_http_methods(["GET", "POST"])
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
    passed = [
        test
        for test in patch_tests_for_user(user=user)
        if patch_test_status(test) == "passed"
    ]
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


@require_GET
def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    state = programme_state(programme=programme, today=user_today(user=user))
    return render(
        request,
        "programmes/programme_detail.html",
        {"state": state, "p": programme, **_amendment_forms()},
    )


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


def _amendment_view(
    form_class: type[django_forms.Form],
    context_name: str,
    call: Callable[[Programme, dict[str, Any], Any], Any],
    done: str,
    prefix: str | None = None,
) -> Callable[[HttpRequest, str], HttpResponse]:
    """A POST-only view: parse a small form, call one service, back to the programme."""

    @require_POST
    def view(request: HttpRequest, code: str) -> HttpResponse:
        user = request_user(request)
        programme = programme_get_for_user(user=user, code=code)
        today = user_today(user=user)
        form = form_class(request.POST, prefix=prefix)
        if form.is_valid():
            try:
                call(programme, form.cleaned_data, today)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, done)
                return redirect("programmes:detail", code=programme.code)
        state = programme_state(programme=programme, today=today)
        context = {
            "state": state,
            "p": programme,
            **_amendment_forms(**{context_name: form}),
        }
        return render(request, "programmes/programme_detail.html", context, status=400)

    return view


programme_extend = _amendment_view(
    forms.ExtendForm,
    "extend_form",
    lambda p, d, today: amendments.programme_extend(
        programme=p, days=d["days"], why=d["why"], today=today
    ),
    "The extension is recorded.",
)
programme_change_dose = _amendment_view(
    forms.DoseChangeForm,
    "dose_form",
    lambda p, d, today: amendments.programme_change_dose(
        programme=p,
        ml=d["ml"],
        effective_on=d["effective_on"],
        why=d["why"],
        today=today,
    ),
    "The dose change is recorded.",
)
programme_shorten_baseline = _amendment_view(
    forms.ShortenBaselineForm,
    "baseline_form",
    lambda p, d, today: amendments.programme_shorten_baseline(
        programme=p, days=d["days"], why=d["why"], today=today
    ),
    "The baseline is shortened.",
)
programme_follow_up = _amendment_view(
    forms.FollowUpForm,
    "follow_up_form",
    lambda p, d, today: amendments.programme_set_follow_up(
        programme=p, follow_up=d["follow_up"], why=d["why"], today=today
    ),
    "The follow-up is changed.",
)
programme_stop = _amendment_view(
    forms.ReasonForm,
    "stop_form",
    lambda p, d, today: amendments.programme_stop_early(
        programme=p, why=d["why"], today=today
    ),
    "Kefir is stopped. Keep logging if a follow-up is planned.",
    prefix="stop",
)
programme_abandon = _amendment_view(
    forms.ReasonForm,
    "abandon_form",
    lambda p, d, today: amendments.programme_abandon(
        programme=p, why=d["why"], today=today
    ),
    "The programme is abandoned. You can start another whenever you like.",
    prefix="abandon",
)


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


@require_GET
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
