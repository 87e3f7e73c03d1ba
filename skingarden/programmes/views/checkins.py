from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from skingarden.accounts.selectors import request_user, user_today
from skingarden.instruments import definitions
from skingarden.instruments.forms import form_for
from skingarden.lib.forms import add_service_errors
from skingarden.lib.http import parse_day
from skingarden.programmes import forms
from skingarden.programmes.catalogue import RED_FLAGS, URGENCY_HEADINGS, Urgency
from skingarden.programmes.dosing import Decision, DoseEvent
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.programmes.selectors.checkins import (
    checkin_for_day,
    checkin_latest_before,
    checkins_for_programme,
    topical_applies_on,
)
from skingarden.programmes.selectors.state import programme_days, programme_state
from skingarden.programmes.services import checkins as services
from skingarden.programmes.services.measures import measure_submit
from skingarden.programmes.services.red_flags import red_flags_resolve
from skingarden.programmes.split_body import split_sites
from skingarden.programmes.views.day_rules import day_refusal, skin_fields
from skingarden.programmes.views.offline import offline_form_context

URGENCY_ORDER = list(Urgency)
COPY_PRODUCTS = "same_as_yesterday"  # the button that copies the last log's products


@require_safe
def checkin_today(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    return redirect(
        "programmes:checkin", code=programme.code, day=user_today(user=user)
    )


@require_http_methods(["GET", "HEAD", "POST"])
def checkin(request: HttpRequest, code: str, day: str) -> HttpResponse:
    """The day's log: one screen, outcomes blank until answered, saved again to
    correct it."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    the_day, today = parse_day(day), user_today(user=user)
    options: dict[str, Any] = {
        "primary": programme.primary_measure,
        "topical": programme.topical,
        "topical_today": topical_applies_on(programme=programme, day=the_day),
        "sites": split_sites(programme.topical),
    }
    existing = checkin_for_day(programme=programme, day=the_day)
    previous = checkin_latest_before(programme=programme, day=the_day)
    state = programme_state(programme=programme, today=today)
    planned_ml = state.timeline.planned_ml(the_day)
    if request.method == "POST" and COPY_PRODUCTS not in request.POST:
        form = forms.CheckInForm(request.POST, **options)
        if saved := _save(request, programme, form, the_day, today):
            return saved
    elif request.method == "POST" and previous is not None:
        # "Same as yesterday": what was typed so far, with the last log's products.
        draft = forms.CheckInForm(request.POST, **options)
        typed = draft.as_typed(list(previous.products))
        form = forms.CheckInForm(initial=typed, **options)
    elif existing is not None:
        form = forms.CheckInForm(
            initial=forms.CheckInForm.initial_for_edit(existing), **options
        )
    else:
        initial = forms.CheckInForm.initial_for_new_day(
            planned_ml=planned_ml, previous=previous
        )
        form = forms.CheckInForm(initial=initial, **options)
    context = {
        "state": state,
        "p": programme,
        "form": form,
        "day": the_day,
        "skin_fields": skin_fields(programme),
        "existing": existing,
        "previous": previous,
        "copied": COPY_PRODUCTS in request.POST,
        "refusal": day_refusal(programme, the_day, today),
        "is_future": the_day > today,
        "is_late": the_day < today,
        "planned_ml": planned_ml,
        "phase": state.timeline.phase_on(the_day),
        **offline_form_context(programme),
    }
    status = 400 if form.is_bound else 200
    return render(request, "programmes/checkin.html", context, status=status)


def _save(
    request: HttpRequest,
    programme: Programme,
    form: forms.CheckInForm,
    day: date,
    today: date,
) -> HttpResponse | None:
    """Save a valid form; None (with the errors on the form) when it cannot be."""
    if not form.is_valid():
        return None
    try:
        result = services.checkin_save(
            programme=programme, day=day, values=form.values(), today=today
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    return _after_save(request, programme, result, day)


def _after_save(
    request: HttpRequest,
    programme: Programme,
    result: services.CheckInResult,
    day: date,
) -> HttpResponse:
    if result.new_flags:
        return redirect("programmes:red_flags", code=programme.code)
    _tell_about_dose(request, result.dose_events)
    messages.success(request, f"Saved your log for {day:%A %-d %B}.")
    return redirect("programmes:dashboard")


def _tell_about_dose(request: HttpRequest, events: list[DoseEvent]) -> None:
    for event in events:
        if event.decision is Decision.STOP:
            messages.warning(
                request,
                (
                    "Your gut discomfort stayed at 2 or more after three days at the "
                    "lower dose, "
                    "so kefir stops from tomorrow. This is recorded on your programme. "
                    "If it does "
                    "not settle within a few days of stopping, see a doctor."
                ),
            )
        elif event.to_ml < event.from_ml:
            messages.warning(
                request,
                (
                    "Your gut discomfort was 2 or more two days running, so from "
                    "tomorrow your "
                    f"dose steps back from {event.from_ml} ml to {event.to_ml} ml for "
                    "three days."
                ),
            )
        else:
            messages.warning(
                request,
                (
                    "Your gut discomfort was 2 or more two days running. You are on "
                    "the lowest "
                    f"step ({event.to_ml} ml), so stay there; if it is still high in "
                    "three days, "
                    f"kefir will stop."
                ),
            )


@require_safe
def checkin_list(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    state = programme_state(programme=programme, today=user_today(user=user))
    checkins = checkins_for_programme(programme=programme)
    rows = programme_days(state=state, checkins=checkins)
    return render(
        request,
        "programmes/checkin_list.html",
        {"state": state, "p": programme, "rows": rows},
    )


@require_http_methods(["GET", "HEAD", "POST"])
def red_flags(request: HttpRequest, code: str) -> HttpResponse:
    """Stop and seek care: the advice for each open red flag, then the way back."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    today = user_today(user=user)
    state = programme_state(programme=programme, today=today)
    form = forms.RedFlagResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            red_flags_resolve(programme=programme, today=today, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "Thank you. This is recorded on your programme.")
            return redirect("programmes:dashboard")
    flags = sorted(
        (RED_FLAGS[event.flag] for event in state.open_red_flags),
        key=lambda flag: URGENCY_ORDER.index(flag.urgency),
    )
    context = {
        "state": state,
        "p": programme,
        "form": form,
        "flags": flags,
        "headings": URGENCY_HEADINGS,
    }
    return render(
        request,
        "programmes/red_flags.html",
        context,
        status=400 if form.is_bound else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def measure(request: HttpRequest, code: str, instrument: str, due: str) -> HttpResponse:
    """A weekly or monthly questionnaire of the protocol, for one due slot."""
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    if instrument not in programme.protocol.instrument_ids:
        raise Http404("Not part of this programme.")
    due_on, today = parse_day(due), user_today(user=user)
    definition = definitions.load(instrument)
    form = form_for(definition, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            response = measure_submit(
                programme=programme,
                instrument_id=instrument,
                due_on=due_on,
                answers=form.answers(),
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            _tell_about_score(request, definition, response)
            return redirect("programmes:dashboard")
    context = {
        "p": programme,
        "form": form,
        "definition": definition,
        "due_on": due_on,
        "form_template": f"instruments/forms/{definition.scoring['rule']}.html",
    }
    status = 400 if form.is_bound else 200
    return render(request, "programmes/measure.html", context, status=status)


def _tell_about_score(request: HttpRequest, definition: Any, response: Any) -> None:
    if not response.scored:
        messages.warning(
            request,
            f"{definition.short_title} saved, but with too many "
            "questions unanswered it cannot be scored.",
        )
        return
    band = f" ({response.band})" if response.band else ""
    messages.success(
        request, f"{definition.short_title} saved: {float(response.total):g}{band}."
    )
