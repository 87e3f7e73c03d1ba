"""The caller, their programmes (or those shared with them), and a programme's
plan and state for today: what the dashboard shows."""

from typing import Any

from django.http import HttpRequest
from ninja import Router

from skingarden.accounts.selectors import user_today
from skingarden.api import serializers
from skingarden.api.access import programme_reach, programmes_reach
from skingarden.api.auth import caller_of
from skingarden.api.errors import documented, response_headers
from skingarden.api.schemas import (
    Code,
    MeOut,
    ProgrammeDetailOut,
    ProgrammeOut,
    TodayOut,
)
from skingarden.programmes.selectors.checkins import checkin_for_day
from skingarden.programmes.selectors.state import programme_state

router = Router(tags=["programmes"])


@router.get("/me", response=documented({200: MeOut}), openapi_extra=response_headers())
def me(request: HttpRequest) -> dict[str, Any]:
    """Who the token or session belongs to, and what it may do."""
    caller = caller_of(request)
    return serializers.me(caller, user_today(user=caller.user))


@router.get(
    "/programmes",
    response=documented({200: list[ProgrammeOut]}),
    openapi_extra=response_headers(),
)
def programme_list(request: HttpRequest) -> list[dict[str, Any]]:
    """Your programmes, newest first; for a practitioner, those your clients share
    with you now."""
    caller = caller_of(request)
    return [serializers.programme(p, caller) for p in programmes_reach(caller)]


@router.get(
    "/programmes/{code}",
    response=documented({200: ProgrammeDetailOut}),
    openapi_extra=response_headers(),
)
def programme_detail(request: HttpRequest, code: Code) -> dict[str, Any]:
    """One programme: its phases, amendments and locked protocol."""
    caller = caller_of(request)
    reached = programme_reach(caller, code, reading="programme")
    state = programme_state(programme=reached.programme, today=reached.today)
    return serializers.programme_detail(
        reached.programme, caller, state.phases, state.amendments
    )


@router.get(
    "/programmes/{code}/today",
    response=documented({200: TodayOut}),
    openapi_extra=response_headers(),
)
def programme_today(request: HttpRequest, code: Code) -> dict[str, Any]:
    """Today's plan and state, as the dashboard shows it: the phase, the planned
    dose, whether today is logged (and its version), open red flags, questionnaires
    due and adherence so far. "Today" is the participant's local date."""
    caller = caller_of(request)
    reached = programme_reach(caller, code, reading="today")
    state = programme_state(programme=reached.programme, today=reached.today)
    logged = checkin_for_day(programme=reached.programme, day=reached.today)
    return serializers.today(state, logged.version if logged else None)
