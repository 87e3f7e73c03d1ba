"""The upload form (one shot at a time) and the regions form."""

import re
from typing import Any

from django import forms

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.regions import Polygon, parse_polygon

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
