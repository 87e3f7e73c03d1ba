"""The rules the forms apply that the models do not, applied to imported values,
so that a file holds nothing a person could not have entered on the site.

The models' own validation runs on every record anyway; these are the extra rules
a form adds (a year of birth from 1900 to this year, a reason of at most 1,000
characters…). The form fields themselves are used, so a rule changed on a form is
changed here too, with the form's own message.
"""

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from skingarden.accounts.forms import ClinicianConfirmationForm, ProfileForm
from skingarden.portability.schema import join, reject
from skingarden.programmes.forms.amendments import ReasonForm
from skingarden.programmes.forms.topical import PatchTestDayForm, PatchTestStartForm

FieldFor = Callable[[date], forms.Field]


def _birth_year(today: date) -> forms.Field:
    return ProfileForm(today=today).fields["birth_year"]


def _declared(form: type[forms.Form], name: str) -> FieldFor:
    return lambda today: form.base_fields[name]


# Record kind -> field -> the form field whose rules it must pass.
RULES: dict[str, dict[str, FieldFor]] = {
    "participant": {"birth_year": _birth_year},
    "safety_screen": {
        "birth_year": _birth_year,
        "clinician_name": _declared(ClinicianConfirmationForm, "clinician_name"),
    },
    "patch_test": {
        "kefir_parts": _declared(PatchTestStartForm, "kefir_parts"),
        "carrier_parts": _declared(PatchTestStartForm, "carrier_parts"),
    },
    "patch_test_day": {"note": _declared(PatchTestDayForm, "note")},
    "programme": {"end_reason": _declared(ReasonForm, "why")},
    "amendment": {"why": _declared(ReasonForm, "why")},
}


def check(kind: str, record: Mapping[str, Any], path: str, today: date) -> None:
    """Each ruled field of ``record`` through its form field; the first refusal
    stops the import at that field's path. An empty value is left to the model,
    which knows whether the field may be empty."""
    for name, field_for in RULES[kind].items():
        value = record[name]
        if value is None or value == "":
            continue
        try:
            field_for(today).clean(value)
        except ValidationError as error:
            reject(join(path, name), error.messages[0])
