"""Records as the API's documents (api/schemas.py): plain dictionaries built from
what the selectors and services return, never read from the database here."""

from datetime import date
from typing import Any

from skingarden.api.auth import Caller
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.catalogue import RED_FLAGS
from skingarden.programmes.dosing import DoseEvent
from skingarden.programmes.models import (
    CHECKIN_FIELDS,
    Amendment,
    CheckIn,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.selectors.state import InstrumentStatus, ProgrammeState
from skingarden.programmes.services.checkins import CheckInResult
from skingarden.reports.models import Report


def me(caller: Caller, today: date) -> dict[str, Any]:
    user, token = caller.user, caller.token
    return {
        "code": user.code,
        "email": user.email,
        "role": "practitioner" if user.is_practitioner else "participant",
        "time_zone": user.profile.time_zone,
        "today": today,
        "auth": {
            "method": "token" if token else "session",
            "can_write": caller.can_write,
            "token_name": token.name if token else None,
            "expires_at": token.expires_at if token else None,
        },
    }


def programme(found: Programme, caller: Caller) -> dict[str, Any]:
    shared = caller.user.is_practitioner
    return {
        "code": found.code,
        "status": found.status,
        "is_open": found.is_open,
        "template": found.template,
        "start_date": found.start_date,
        "end_date": found.end_date,
        "ended_on": found.ended_on,
        "primary_measure": found.primary_measure,
        "shared_by": found.owner.email if shared else None,
    }


def programme_detail(
    found: Programme,
    caller: Caller,
    phases: list[Phase],
    amendments: list[Amendment],
) -> dict[str, Any]:
    return {
        **programme(found, caller),
        "phases": [phase(p) for p in phases],
        "amendments": [amendment(a) for a in amendments],
        "protocol": found.protocol.to_json(),
    }


def phase(found: Phase) -> dict[str, Any]:
    return {
        "kind": found.kind,
        "label": found.phase_kind.label,
        "start_date": found.start_date,
        "end_date": found.end_date,
    }


def amendment(found: Amendment) -> dict[str, Any]:
    return {
        "kind": found.kind,
        "effective_on": found.effective_on,
        "what": found.what,
        "why": found.why,
        "automatic": found.automatic,
    }


def checkin(found: CheckIn) -> dict[str, Any]:
    return {
        **{name: getattr(found, name) for name in CHECKIN_FIELDS},
        "date": found.date,
        "version": found.version,
        "form_version": found.form_version,
        "entered_on": found.entered_on,
        "late": found.is_late,
    }


def checkin_saved(result: CheckInResult) -> dict[str, Any]:
    return {
        **checkin(result.checkin),
        "saved": result.saved,
        "new_red_flags": [red_flag(event) for event in result.new_flags],
        "dose_changes": [dose_change(event) for event in result.dose_events],
    }


def red_flag(event: RedFlagEvent) -> dict[str, Any]:
    flag = RED_FLAGS[event.flag]
    return {
        "flag": flag.key,
        "question": flag.question,
        "urgency": flag.urgency.value,
        "advice": flag.advice,
        "reported_on": event.reported_on,
    }


def dose_change(event: DoseEvent) -> dict[str, Any]:
    return {
        "decision": event.decision.value,
        "decided_on": event.decided_on,
        "effective_on": event.effective_on,
        "from_ml": event.from_ml,
        "to_ml": event.to_ml,
    }


def today(state: ProgrammeState, checkin_version: int | None) -> dict[str, Any]:
    timeline = state.timeline
    current = timeline.phase_on(state.today)
    return {
        "date": state.today,
        "status": state.programme.status,
        "started": timeline.has_started,
        "days_until_start": max(state.days_until_start, 0),
        "phase": None
        if current is None
        else {
            "kind": current.kind.value,
            "label": current.kind.label,
            "start_date": current.start,
            "end_date": current.end,
        },
        "phase_day": state.phase_day_today,
        "kefir_day": state.kefir_day_today,
        "planned_ml": state.planned_today,
        "logged": state.today_checkin_exists,
        "checkin_version": checkin_version,
        "awaiting_completion": state.awaiting_completion,
        "open_red_flags": [red_flag(event) for event in state.open_red_flags],
        "questionnaires_due": [due(status, state.today) for status in state.due_now],
        "adherence": vars(timeline.adherence),
    }


def due(status: InstrumentStatus, today: date) -> dict[str, Any]:
    slot = status.slot
    return {
        "instrument": status.instrument_id,
        "title": status.title,
        "due_on": slot.due_on,
        "closes_on": slot.closes_on,
        "open_today": slot.is_open_on(today),
        "response": response(status.response) if status.response else None,
    }


def response(found: InstrumentResponse) -> dict[str, Any]:
    return {
        "code": found.code,
        "instrument": found.instrument_id,
        "date": found.date,
        "due_on": found.due_on,
        "rated_by": found.rated_by,
        "scored": found.scored,
        "total": None if found.total is None else float(found.total),
        "band": found.band,
        "answers": found.answers,
    }


def report(found: Report) -> dict[str, Any]:
    return {
        "status": found.status,
        "progress": found.progress,
        "step": found.step,
        "as_of": found.as_of,
        "interim": found.interim,
        "requested_at": found.requested_at,
        "built_at": found.built_at,
        "error": found.error,
    }


def report_result(found: Report) -> dict[str, Any]:
    return {
        "as_of": found.as_of,
        "interim": found.interim,
        "built_at": found.built_at,
        "verdict": found.verdict,
        "primary_effect": found.effect or None,
    }
