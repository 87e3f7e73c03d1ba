"""Writes for questionnaire responses: score with the pure rule, store both versions."""

from collections.abc import Mapping
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts.models import User
from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import ScoringError
from skingarden.instruments.scoring.registry import score_definition
from skingarden.instruments.scoring.summed_items import Answer

FUTURE_DATE = "A questionnaire cannot be answered on a day that has not happened yet."


@transaction.atomic
def instrument_response_save(
    *,
    owner: User,
    instrument_id: str,
    answers: Mapping[str, Answer],
    answered_on: date,
    today: date,
    programme: object | None = None,
    due_on: date | None = None,
) -> InstrumentResponse:
    """Score and store one response; answering again on the same day replaces it."""
    if answered_on > today:
        raise ValidationError({"date": FUTURE_DATE})
    definition = definitions.load(instrument_id)
    try:
        result = score_definition(definition, answers)
    except ScoringError as error:
        raise ValidationError(error.problems) from None
    response = InstrumentResponse.objects.filter(
        owner=owner, instrument_id=instrument_id, date=answered_on
    ).first() or InstrumentResponse(
        owner=owner, instrument_id=instrument_id, date=answered_on
    )
    response.programme = programme  # type: ignore[assignment]
    response.due_on = due_on
    response.instrument_version = definition.version
    response.answers = dict(answers)
    response.total = result.total
    response.band = result.band or ""
    response.scored = result.scored
    response.scoring_version = result.scoring_version
    response.full_clean()
    response.save()
    return response
