"""The programme's weekly and monthly questionnaires: every due slot and its
window, the responses recorded, and answering one (scored as the web form's are)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Status

from skingarden.api import serializers
from skingarden.api.access import programme_reach
from skingarden.api.auth import caller_of, require_write
from skingarden.api.errors import documented, response_headers
from skingarden.api.schemas import Code, DueOut, IsoDate, ResponseIn, ResponseOut
from skingarden.programmes.selectors.measures import responses_for_programme
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.services.measures import measure_submit

router = Router(tags=["questionnaires"])

NOT_IN_PROGRAMME = "That is not a questionnaire of this programme."


@router.get(
    "/programmes/{code}/questionnaires",
    response=documented({200: list[DueOut]}),
    openapi_extra=response_headers(),
)
def questionnaire_slots(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    """Every due slot of the programme's questionnaires, with its window (open for
    3 days from its due date) and the response given in it, if any."""
    reached = programme_reach(caller_of(request), code, reading="questionnaires")
    state = programme_state(programme=reached.programme, today=reached.today)
    return [serializers.due(status, state.today) for status in state.instruments]


@router.get(
    "/programmes/{code}/questionnaires/responses",
    response=documented({200: list[ResponseOut]}),
    openapi_extra=response_headers(),
)
def questionnaire_responses(request: HttpRequest, code: Code) -> list[dict[str, Any]]:
    """Every questionnaire response recorded in the programme, oldest first,
    clinicians' ratings included."""
    reached = programme_reach(caller_of(request), code, reading="responses")
    found = responses_for_programme(programme=reached.programme)
    return [serializers.response(r) for r in found]


@router.post(
    "/programmes/{code}/questionnaires/{instrument}/{due_on}",
    response=documented({201: ResponseOut}, 413),
    openapi_extra=response_headers(),
)
def questionnaire_answer(
    request: HttpRequest,
    code: Code,
    instrument: str,
    due_on: IsoDate,
    payload: ResponseIn,
) -> Any:
    """Answer the slot of ``instrument`` due on ``due_on``, while its window is open
    (answering again replaces the day's answer). The response is scored and dated
    the participant's today."""
    caller = caller_of(request)
    require_write(caller)
    reached = programme_reach(caller, code, reading="questionnaire")
    if instrument not in reached.programme.protocol.instrument_ids:
        raise Http404(NOT_IN_PROGRAMME)
    saved = measure_submit(
        programme=reached.programme,
        instrument_id=instrument,
        due_on=due_on,
        answers=payload.answers,
        today=reached.today,
    )
    return Status(201, serializers.response(saved))
