"""A stored response as a FHIR R4 ``QuestionnaireResponse``: walk the
Questionnaire's items and look each linkId up in the answers."""

import copy
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.fhir.items import Item
from skingarden.instruments.fhir.questionnaires import TOTAL, questionnaire
from skingarden.instruments.fhir.systems import canonical_url
from skingarden.instruments.scoring.registry import Score


def questionnaire_response(
    definition: Definition,
    *,
    answers: Mapping[str, Any],
    score: Score,
    authored: datetime,
    subject_reference: str,
    response_id: str,
) -> dict[str, Any]:
    """One stored response as a FHIR R4 ``QuestionnaireResponse``.

    Parameters
    ----------
    definition : the instrument answered.
    answers : the answers in Skin Garden's format, as the scoring rule accepted them.
    score : the result of ``score_instrument(definition, answers)``.
    authored : when the answers were given; must carry a time zone (FHIR requires
        one on a dateTime with a time).
    subject_reference : e.g. ``"Patient/42"``.
    response_id : the resource's id (letters, digits, ``-`` and ``.``).

    Returns
    -------
    dict
        The resource as FHIR JSON: blank answers (None, or an empty list, which
        for GAGS means a clear location) are left out, and ``total`` holds the
        score when the answers were scored.

    Raises
    ------
    ValueError
        If the score is for another instrument, ``authored`` is naive, or an answer
        is not one of its item's options.
    """
    if score.instrument != definition.id:
        raise ValueError(f"The score is for {score.instrument}, not {definition.id}.")
    if authored.tzinfo is None:
        raise ValueError("“authored” needs a time zone.")
    items = _answered(questionnaire(definition)["item"], answers)
    if score.scored and score.total is not None:
        items.append({"linkId": TOTAL, "answer": [{"valueDecimal": score.total}]})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": f"{canonical_url(definition)}|{definition.version}",
        "status": "completed",
        "subject": {"reference": subject_reference},
        "authored": authored.isoformat(),
    }
    if items:  # FHIR forbids empty arrays
        resource["item"] = items
    return resource


def _answered(items: list[Item], answers: Mapping[str, Any]) -> list[Item]:
    result: list[Item] = []
    for item in items:
        if item["type"] == "group":
            children = _answered(item["item"], answers)
            if children:
                result.append({"linkId": item["linkId"], "item": children})
        elif item["type"] != "display" and not item.get("readOnly"):
            value = _lookup(answers, item["linkId"])
            if value is not None and value != []:
                result.append(
                    {"linkId": item["linkId"], "answer": _answers(item, value)}
                )
    return result


def _lookup(answers: Mapping[str, Any], link_id: str) -> Any:
    value: Any = answers
    for key in link_id.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _answers(item: Item, value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    if item["type"] == "choice":
        return [{"valueCoding": _coding(item, one)} for one in values]
    kind = "valueInteger" if item["type"] == "integer" else "valueDecimal"
    return [{kind: one} for one in values]


def _coding(item: Item, value: Any) -> dict[str, Any]:
    for option in item["answerOption"]:
        if option["valueCoding"]["code"] == str(value):
            return copy.deepcopy(dict(option["valueCoding"]))
    raise ValueError(f"{value!r} is not an option of item {item['linkId']}.")
