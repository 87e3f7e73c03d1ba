"""The patch test of the topical mixture, and the topical batch calculator."""

from django import forms

from skingarden.lib.forms import DateInput
from skingarden.programmes.models import PatchTest


class PatchTestStartForm(forms.Form):
    """No date: a patch test starts on the day it is started (its day 1)."""

    carrier = forms.ChoiceField(
        choices=PatchTest.Carrier.choices, widget=forms.RadioSelect
    )
    kefir_parts = forms.IntegerField(
        min_value=1, max_value=20, initial=1, label="Kefir parts"
    )
    carrier_parts = forms.IntegerField(
        min_value=1, max_value=20, initial=4, label="Carrier parts"
    )


class PatchTestDayForm(forms.Form):
    day = forms.DateField(widget=DateInput(), label="Day")
    applied = forms.TypedChoiceField(
        choices=[("yes", "Yes, twice"), ("no", "No")],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Did you apply the mixture to your inner forearm?",
    )
    reaction = forms.TypedChoiceField(
        choices=[
            ("no", "No reaction"),
            ("yes", "Stinging, redness, itch, swelling or hives"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Any reaction?",
    )
    note = forms.CharField(required=False, max_length=500)


class BatchForm(forms.Form):
    batch_g = forms.FloatField(
        label="Batch size (g)", min_value=1, max_value=200, initial=10
    )
    kefir_parts = forms.IntegerField(min_value=1, max_value=20, initial=1)
    carrier_parts = forms.IntegerField(min_value=1, max_value=20, initial=4)
