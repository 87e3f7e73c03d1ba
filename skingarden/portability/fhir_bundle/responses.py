"""Stored questionnaire responses: each instrument's Questionnaire once, every
response as a QuestionnaireResponse (both from skingarden.instruments.fhir), and
every scored total as an Observation derived from its response."""

from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid5

from skingarden.instruments import definitions, fhir
from skingarden.instruments.definitions import Definition, UnknownInstrument
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring.registry import Score
from skingarden.portability.fhir_bundle.common import (
    INSTRUMENT_TOTAL_SYSTEM,
    NAMESPACE,
    ExportError,
    Resource,
    entry,
    observation,
    quantity,
    reference,
    urn,
)

UNKNOWN = "The instrument “{instrument}” of a stored response is no longer known."
UNFIT = (
    "The {instrument} answers of {day} no longer fit its questionnaire, so they "
    "cannot be exported."
)
SCORE_UNIT = "score"


def load_definitions(instrument_ids: Iterable[str]) -> dict[str, Definition]:
    loaded = {}
    for instrument_id in sorted(set(instrument_ids)):
        try:
            loaded[instrument_id] = definitions.load(instrument_id)
        except UnknownInstrument:
            raise ExportError(UNKNOWN.format(instrument=instrument_id)) from None
    return loaded


def questionnaire_entries(
    loaded: Mapping[str, Definition],
) -> Iterator[dict[str, Any]]:
    for definition in loaded.values():
        canonical = f"{fhir.canonical_url(definition)}|{definition.version}"
        yield entry(uuid5(NAMESPACE, canonical), fhir.questionnaire(definition))


def response_entries(
    response: InstrumentResponse,
    definition: Definition,
    *,
    subject: UUID,
    plan: UUID | None,
) -> Iterator[dict[str, Any]]:
    """The response and, when it was scored, its total as an Observation."""
    yield entry(response.code, _response(response, definition, subject, plan))
    total = plain_number(response.total)
    if response.scored and total is not None:
        key = uuid5(response.code, "total")
        resource = _total(response, definition, key, subject=subject, plan=plan)
        resource["valueQuantity"] = quantity(total, unit=SCORE_UNIT, ucum="{score}")
        if response.band:
            resource["interpretation"] = [{"text": response.band}]
        resource["performer"] = [_author(response, subject)]
        resource["derivedFrom"] = [reference(response.code)]
        yield entry(key, resource)


def stored_score(response: InstrumentResponse) -> Score:
    """The score as it was stored (and shown), not recomputed by today's code."""
    return Score(
        instrument=response.instrument_id,
        version=response.instrument_version,
        scoring_version=response.scoring_version,
        scored=response.scored,
        total=plain_number(response.total),
        band=response.band or None,
    )


def plain_number(value: Decimal | None) -> int | float | None:
    """A stored total as JSON writes it: 13 stays 13, 54.70 becomes 54.7."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _response(
    response: InstrumentResponse,
    definition: Definition,
    subject: UUID,
    plan: UUID | None,
) -> Resource:
    try:
        resource = fhir.questionnaire_response(
            definition,
            answers=response.answers,
            score=stored_score(response),
            authored=response.created_at,
            subject_reference=urn(subject),
            response_id=str(response.code),
        )
    except ValueError:  # the message would quote the answer, which is health data
        day = response.date.isoformat()
        message = UNFIT.format(instrument=definition.short_title, day=day)
        raise ExportError(message) from None
    # The day the participant answered for; when it was saved may be later.
    resource["authored"] = response.date.isoformat()
    if plan is not None:
        resource["basedOn"] = [reference(plan)]
    resource["author"] = _author(response, subject)
    return resource


def _author(response: InstrumentResponse, subject: UUID) -> dict[str, str]:
    if response.rated_by == InstrumentResponse.Rater.CLINICIAN:
        return {"type": "Practitioner", "display": response.rater_name or "Clinician"}
    return reference(subject)


def _total(
    response: InstrumentResponse,
    definition: Definition,
    key: UUID,
    *,
    subject: UUID,
    plan: UUID | None,
) -> Resource:
    """The total's Observation, without its value."""
    title = f"{definition.short_title} total score"
    coding = [
        {"system": INSTRUMENT_TOTAL_SYSTEM, "code": definition.id, "display": title}
    ]
    loinc = definition.raw.get("codes", {}).get("loinc_total")
    if loinc:
        coding.append({"system": fhir.LOINC, "code": loinc})
    return observation(
        key,
        code={"coding": coding, "text": title},
        subject=subject,
        day=response.date,
        plan=plan,
    )
