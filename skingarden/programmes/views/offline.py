"""The offline page of a programme (issue 14 §2, docs/phone.md): the shell that the
service worker shows for Today and a day's log when the phone has no connection.

Opened with a connection by Today's script and kept in the service worker's storage
for the signed-in person. It holds the programme's empty log form, the days around
today (their phase, planned dose and whether the topical mixture is asked) and the
red-flag advice, and no answer of the person's: their last plan comes from the API.
"""

from datetime import date, timedelta
from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import Field, IntegerField
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from skingarden.accounts.selectors import request_user, user_today
from skingarden.lib.days import days_between
from skingarden.programmes import forms
from skingarden.programmes.catalogue import MEASURES, RED_FLAGS, URGENCY_HEADINGS
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import programme_get_for_user
from skingarden.programmes.selectors.state import ProgrammeState, programme_state
from skingarden.programmes.services.checkins import STOOL_WITHOUT_MOVEMENT
from skingarden.programmes.split_body import split_sites
from skingarden.programmes.views import day_rules

# Days either side of today the offline page can log without a connection: the
# missed-days week and a little past midnight of a phone offline for a while.
DAYS_BEFORE, DAYS_AFTER = 8, 2
NO_PLAN_FOR_DAY = (
    "This phone has no plan for this day. Connect to the internet to log it."
)
OTHER_PROGRAMME = (
    "This phone keeps the offline copy of your current programme only. Connect to "
    "the internet to open this one."
)
COPY_NEEDS_CONNECTION = (
    "Copying your last products needs a connection: tick the ones you used today."
)
LABELS = {
    **{key: measure.short for key, measure in MEASURES.items()},
    "products": "Products and treatments",
    "tags": "Tags",
    "red_flags": "Safety questions answered yes",
    "note": "Note",
    "topical_applied": "Topical mixture applied",
    "topical_side": "Side that got kefir + carrier",
    "site_kefir": "Kefir site",
    "site_carrier": "Carrier site",
}


def offline_form_context(programme: Programme) -> dict[str, Any]:
    """What the log form's offline script needs: the labels of a day's answers, the
    form's own messages, and the red-flag advice shown at once when one is ticked."""
    flags = [
        {"flag": flag, "heading": URGENCY_HEADINGS[flag.urgency]}
        for flag in RED_FLAGS.values()
    ]
    return {
        "offline_labels": LABELS,
        "offline_messages": _messages(programme),
        "offline_flags": flags,
    }


def _messages(programme: Programme) -> dict[str, Any]:
    sites = split_sites(programme.topical) or ()
    required = Field.default_error_messages["required"]
    return {
        "required": {programme.primary_measure: required}
        | {site.field: required for site in sites},
        "integers": [*MEASURES, *(site.field for site in sites)],
        "whole": str(IntegerField.default_error_messages["invalid"]),
        "max": str(MaxValueValidator.message),
        "min": str(MinValueValidator.message),
        "none_and_flag": forms.checkin.NONE_AND_FLAG,
        "flags_unanswered": forms.checkin.FLAGS_UNANSWERED,
        "stool_without_movement": STOOL_WITHOUT_MOVEMENT,
        "copy_needs_connection": COPY_NEEDS_CONNECTION,
    }


def offline_days(state: ProgrammeState) -> dict[str, Any]:
    """The days the offline page can log, and why any other day cannot be."""
    programme, today = state.programme, state.today
    first, last = state.timeline.first_day, state.timeline.last_day
    window = days_between(
        max(first, today - timedelta(days=DAYS_BEFORE)),
        min(last, today + timedelta(days=DAYS_AFTER)),
    )
    return {
        "closed": ""
        if programme.is_open
        else day_rules.day_refusal(programme, today, today),
        "first": first.isoformat(),
        "last": last.isoformat(),
        "before_start": day_rules.DAY_BEFORE_START.format(first=first),
        "after_end": day_rules.DAY_AFTER_END.format(last=last),
        "future": day_rules.DAY_IN_FUTURE,
        "no_plan": NO_PLAN_FOR_DAY,
        "other_programme": OTHER_PROGRAMME,
        "days": {day.isoformat(): _day(state, day) for day in window},
    }


def _day(state: ProgrammeState, day: date) -> dict[str, Any]:
    phase = state.timeline.phase_on(day)
    return {
        "phase": phase.kind.label if phase else "",
        "planned_ml": state.timeline.planned_ml(day),
        "topical": phase is not None
        and state.topical.enabled
        and state.topical.applies_in(phase.kind),
    }


@require_safe
def offline_page(request: HttpRequest, code: str) -> HttpResponse:
    user = request_user(request)
    programme = programme_get_for_user(user=user, code=code)
    state = programme_state(programme=programme, today=user_today(user=user))
    form = forms.CheckInForm(
        primary=programme.primary_measure,
        topical=programme.topical,
        topical_today=programme.topical.enabled,
        sites=split_sites(programme.topical),
    )
    context = {
        "p": programme,
        "state": state,
        "form": form,
        "skin_fields": day_rules.skin_fields(programme),
        "offline_days": offline_days(state),
        **offline_form_context(programme),
    }
    return render(request, "programmes/offline.html", context)
