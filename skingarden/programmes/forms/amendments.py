"""Small forms for changes after the start (each asks why) and red flags."""

from django import forms

from skingarden.lib.forms import DateInput
from skingarden.programmes.models import RedFlagEvent


class ReasonForm(forms.Form):
    why = forms.CharField(
        label="Why", max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ExtendForm(ReasonForm):
    days = forms.TypedChoiceField(
        choices=[(7, "+7 days"), (14, "+14 days")], coerce=int, widget=forms.RadioSelect
    )


class DoseChangeForm(ReasonForm):
    ml = forms.IntegerField(label="New daily dose (ml)", min_value=1, max_value=1000)
    effective_on = forms.DateField(label="From", widget=DateInput())


class ShortenBaselineForm(ReasonForm):
    days = forms.IntegerField(
        label="New baseline length (days)", min_value=0, max_value=14
    )


class FollowUpForm(ReasonForm):
    follow_up = forms.TypedChoiceField(
        choices=[
            ("yes", "Add a 7-day follow-up off kefir"),
            ("no", "Remove the follow-up"),
        ],
        coerce=lambda v: v == "yes",
        widget=forms.RadioSelect,
        label="Follow-up",
    )


class RedFlagResolveForm(forms.Form):
    resolution = forms.ChoiceField(
        choices=RedFlagEvent.Resolution.choices, widget=forms.RadioSelect
    )
    seen_on = forms.DateField(
        required=False, label="Date you were seen", widget=DateInput()
    )
    seen_by = forms.CharField(
        required=False, max_length=200, label="Who saw you (name and role)"
    )
