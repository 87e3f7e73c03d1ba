"""Exports, as on the "Your data" page: a zip of CSV files, the JSON export or a
FHIR R4 Bundle (docs/portability.md, docs/fhir.md). Everything the caller has, or
one programme (for a practitioner, one shared with them)."""

from typing import Literal

from django.http import HttpRequest, HttpResponse
from ninja import Router

from skingarden.api.access import programme_reach
from skingarden.api.auth import caller_of
from skingarden.api.errors import documented, response_headers
from skingarden.api.schemas import Code
from skingarden.portability import exports
from skingarden.portability.views import download_response

router = Router(tags=["exports"])

Format = Literal["csv", "json", "fhir"]
FILE_EXTRA = response_headers()
FILE_EXTRA["responses"][200] = {
    "description": "The export as a file: csv → a zip of CSV files, json → the "
    "JSON export, fhir → a FHIR R4 Bundle.",
    "content": {
        "application/zip": {"schema": {"type": "string", "format": "binary"}},
        "application/json": {"schema": {"type": "object"}},
        "application/fhir+json": {"schema": {"type": "object"}},
    },
}


@router.get(
    "/exports/{fmt}",
    response=documented({200: None}),
    openapi_extra=FILE_EXTRA,
)
def export_all(request: HttpRequest, fmt: Format) -> HttpResponse:
    """Everything you have: every programme, questionnaire, patch test and imported
    tracking (for a practitioner's own account, that is nothing of their clients')."""
    caller = caller_of(request)
    return download_response(exports.export_file(owner=caller.user, fmt=fmt))


@router.get(
    "/programmes/{code}/exports/{fmt}",
    response=documented({200: None}),
    openapi_extra=FILE_EXTRA,
)
def export_programme(request: HttpRequest, code: Code, fmt: Format) -> HttpResponse:
    """One programme only: its phases, amendments, logs, red flags,
    questionnaires and safety screens, with the profile's conditions, birth year
    and time zone (what a practitioner with consent may download)."""
    reached = programme_reach(caller_of(request), code, reading=f"export {fmt}")
    exported = exports.export_file(
        owner=reached.owner, fmt=fmt, programmes=[reached.programme]
    )
    return download_response(exported)
