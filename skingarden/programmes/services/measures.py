"""Weekly and monthly instruments in a programme, answered in a due slot's window."""

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.services import instrument_response_save
from skingarden.programmes.models import Programme
from skingarden.programmes.services.freshness import locked_open
from skingarden.programmes.timeline import schedule_slots

NOT_IN_PROTOCOL = "This questionnaire is not part of this programme's protocol."
NOT_DUE = "It is not due on {day} in this programme."
WINDOW = "This one can be answered from {first} to {last}."


@transaction.atomic
def measure_submit(
    *,
    programme: Programme,
    instrument_id: str,
    due_on: date,
    answers: Mapping[str, Any],
    today: date,
) -> InstrumentResponse:
    """Score and store a response for one due slot (answering again replaces it)."""
    programme, phases = locked_open(programme)
    chosen = {item.id: item for item in programme.protocol.instruments}
    if instrument_id not in chosen:
        raise ValidationError(NOT_IN_PROTOCOL)
    slots = schedule_slots(phases, chosen[instrument_id].schedule)
    slot = next((s for s in slots if s.due_on == due_on), None)
    if slot is None:
        raise ValidationError(NOT_DUE.format(day=due_on.isoformat()))
    if not slot.is_open_on(today):
        raise ValidationError(
            WINDOW.format(
                first=slot.due_on.isoformat(), last=slot.closes_on.isoformat()
            )
        )
    return instrument_response_save(
        owner=programme.owner,
        instrument_id=instrument_id,
        answers=answers,
        answered_on=today,
        today=today,
        programme=programme,
        due_on=due_on,
    )
