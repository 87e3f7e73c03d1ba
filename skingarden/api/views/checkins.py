"""Daily logs: a list by dates, one day with its version as an ETag, and one day
written with PUT, idempotent and conditional (docs/api.md, "Logging a day").

The version belongs to the day's log, not the programme: a phone sending a queue
of days logged offline never conflicts with itself, only with a change to the same
day made elsewhere since it last saw it.
"""

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import HeaderEx, P, QueryEx, Router, Status

from skingarden.api import serializers
from skingarden.api.access import programme_reach
from skingarden.api.auth import caller_of, require_write
from skingarden.api.errors import (
    INVALID_INPUT,
    documented,
    error_response,
    response_headers,
)
from skingarden.api.schemas import CheckInIn, CheckInOut, CheckInSavedOut, Code, IsoDate
from skingarden.programmes.catalogue import API_FORM_VERSION
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.selectors.checkins import (
    checkin_for_day,
    checkins_in_period,
)
from skingarden.programmes.services.checkins import (
    NOT_LOGGED,
    VersionMismatch,
    checkin_save,
    topical_mix,
)

router = Router(tags=["check-ins"])

ETAG_PATTERN = r'^"[0-9]+"$'
IF_MATCH_PATTERN = r'^(\*|"[0-9]+")$'


ANY_VERSION = r"^\*$"  # for a PUT, only * ("not logged yet")
ETAG_HEADER = {
    "ETag": {
        "description": "The day's version, quoted: send it back in If-Match.",
        "required": True,
        "schema": {"type": "string", "pattern": ETAG_PATTERN},
    }
}
CURRENT_ETAG = {"ETag": {**ETAG_HEADER["ETag"], "required": False}}

PERIOD_REVERSED = "Must be on or after “from”."
NOT_LOGGED_YET = "{day} is not logged yet."
PRECONDITION_REQUIRED = (
    "Say what you are replacing: If-Match with the ETag you last saw for this day, "
    "or If-None-Match: * for a day not logged yet."
)
BOTH_CONDITIONS = "Send If-Match or If-None-Match, not both."
CHANGED_SINCE = (
    "This day's log is at version {current}, not the one you sent: it changed "
    "since you last saw it. Fetch it, and send your change again with "
    'If-Match: "{current}" if it should still replace what is there.'
)
ALREADY_LOGGED = (
    "This day is already logged (version {current}); to replace it, send "
    'If-Match: "{current}".'
)
NOT_LOGGED_FOR_MATCH = (
    "This day is not logged yet, so there is no version to match: send "
    "If-None-Match: * to log it."
)


def etag(version: int) -> str:
    return f'"{version}"'


@router.get(
    "/programmes/{code}/checkins",
    response=documented({200: list[CheckInOut]}),
    openapi_extra=response_headers(),
)
def checkin_list(
    request: HttpRequest,
    code: Code,
    first: QueryEx[IsoDate | None, P(alias="from")] = None,
    last: QueryEx[IsoDate | None, P(alias="to")] = None,
) -> Any:
    """The programme's logs from ``from`` to ``to`` (ISO dates, both included;
    either may be left out), oldest first."""
    if first is not None and last is not None and last < first:
        return error_response(400, INVALID_INPUT, {"to": PERIOD_REVERSED})
    reached = programme_reach(caller_of(request), code, reading="checkins")
    found = checkins_in_period(programme=reached.programme, first=first, last=last)
    return [serializers.checkin(c) for c in found]


@router.get(
    "/programmes/{code}/checkins/{day}",
    response=documented({200: CheckInOut, 304: None}),
    openapi_extra=response_headers({200: ETAG_HEADER, 304: ETAG_HEADER}),
)
def checkin_get(
    request: HttpRequest,
    response: HttpResponse,
    code: Code,
    day: IsoDate,
    if_none_match: HeaderEx[
        str | None, P(alias="If-None-Match", pattern=IF_MATCH_PATTERN)
    ] = None,
) -> Any:
    """One day's log, with its version as the ``ETag``. With ``If-None-Match`` set
    to that ETag, an unchanged day answers 304 and no body."""
    reached = programme_reach(caller_of(request), code, reading="checkin")
    found = checkin_for_day(programme=reached.programme, day=day)
    if found is None:
        return error_response(404, NOT_LOGGED_YET.format(day=day.isoformat()))
    response["ETag"] = etag(found.version)
    if if_none_match in ("*", etag(found.version)):
        return Status(304, None)
    return serializers.checkin(found)


@router.put(
    "/programmes/{code}/checkins/{day}",
    response=documented({200: CheckInSavedOut, 201: CheckInSavedOut}, 412, 413, 428),
    openapi_extra=response_headers(
        {200: ETAG_HEADER, 201: ETAG_HEADER, 412: CURRENT_ETAG}
    ),
)
def checkin_put(
    request: HttpRequest,
    response: HttpResponse,
    code: Code,
    day: IsoDate,
    payload: CheckInIn,
    if_match: HeaderEx[
        str | None, P(alias="If-Match", pattern=IF_MATCH_PATTERN)
    ] = None,
    if_none_match: HeaderEx[
        str | None, P(alias="If-None-Match", pattern=ANY_VERSION)
    ] = None,
) -> Any:
    """Log a day, or replace its log: 201 when created, 200 when replaced.

    Conditional, so that nothing is overwritten unseen: ``If-None-Match: *`` to
    create a day not logged yet, ``If-Match: "<version>"`` (the ETag last seen) to
    replace one. A mismatch answers 412 with the day's current version as the
    ``ETag``; neither header, 428. Sending again what is already stored answers
    200 with ``saved: false`` and writes nothing, so a retry is safe."""
    caller = caller_of(request)
    require_write(caller)
    reached = programme_reach(caller, code, reading="checkin")
    if if_match is not None and if_none_match is not None:
        return error_response(400, BOTH_CONDITIONS, {"If-Match": BOTH_CONDITIONS})
    if if_match is None and if_none_match is None:
        return error_response(428, PRECONDITION_REQUIRED)
    expected = _expected_version(reached.programme, day, if_match)
    if isinstance(expected, HttpResponse):
        return expected
    values = payload.model_dump()
    values.update(topical_mix(reached.programme.topical, payload.topical_applied))
    try:
        result = checkin_save(
            programme=reached.programme,
            day=day,
            values=values,
            today=reached.today,
            form_version=API_FORM_VERSION,
            expected_version=expected,
        )
    except VersionMismatch as mismatch:
        return _precondition_failed(mismatch.current, expected)
    response["ETag"] = etag(result.checkin.version)
    return Status(201 if result.created else 200, serializers.checkin_saved(result))


def _expected_version(
    programme: Programme, day: dt.date, if_match: str | None
) -> int | HttpResponse:
    """The version the client says it is replacing (``NOT_LOGGED`` for a new day).
    ``If-Match: *`` means "whatever is there", which needs something there."""
    if if_match is None:
        return NOT_LOGGED
    if if_match != "*":
        return int(if_match.strip('"'))
    current = checkin_for_day(programme=programme, day=day)
    if current is None:
        return _precondition_failed(None, expected=1)
    return current.version


def _precondition_failed(current: CheckIn | None, expected: int) -> HttpResponse:
    """412, with the day's current version as the ETag when it is logged."""
    if current is None:
        return error_response(412, NOT_LOGGED_FOR_MATCH)
    template = ALREADY_LOGGED if expected == NOT_LOGGED else CHANGED_SINCE
    response = error_response(412, template.format(current=current.version))
    response["ETag"] = etag(current.version)
    return response
