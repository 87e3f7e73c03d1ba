"""Checking a resource against the published FHIR models.

``fhir.resources`` is imported inside ``validate`` only: it pulls in pydantic and
the models, which exporting never needs (tests/instruments/test_fhir.py,
``ImportCostTests``).
"""

from typing import Any


def validate(resource: dict[str, Any]) -> None:
    """Check a resource against the FHIR R4B models of ``fhir.resources``.

    R4B's Questionnaire and QuestionnaireResponse match R4 (4.0.1) in every element
    used here, and ``fhir.resources`` 8 ships no R4 models.

    Raises
    ------
    ValueError
        With the library's message, if the resource is invalid or is neither a
        Questionnaire nor a QuestionnaireResponse.
    """
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    kind = resource.get("resourceType")
    if kind not in ("Questionnaire", "QuestionnaireResponse"):
        raise ValueError(f"Cannot validate a resource of type {kind!r}.")
    model = Questionnaire if kind == "Questionnaire" else QuestionnaireResponse
    try:
        model.model_validate(resource)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ValueError(str(error)) from error
