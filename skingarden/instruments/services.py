"""Writes for questionnaire responses: score with the pure rule, store both versions."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts.models import User
from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import ScoringError
from skingarden.instruments.scoring.registry import Score, score_instrument

FUTURE_DATE = "A questionnaire cannot be answered on a day that has not happened yet."
NOT_USABLE = "{title} cannot be used until its licensed wording is supplied."


def score_or_error(
    definition: definitions.Definition, answers: Mapping[str, Any]
) -> Score:
    try:
        return score_instrument(definition, answers)
    except ScoringError as error:
        raise ValidationError(error.problems) from None


def apply_score(response: InstrumentResponse, result: Score) -> None:
    response.instrument_version = result.version
    response.scoring_version = result.scoring_version
    response.scored = result.scored
    # Totals are already rounded as published (at most one decimal); going through
    # their text keeps 54.7 as 54.7 rather than the binary float's long expansion.
    response.total = None if result.total is None else Decimal(str(result.total))
    response.band = result.band or ""
    response.bands = dict(result.bands)
    response.subscores = dict(result.subscores)


@transaction.atomic
def instrument_response_save(
    *,
    owner: User,
    instrument_id: str,
    answers: Mapping[str, Any],
    answered_on: date,
    today: date,
    programme: Any | None = None,
    due_on: date | None = None,
    rated_by: str = InstrumentResponse.Rater.PARTICIPANT,
    rater_name: str = "",
    rater: User | None = None,
) -> InstrumentResponse:
    """Score and store one response; answering again on the same day replaces it."""
    if answered_on > today:
        raise ValidationError({"date": FUTURE_DATE})
    definition = definitions.load(instrument_id)
    if not definition.usable:
        raise ValidationError(NOT_USABLE.format(title=definition.short_title))
    result = score_or_error(definition, answers)
    response = InstrumentResponse.objects.filter(
        owner=owner, instrument_id=instrument_id, date=answered_on, rated_by=rated_by
    ).first() or InstrumentResponse(
        owner=owner, instrument_id=instrument_id, date=answered_on, rated_by=rated_by
    )
    response.programme = programme
    response.due_on = due_on
    response.rater_name = rater_name
    response.rater = rater
    response.answers = dict(answers)
    apply_score(response, result)
    response.full_clean()
    response.save()
    return response


@dataclass(frozen=True)
class Rescored:
    code: str
    instrument_id: str
    date: date
    before: dict[str, Any]
    after: dict[str, Any]
    programme_id: int | None  # whose pages now show a stale score


def _summary(response: InstrumentResponse) -> dict[str, Any]:
    total = None if response.total is None else float(response.total)
    return {
        "total": total,
        "band": response.band,
        "scored": response.scored,
        "bands": response.bands,
        "subscores": response.subscores,
        "scoring_version": response.scoring_version,
        "instrument_version": response.instrument_version,
    }


@transaction.atomic
def responses_rescore(*, dry_run: bool) -> tuple[int, list[Rescored]]:
    """Recompute every stored score with the current scoring code.

    Returns how many responses were checked and the ones whose result changed;
    with ``dry_run`` nothing is written. A stored answer the current code rejects
    is reported, never silently dropped.
    """
    checked, changed = 0, []
    for response in InstrumentResponse.objects.order_by("id").iterator():
        checked += 1
        before = _summary(response)
        try:
            result = score_instrument(
                definitions.load(response.instrument_id), response.answers
            )
        except ScoringError as error:
            after: dict[str, Any] = {"error": error.problems}
        else:
            apply_score(response, result)
            after = _summary(response)
            if after != before and not dry_run:
                response.save()
        if after != before:
            changed.append(
                Rescored(
                    str(response.code),
                    response.instrument_id,
                    response.date,
                    before,
                    after,
                    response.programme_id,
                )
            )
    return checked, changed
