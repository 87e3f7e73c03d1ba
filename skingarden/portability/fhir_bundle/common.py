"""What every part of the Bundle shares: identifier systems, code systems, the
Observation category, and urn:uuid references (docs/fhir.md)."""

from datetime import date
from typing import Any
from uuid import UUID, uuid5

from skingarden.instruments.fhir import CODE_SYSTEM_BASE, FHIR_BASE

PARTICIPANT_ID_SYSTEM = f"{FHIR_BASE}/NamingSystem/participant"
PROGRAMME_ID_SYSTEM = f"{FHIR_BASE}/NamingSystem/programme"
DAILY_LOG_SYSTEM = f"{CODE_SYSTEM_BASE}/daily-log"
PHASE_SYSTEM = f"{CODE_SYSTEM_BASE}/programme-phase"
INSTRUMENT_TOTAL_SYSTEM = f"{CODE_SYSTEM_BASE}/instrument-total"
UCUM = "http://unitsofmeasure.org"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
SURVEY = {
    "coding": [{"system": OBSERVATION_CATEGORY, "code": "survey", "display": "Survey"}]
}
# Resources without a UUID of their own (Questionnaires, one Observation per field of
# a check-in) get a name-based UUID, so exporting twice gives the same fullUrls.
NAMESPACE = uuid5(UUID(int=0), FHIR_BASE)

Resource = dict[str, Any]


def urn(value: UUID) -> str:
    return f"urn:uuid:{value}"


def reference(value: UUID) -> dict[str, str]:
    return {"reference": urn(value)}


def entry(value: UUID, resource: Resource) -> dict[str, Any]:
    return {"fullUrl": urn(value), "resource": resource}


def observation(
    value: UUID,
    *,
    code: dict[str, Any],
    subject: UUID,
    day: date,
    plan: UUID | None,
) -> Resource:
    """A final, participant-reported Observation of one day, without its value."""
    resource: Resource = {"resourceType": "Observation", "id": str(value)}
    if plan is not None:
        resource["basedOn"] = [reference(plan)]
    resource.update(
        status="final",
        category=[SURVEY],
        code=code,
        subject=reference(subject),
        effectiveDateTime=day.isoformat(),
    )
    return resource


def quantity(value: float, *, unit: str, ucum: str) -> dict[str, Any]:
    return {"value": value, "unit": unit, "system": UCUM, "code": ucum}


class ExportError(ValueError):
    """Stored data that cannot be written as FHIR; the message names no health data."""
