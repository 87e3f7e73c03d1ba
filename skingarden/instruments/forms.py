"""Forms for every instrument a person fills in on screen. Each form's ``answers()``
returns the answer format of docs/instruments.md, which the scoring rule checks
again: the form is for the page, the rule is the authority."""

from typing import Any, ClassVar

from django import forms

from skingarden.instruments.definitions import Definition
from skingarden.instruments.scoring import easi, gags, lesion_counts, scorad

NOT_RELEVANT = "not_relevant"
SIGN_LEVELS = [(0, "0 none"), (1, "1 mild"), (2, "2 moderate"), (3, "3 severe")]
HALF_POINTS = [(f"{n / 2:g}", f"{n / 2:g}") for n in range(7)]
REGION_LABELS = {
    "head_neck_front": "Head and neck, front",
    "head_neck_back": "Head and neck, back",
    "ul_right_front": "Right arm, front",
    "ul_right_back": "Right arm, back",
    "ul_left_front": "Left arm, front",
    "ul_left_back": "Left arm, back",
    "trunk_front": "Chest and tummy",
    "trunk_back": "Back",
    "ll_right_front": "Right leg, front",
    "ll_right_back": "Right leg, back",
    "ll_left_front": "Left leg, front",
    "ll_left_back": "Left leg, back",
    "genitals": "Genital area",
}
SIGN_LABELS = {
    "erythema": "Redness",
    "oedema_papulation": "Swelling or raised bumps",
    "oozing_crusts": "Oozing or crusts",
    "excoriation": "Scratch marks",
    "lichenification": "Thickened skin",
    "dryness": "Dryness (where there is no eczema)",
}


def _choice(
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
            self.fields[f"item_{item['id']}"] = _choice(
                label, choices, required=False, coerce=coerce
            )

    def _add_two_part(self, item: dict[str, Any], label: str) -> None:
        texts = item.get("options") or {}
        self.fields[f"item_{item['id']}_main"] = _choice(
            label,
            [
                ("yes", texts.get("yes", "Yes")),
                ("no", texts.get("no", "No")),
                (NOT_RELEVANT, texts.get(NOT_RELEVANT, "Not relevant")),
            ],
            required=False,
            coerce=str,
        )
        self.fields[f"item_{item['id']}_sub"] = _choice(
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


class ScoradForm(InstrumentForm):
    """SCORAD and PO-SCORAD: how much of each body region is affected (the body map,
    adult weights), the six signs, and itch and sleeplessness over 3 days."""

    subjective = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for region, weight in scorad.ADULT_WEIGHTS.items():
            self.fields[f"region_{region}"] = forms.IntegerField(
                label=f"{REGION_LABELS[region]} ({weight:g}%)",
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "data-region": region}
                ),
            )
        for sign in scorad.SIGNS:
            self.fields[f"sign_{sign}"] = _choice(SIGN_LABELS[sign], SIGN_LEVELS)
        if self.subjective:
            scale = [(n, str(n)) for n in range(11)]
            self.fields["itch"] = _choice("Itch over the last 3 days (0-10)", scale)
            self.fields["sleeplessness"] = _choice(
                "Sleep lost over the last 3 nights (0-10)", scale
            )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        regions = {
            region: data[f"region_{region}"]
            for region in scorad.ADULT_WEIGHTS
            if data.get(f"region_{region}")
        }
        result: dict[str, Any] = {
            "regions": regions,
            "intensity": {sign: data[f"sign_{sign}"] for sign in scorad.SIGNS},
        }
        if self.subjective:
            result.update(itch=data["itch"], sleeplessness=data["sleeplessness"])
        return result


class ObjectiveScoradForm(ScoradForm):
    subjective = False


class EasiForm(InstrumentForm):
    """EASI, for a clinician: age (it sets the multipliers) and, for each of the four
    regions, the area score and the four signs in half points."""

    AREA: ClassVar[list[tuple[int, str]]] = [
        (0, "0: none"),
        (1, "1: 1-9%"),
        (2, "2: 10-29%"),
        (3, "3: 30-49%"),
        (4, "4: 50-69%"),
        (5, "5: 70-89%"),
        (6, "6: 90-100%"),
    ]

    age_years = forms.IntegerField(min_value=0, max_value=130, label="Age (years)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for region in easi.REGIONS:
            name = region.replace("_", " ")
            self.fields[f"{region}_area"] = forms.TypedChoiceField(
                label=f"{name.capitalize()}: area", choices=self.AREA, coerce=int
            )
            for sign in easi.SIGNS:
                self.fields[f"{region}_{sign}"] = forms.TypedChoiceField(
                    label=f"{name.capitalize()}: {sign}",
                    choices=HALF_POINTS,
                    coerce=float,
                )

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "age_years": data["age_years"],
            "regions": {
                region: {
                    "area": data[f"{region}_area"],
                    **{sign: _half(data[f"{region}_{sign}"]) for sign in easi.SIGNS},
                }
                for region in easi.REGIONS
            },
        }


def _half(value: float) -> int | float:
    return int(value) if value == int(value) else value


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


FORMS_BY_RULE = {
    "summed_items": QuestionnaireForm,
    "dlqi": QuestionnaireForm,
    "lesion_counts": LesionCountsForm,
    "gags": GagsForm,
}


def form_for(definition: Definition, *args: Any, **kwargs: Any) -> InstrumentForm:
    """The participant-facing form for a weekly instrument."""
    rule = definition.scoring["rule"]
    if rule == "scorad":
        return (
            ScoradForm
            if definition.scoring.get("subjective", True)
            else ObjectiveScoradForm
        )(*args, **kwargs)
    if rule == "easi":
        return EasiForm(*args, **kwargs)
    form_class: Any = FORMS_BY_RULE[rule]
    return form_class(*args, definition=definition, **kwargs)  # type: ignore[no-any-return]
