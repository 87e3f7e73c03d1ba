"""The upload form (one shot at a time) and the regions form."""

import re
from typing import Any

from django import forms

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.regions import Polygon, parse_polygon
from skingarden.photos.models import RATED_SIGNS
from skingarden.programmes.forms.setup import parse_day_numbers
from skingarden.programmes.protocol import PhotoPlan, PhotoSchedule
from skingarden.programmes.protocol.photo_plan import EVERY_KEFIR_DAYS_MAX
from skingarden.programmes.services.programmes import PHOTO_SITE_NAME_MAX

NEUTRAL_POINT = 'The neutral patch is one point written x,y, such as "120,80".'
_NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)"
_POINT = re.compile(rf"\s*({_NUMBER})\s*,\s*({_NUMBER})\s*")


class UploadForm(forms.Form):
    photo = forms.FileField(
        required=False,
        label="Or choose a photo",
        widget=forms.ClearableFileInput(
            attrs={"accept": "image/*", "capture": "environment"}
        ),
    )


class RegionsForm(forms.Form):
    """Points in pixels of the photo as stored (its orientation applied): x to the
    right, y down. The page's script fills these as the regions are drawn; they can
    be typed too."""

    lesion = forms.CharField(
        label="Lesion region", help_text='Points written x,y, e.g. "10,10 80,10 40,60".'
    )
    reference = forms.CharField(label="Reference region (healthy-looking skin)")
    neutral = forms.CharField(
        required=False, label="Neutral patch (optional)", help_text='One point, "x,y".'
    )

    def clean_lesion(self) -> Polygon:
        return _polygon(self.cleaned_data["lesion"], "lesion")

    def clean_reference(self) -> Polygon:
        return _polygon(self.cleaned_data["reference"], "reference")

    def clean_neutral(self) -> tuple[float, float] | None:
        text = self.cleaned_data["neutral"].strip()
        if not text:
            return None
        match = _POINT.fullmatch(text)
        if match is None:
            raise forms.ValidationError(NEUTRAL_POINT)
        return float(match[1]), float(match[2])

    def regions(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "lesion": data["lesion"].points,
            "reference": data["reference"].points,
            "neutral": data["neutral"],
        }


def _polygon(text: str, name: str) -> Polygon:
    try:
        return parse_polygon(text, name)
    except PhotoError as error:
        raise forms.ValidationError(str(error)) from None


class PhotoPlanForm(forms.Form):
    """A change of the photo plan after the start (an amendment): a site added, the
    schedule changed, and why."""

    new_site = forms.CharField(
        required=False,
        max_length=PHOTO_SITE_NAME_MAX,
        label="Add a site (optional)",
        help_text="In your own words, e.g. left cheek.",
    )
    baseline_days = forms.CharField(
        required=False,
        label="Photo days of the baseline",
        help_text="Day numbers, separated by commas.",
    )
    every_kefir_days = forms.IntegerField(
        min_value=1,
        max_value=EVERY_KEFIR_DAYS_MAX,
        label="Then every how many kefir days",
    )
    last_day = forms.BooleanField(required=False, label="And on the last day")
    why = forms.CharField(
        max_length=500, label="Why", help_text="It goes on the record, with the date."
    )

    @classmethod
    def for_plan(cls, plan: PhotoPlan) -> "PhotoPlanForm":
        schedule = plan.schedule
        return cls(
            initial={
                "baseline_days": ", ".join(str(day) for day in schedule.baseline_days),
                "every_kefir_days": schedule.every_kefir_days,
                "last_day": schedule.last_day,
            }
        )

    def clean_baseline_days(self) -> tuple[int, ...]:
        return parse_day_numbers(self.cleaned_data["baseline_days"])

    def change(self) -> dict[str, Any]:
        data = self.cleaned_data
        site = data["new_site"].strip()
        return {
            "new_sites": [site] if site else [],
            "schedule": PhotoSchedule(
                baseline_days=data["baseline_days"],
                every_kefir_days=data["every_kefir_days"],
                last_day=data["last_day"],
            ),
            "why": data["why"],
        }


# Our own words for the scale and the three signs (after the signs EASI rates; none
# of its wording).
SCALE_WORDS = ((0, "0 — none"), (1, "1 — slight"), (2, "2 — clear"), (3, "3 — marked"))
SIGN_HELP = {
    "redness": "How red the patch looks against the skin around it (on darker skin "
    "it may look darker, purple or grey-brown rather than red).",
    "dryness": "A rough, flaking or scaly surface.",
    "thickening": "Skin that looks thicker than around it, with deeper lines or "
    "raised, leathery areas.",
}


def _sign_field(label: str, sign: str) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=SCALE_WORDS,
        coerce=int,
        widget=forms.RadioSelect,
        help_text=SIGN_HELP[sign],
    )


class RatingForm(forms.Form):
    """One photo rated blind; never filled in with an earlier rating."""

    redness = _sign_field("Redness", "redness")
    dryness = _sign_field("Dryness or scaling", "dryness")
    thickening = _sign_field("Thickening", "thickening")

    def scores(self) -> dict[str, int]:
        return {sign: self.cleaned_data[sign] for sign in RATED_SIGNS}


class SidesForm(forms.Form):
    better = forms.ChoiceField(
        label="Which looks better?",
        choices=(
            ("first", "The first photo"),
            ("second", "The second photo"),
            ("neither", "No visible difference"),
        ),
        widget=forms.RadioSelect,
    )
