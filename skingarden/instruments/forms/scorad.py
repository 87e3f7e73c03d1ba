"""SCORAD, objective SCORAD and PO-SCORAD: one form, worded for whoever fills it in."""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django import forms

from skingarden.instruments.forms.base import SIGN_LEVELS, InstrumentForm, choice_field
from skingarden.instruments.scoring import scorad

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


@dataclass(frozen=True)
class ScoradWords:
    """How the SCORAD form speaks: to the participant who rates their own skin
    (PO-SCORAD) or to the clinician who examines it. Our own wording."""

    region_labels: Mapping[str, str]
    sign_labels: Mapping[str, str]
    itch: str
    sleeplessness: str


PARTICIPANT_WORDS = ScoradWords(
    region_labels=REGION_LABELS,
    sign_labels=SIGN_LABELS,
    itch="Itch over the last 3 days (0-10)",
    sleeplessness="Sleep lost over the last 3 nights (0-10)",
)
CLINICIAN_WORDS = ScoradWords(
    region_labels={
        **REGION_LABELS,
        "trunk_front": "Trunk, front",
        "trunk_back": "Trunk, back",
    },
    sign_labels={
        "erythema": "Erythema",
        "oedema_papulation": "Oedema or papulation",
        "oozing_crusts": "Oozing or crusting",
        "excoriation": "Excoriation",
        "lichenification": "Lichenification",
        "dryness": "Dryness, judged on skin without eczema",
    },
    itch="Itch over the last 3 days, as the patient rates it (0-10)",
    sleeplessness="Sleeplessness over the last 3 nights, as the patient rates it "
    "(0-10)",
)


class ScoradForm(InstrumentForm):
    """SCORAD and PO-SCORAD: how much of each body region is affected (the body map,
    adult weights), the six signs, and itch and sleeplessness over 3 days.

    ``for_clinician`` words the form for the clinician who examines (SCORAD and
    objective SCORAD); otherwise it speaks to the participant (PO-SCORAD)."""

    subjective = True

    def __init__(self, *args: Any, for_clinician: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.for_clinician = for_clinician
        words = CLINICIAN_WORDS if for_clinician else PARTICIPANT_WORDS
        regions = words.region_labels
        for region, weight in scorad.ADULT_WEIGHTS.items():
            self.fields[f"region_{region}"] = forms.IntegerField(
                label=f"{regions[region]} ({weight:g}%)",
                min_value=0,
                max_value=100,
                required=False,
                widget=forms.NumberInput(
                    attrs={"inputmode": "numeric", "data-region": region}
                ),
            )
        for sign in scorad.SIGNS:
            self.fields[f"sign_{sign}"] = choice_field(
                words.sign_labels[sign], SIGN_LEVELS
            )
        if self.subjective:
            scale = [(n, str(n)) for n in range(11)]
            self.fields["itch"] = choice_field(words.itch, scale)
            self.fields["sleeplessness"] = choice_field(words.sleeplessness, scale)

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
