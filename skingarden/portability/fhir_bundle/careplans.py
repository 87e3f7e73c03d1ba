"""Each programme as a CarePlan whose activities are its phases, so that every
Observation and QuestionnaireResponse can say which programme it belongs to
(``basedOn``) and a reader can tell baseline days from kefir days."""

from datetime import date
from typing import Any
from uuid import UUID

from skingarden.portability.fhir_bundle.common import (
    PHASE_SYSTEM,
    PROGRAMME_ID_SYSTEM,
    Resource,
    reference,
)
from skingarden.programmes.models import Phase, Programme
from skingarden.programmes.plan import PhaseKind

STATUSES = {
    Programme.Status.ACTIVE: "active",
    Programme.Status.PAUSED: "on-hold",
    Programme.Status.COMPLETED: "completed",
    # FHIR's "revoked": terminated before it reached completion.
    Programme.Status.STOPPED: "revoked",
    Programme.Status.ABANDONED: "revoked",
}


def care_plan(
    programme: Programme, phases: list[Phase], *, subject: UUID, today: date
) -> Resource:
    last_day = programme.ended_on or programme.end_date
    period = {"start": programme.start_date.isoformat()}
    if last_day is not None:
        period["end"] = last_day.isoformat()
    return {
        "resourceType": "CarePlan",
        "id": str(programme.code),
        "identifier": [{"system": PROGRAMME_ID_SYSTEM, "value": str(programme.code)}],
        "status": STATUSES[Programme.Status(programme.status)],
        "intent": "plan",
        "title": f"Skin Garden programme ({programme.template})",
        "subject": reference(subject),
        "period": period,
        "activity": [_activity(programme, phase, today) for phase in phases],
    }


def _activity(programme: Programme, phase: Phase, today: date) -> dict[str, Any]:
    label = PhaseKind(phase.kind).label
    return {
        "detail": {
            "code": {
                "coding": [
                    {"system": PHASE_SYSTEM, "code": phase.kind, "display": label}
                ],
                "text": label,
            },
            "status": phase_status(programme, phase, today),
            "scheduledPeriod": {
                "start": phase.start_date.isoformat(),
                "end": phase.end_date.isoformat(),
            },
        }
    }


def phase_status(programme: Programme, phase: Phase, today: date) -> str:
    """A closed programme's phases end where it ended (an abandoned one keeps its
    planned phases); an open one's follow the calendar."""
    if not programme.is_open:
        ended = programme.ended_on or phase.end_date
        if phase.start_date > ended:
            return "cancelled"
        return "stopped" if phase.end_date > ended else "completed"
    if phase.end_date < today:
        return "completed"
    if phase.start_date > today:
        return "not-started"
    return "on-hold" if programme.status == Programme.Status.PAUSED else "in-progress"
