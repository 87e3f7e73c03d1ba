"""A participant's data as one FHIR R4 Bundle of type ``collection`` (docs/fhir.md).

The Bundle holds one Patient, a CarePlan per programme, each answered instrument's
Questionnaire once, every stored response as a QuestionnaireResponse, an
Observation per scored total and one per recorded field of every logged day, and
a Media per photo (its file is in the archive export). Every
reference is a ``urn:uuid:`` fullUrl inside the Bundle.

The resources are plain dicts, not fhir.resources models: validating them costs
more than building them, so the tests parse whole Bundles with the R4B models
instead of every export doing so.
"""

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any
from uuid import UUID

from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.portability.fhir_bundle.careplans import care_plan
from skingarden.portability.fhir_bundle.common import (
    PARTICIPANT_ID_SYSTEM,
    ExportError,
    Resource,
    entry,
)
from skingarden.portability.fhir_bundle.daily import SplitBody, checkin_entries
from skingarden.portability.fhir_bundle.media import media_entries
from skingarden.portability.fhir_bundle.reads import ExportData, export_data
from skingarden.portability.fhir_bundle.responses import (
    load_definitions,
    questionnaire_entries,
    response_entries,
)
from skingarden.portability.photo_schema import programme_site_names
from skingarden.programmes.models import Programme
from skingarden.programmes.split_body import split_sites

__all__ = ["CONTENT_TYPE", "ExportError", "export_bundle", "export_bundle_bytes"]

CONTENT_TYPE = "application/fhir+json"


def export_bundle(
    *,
    owner: User,
    programmes: Sequence[Programme] | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The owner's data as a FHIR R4 Bundle (JSON as a dict).

    ``programmes=None`` exports everything, including responses outside any
    programme; a sequence exports only those programmes and what belongs to them
    (what a practitioner with consent for them may download). ``now`` stamps the
    Bundle and decides which phases are under way.

    Raises
    ------
    Http404
        If a programme in ``programmes`` is not the owner's.
    ExportError
        If a stored response no longer fits its instrument's definition.
    """
    now = now or timezone.now()
    data = export_data(owner=owner, programmes=programmes)
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "timestamp": now.isoformat(),
        "entry": _entries(data, subject=owner.code, now=now),
    }


def export_bundle_bytes(
    *,
    owner: User,
    programmes: Sequence[Programme] | None = None,
    now: datetime | None = None,
) -> bytes:
    """The Bundle as compact UTF-8 JSON, to save or serve as ``CONTENT_TYPE``."""
    bundle = export_bundle(owner=owner, programmes=programmes, now=now)
    return json.dumps(bundle, ensure_ascii=False, separators=(",", ":")).encode()


def patient(subject: UUID, birth_year: int | None) -> Resource:
    """Only what Skin Garden collected: no name, no e-mail, the birth year alone."""
    resource: Resource = {
        "resourceType": "Patient",
        "id": str(subject),
        "identifier": [{"system": PARTICIPANT_ID_SYSTEM, "value": str(subject)}],
    }
    if birth_year is not None:
        resource["birthDate"] = f"{birth_year:04d}"
    return resource


def _entries(data: ExportData, *, subject: UUID, now: datetime) -> list[Any]:
    today = now.astimezone(data.zone).date()
    entries = [entry(subject, patient(subject, data.birth_year))]
    plans = {programme.pk: programme.code for programme in data.programmes}
    entries += [
        entry(
            programme.code,
            care_plan(
                programme, list(programme.phases.all()), subject=subject, today=today
            ),
        )
        for programme in data.programmes
    ]
    loaded = load_definitions(response.instrument_id for response in data.responses)
    entries += questionnaire_entries(loaded)
    for response in data.responses:
        plan = plans[response.programme_id] if response.programme_id else None
        entries += response_entries(
            response, loaded[response.instrument_id], subject=subject, plan=plan
        )
    splits = {programme.pk: _split_body(programme) for programme in data.programmes}
    for checkin in data.checkins:
        entries += checkin_entries(
            checkin,
            subject=subject,
            plan=plans[checkin.programme_id],
            split=splits[checkin.programme_id],
        )
    return entries + _media_entries(data, subject=subject, plans=plans)


def _media_entries(
    data: ExportData, *, subject: UUID, plans: dict[int, UUID]
) -> list[Any]:
    names = {
        programme.pk: programme_site_names(
            programme, [a for a in data.photo_plans if a.programme_id == programme.pk]
        )
        for programme in data.programmes
    }
    entries: list[Any] = []
    for session in data.photo_sessions:
        entries += media_entries(
            session,
            site_name=names[session.programme_id].get(session.site, ""),
            subject=subject,
            plan=plans[session.programme_id],
        )
    return entries


def _split_body(programme: Programme) -> SplitBody | None:
    sites = split_sites(programme.topical)
    return SplitBody(programme.primary_measure, sites) if sites else None
