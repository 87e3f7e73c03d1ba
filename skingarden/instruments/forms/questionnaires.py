"""Forms a participant fills in: questionnaires from their definitions, lesion counts
and GAGS."""

from typing import Any

from django import forms

from skingarden.instruments.definitions import Definition
from skingarden.instruments.forms.base import NOT_RELEVANT, InstrumentForm, choice_field
from skingarden.instruments.scoring import gags, lesion_counts


class QuestionnaireForm(InstrumentForm):
    """A questionnaire from its definition: one radio group per item. A blank is
    allowed (the rule decides what blanks mean); DLQI item 7 has two parts."""

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.definition = definition
        options = [
            (option["value"], option["text"])
            for option in definition.options
            if option["value"] != NOT_RELEVANT
        ]
        coerce = _coerce_for(definition)
        for item in definition.items:
            label = item["text"] or f"[{item['topic']}]"
            if item.get("two_part"):
                self._add_two_part(item, label)
                continue
            choices = list(options)
            if item.get("not_relevant"):
                choices.append((NOT_RELEVANT, _option_text(definition, NOT_RELEVANT)))
            self.fields[f"item_{item['id']}"] = choice_field(
                label, choices, required=False, coerce=coerce
            )

    def _add_two_part(self, item: dict[str, Any], label: str) -> None:
        texts = item.get("options") or {}
        self.fields[f"item_{item['id']}_main"] = choice_field(
            label,
            [
                ("yes", texts.get("yes", "Yes")),
                ("no", texts.get("no", "No")),
                (NOT_RELEVANT, texts.get(NOT_RELEVANT, "Not relevant")),
            ],
            required=False,
            coerce=str,
        )
        self.fields[f"item_{item['id']}_sub"] = choice_field(
            texts.get("sub", "If no: how much?"),
            [
                (2, texts.get("2", "A lot")),
                (1, texts.get("1", "A little")),
                (0, texts.get("0", "Not at all")),
            ],
            required=False,
        )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        result: dict[str, Any] = {}
        for item in self.definition.items:
            key = item["id"]
            if item.get("two_part"):
                result[key] = {
                    "main": data.get(f"item_{key}_main"),
                    "sub": data.get(f"item_{key}_sub"),
                }
            else:
                result[key] = data.get(f"item_{key}")
        return result


def _option_text(definition: Definition, value: Any) -> str:
    return next(
        (o["text"] for o in definition.options if o["value"] == value), str(value)
    )


def _coerce_for(definition: Definition) -> Any:
    values = [o["value"] for o in definition.options if o["value"] != NOT_RELEVANT]
    if all(isinstance(v, int) for v in values):
        return lambda raw: raw if raw == NOT_RELEVANT else int(raw)
    return str


class LesionCountsForm(InstrumentForm):
    """Count each kind of spot on the face, chest and back; leave a place blank if
    you did not count it (a place half-counted is refused)."""

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = {o["value"]: o["text"] for o in definition.options}
        for place in lesion_counts.LOCATIONS:
            for kind in lesion_counts.TYPES:
                self.fields[f"{place}_{kind}"] = forms.IntegerField(
                    label=f"{place.capitalize()}: {labels[kind].lower()}",
                    min_value=0,
                    max_value=lesion_counts.MAX_COUNT,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for place in lesion_counts.LOCATIONS:
            given = [
                data.get(f"{place}_{kind}") is not None for kind in lesion_counts.TYPES
            ]
            if any(given) and not all(given):
                self.add_error(
                    None,
                    f"{place.capitalize()}: fill in all four counts "
                    "(0 if none), or none if you did not count it.",
                )
        if not any(
            data.get(f"{p}_{k}") is not None
            for p in lesion_counts.LOCATIONS
            for k in lesion_counts.TYPES
        ):
            self.add_error(None, "Count at least one place.")
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            place: {kind: data[f"{place}_{kind}"] for kind in lesion_counts.TYPES}
            for place in lesion_counts.LOCATIONS
            if data.get(f"{place}_{lesion_counts.TYPES[0]}") is not None
        }


class GagsForm(InstrumentForm):
    """For each place, tick every kind of spot you can see there now."""

    def __init__(self, *args: Any, definition: Definition, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kinds = [(o["value"], o["text"]) for o in definition.options]
        places = {item["id"]: item["text"] for item in definition.items}
        for place in gags.FACTORS:
            self.fields[f"place_{place}"] = forms.MultipleChoiceField(
                label=places[place],
                choices=kinds,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )

    def answers(self) -> dict[str, Any]:
        return {
            place: list(self.cleaned_data[f"place_{place}"]) for place in gags.FACTORS
        }
