"""Weekly POEM inside a programme: answered in the window of a due slot."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring.summed_items import Answer
from skingarden.instruments.services import instrument_response_save
from skingarden.programmes.models import Programme
from skingarden.programmes.services.programmes import locked_open
from skingarden.programmes.timeline import poem_slots

NOT_DUE = "POEM is not due on {day} in this programme."
WINDOW = "This POEM can be answered from {first} to {last}."


@transaction.atomic
def poem_submit(
    *, programme: Programme, due_on: date, answers: Mapping[str, Answer], today: date
) -> InstrumentResponse:
    programme, phases = locked_open(programme)
    slot = next((s for s in poem_slots(phases) if s.due_on == due_on), None)
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
        instrument_id="poem",
        answers=answers,
        answered_on=today,
        today=today,
        programme=programme,
        due_on=due_on,
    )
