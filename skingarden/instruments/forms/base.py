"""What every instrument form shares: the base class and the small field helpers."""

from typing import Any

from django import forms

NOT_RELEVANT = "not_relevant"
SIGN_LEVELS = [(0, "0 none"), (1, "1 mild"), (2, "2 moderate"), (3, "3 severe")]
HALF_POINTS = [(f"{n / 2:g}", f"{n / 2:g}") for n in range(7)]


def choice_field(
    label: str,
    choices: list[tuple[Any, str]],
    *,
    required: bool = True,
    coerce: Any = int,
    help_text: str = "",
) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=coerce,
        required=required,
        empty_value=None,
        widget=forms.RadioSelect,
        help_text=help_text,
    )


class InstrumentForm(forms.Form):
    def answers(self) -> dict[str, Any]:
        raise NotImplementedError
