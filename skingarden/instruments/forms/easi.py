"""EASI, for the clinician who examines: percentages (or bands) and half-point signs."""

from typing import Any, ClassVar

from django import forms

from skingarden.instruments.forms.base import HALF_POINTS, InstrumentForm
from skingarden.instruments.scoring import easi

PERCENT_NOT_WHOLE = "Enter the percentage as a whole number from 0 to 100."
PERCENT_BELOW_0 = "A percentage cannot be below 0."
PERCENT_ABOVE_100 = "A percentage cannot be above 100."
REGION_AREA_MISSING = "Enter the percentage of this region affected, or pick its band."
BAND_DISAGREES = (
    "{percent}% is in the band {expected}, but the band picked is {picked}: "
    "correct one of them, or leave the band empty."
)
EASI_SIGN_LABELS = {
    "erythema": "Erythema",
    "induration": "Induration, papulation or oedema",
    "excoriation": "Excoriation",
    "lichenification": "Lichenification",
}


class EasiForm(InstrumentForm):
    """EASI, for a clinician: age (it sets the multipliers) and, for each of the four
    regions, the percentage affected (or, if only the band was judged, the band)
    and the four signs in half points. The scoring core turns the percentage into
    the area score; the answers keep both."""

    BANDS: ClassVar[list[tuple[int, str]]] = [
        (score, "0%" if high == 0 else f"{low}–{high}%")
        for low, high, score in easi.AREA_BANDS
    ]

    age_years = forms.IntegerField(
        min_value=0,
        max_value=130,
        label="Patient's age (years)",
        help_text="Under 8 years, the head and neck and the lower limbs are "
        "weighted as for children.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # One visible loop per region: percentage, band picker, then the signs.
        for region in easi.REGIONS:
            self.fields[f"{region}_percent"] = forms.IntegerField(
                label="Percentage of the region affected (0-100)",
                required=False,
                min_value=0,
                max_value=100,
                error_messages={
                    "invalid": PERCENT_NOT_WHOLE,
                    "min_value": PERCENT_BELOW_0,
                    "max_value": PERCENT_ABOVE_100,
                },
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
            self.fields[f"{region}_area"] = forms.TypedChoiceField(
                label="Or its band, if you judged only the band",
                choices=[("", "(from the percentage)"), *self.BANDS],
                coerce=int,
                required=False,
                empty_value=None,
            )
            for sign in easi.SIGNS:
                self.fields[f"{region}_{sign}"] = forms.TypedChoiceField(
                    label=EASI_SIGN_LABELS[sign],
                    choices=HALF_POINTS,
                    coerce=float,
                )

    def region_groups(self) -> list[tuple[str, list[forms.BoundField]]]:
        """Each region's title and fields, for one fieldset per region."""
        return [
            (
                region.replace("_", " ").capitalize(),
                [self[name] for name in self.fields if name.startswith(f"{region}_")],
            )
            for region in easi.REGIONS
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for region in easi.REGIONS:
            percent = data.get(f"{region}_percent")
            picked = data.get(f"{region}_area")
            if {f"{region}_percent", f"{region}_area"} & set(self.errors):
                continue
            if percent is None and picked is None:
                self.add_error(f"{region}_percent", REGION_AREA_MISSING)
            elif percent is not None and picked is not None:
                expected = easi.area_score(percent)
                if picked != expected:
                    message = BAND_DISAGREES.format(
                        percent=percent,
                        expected=_band_label(expected),
                        picked=_band_label(picked),
                    )
                    self.add_error(f"{region}_area", message)
        return data

    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "age_years": data["age_years"],
            "regions": {
                region: {
                    **_area_answer(data[f"{region}_percent"], data[f"{region}_area"]),
                    **{sign: _half(data[f"{region}_{sign}"]) for sign in easi.SIGNS},
                }
                for region in easi.REGIONS
            },
        }


def _band_label(score: int) -> str:
    return dict(EasiForm.BANDS)[score]


def _area_answer(percent: int | None, picked: int | None) -> dict[str, int]:
    """The percentage and the area score it gives, or the band picked alone."""
    if percent is None:
        assert picked is not None  # noqa: S101 - clean() requires one of them
        return {"area": picked}
    return {"percent": percent, "area": easi.area_score(percent)}


def _half(value: float) -> int | float:
    return int(value) if value == int(value) else value
