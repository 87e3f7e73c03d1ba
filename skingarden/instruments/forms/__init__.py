"""Forms for every instrument a person fills in on screen. Each form's ``answers()``
returns the answer format of docs/instruments.md, which the scoring rule checks
again: the form is for the page, the rule is the authority."""

from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.forms.base import InstrumentForm
from skingarden.instruments.forms.easi import EasiForm
from skingarden.instruments.forms.questionnaires import (
    GagsForm,
    LesionCountsForm,
    QuestionnaireForm,
)
from skingarden.instruments.forms.scorad import ObjectiveScoradForm, ScoradForm

__all__ = [
    "EasiForm",
    "GagsForm",
    "InstrumentForm",
    "LesionCountsForm",
    "ObjectiveScoradForm",
    "QuestionnaireForm",
    "ScoradForm",
    "form_for",
]

FORMS_BY_RULE = {
    "summed_items": QuestionnaireForm,
    "dlqi": QuestionnaireForm,
    "lesion_counts": LesionCountsForm,
    "gags": GagsForm,
}


def form_for(definition: Definition, *args: Any, **kwargs: Any) -> InstrumentForm:
    """The form for an instrument: a participant's weekly questionnaire, or a
    clinician's rating (worded for the clinician when the definition says the
    instrument is reported by one)."""
    rule = definition.scoring["rule"]
    if rule == "scorad":
        return (
            ScoradForm
            if definition.scoring.get("subjective", True)
            else ObjectiveScoradForm
        )(*args, for_clinician=definition.reported_by == "clinician", **kwargs)
    if rule == "easi":
        return EasiForm(*args, **kwargs)
    form_class: Any = FORMS_BY_RULE[rule]
    return form_class(*args, definition=definition, **kwargs)  # type: ignore[no-any-return]
