from datetime import date, timedelta
from typing import Any

from django import forms

from skingarden.accounts.forms import SignUpForm
from skingarden.lib.forms import DateInput
from skingarden.programmes.models import Programme

DEFAULT_ACCESS_DAYS = 90


class PractitionerSignUpForm(SignUpForm):
    name = forms.CharField(max_length=200, label="Your name, as clients know you")
    profession = forms.CharField(
        max_length=200,
        label="Your profession",
        help_text="For example: dermatologist, GP, dietitian, nurse. Skin Garden does "
        "not verify it; your clients see what you write.",
    )

    field_order = ("email", "name", "profession", "password1", "password2", "time_zone")


class ProgrammeChoice(forms.ModelMultipleChoiceField[Programme]):
    def label_from_instance(self, obj: Any) -> str:
        programme: Programme = obj
        return (
            f"Programme from {programme.start_date:%-d %b %Y} "
            f"({programme.get_status_display().lower()})"
        )


class InvitationForm(forms.Form):
    programmes = ProgrammeChoice(
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Which programmes to share",
    )
    access_until = forms.DateField(
        widget=DateInput(),
        label="Access ends on",
        help_text="You can end it sooner at any moment.",
    )

    def __init__(self, *args: Any, programmes: Any, today: date, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"access_until": today + timedelta(days=DEFAULT_ACCESS_DAYS)}
        )
        super().__init__(*args, **kwargs)
        field = self.fields["programmes"]
        assert isinstance(field, ProgrammeChoice)  # noqa: S101 - declared above
        field.queryset = programmes


class AcceptForm(forms.Form):
    code = forms.CharField(
        max_length=100,
        label="Invitation code",
        help_text="16 letters and digits, such as 7KQ2-M9XD-4HRT-B6WN. Capitals, "
        "spaces and dashes do not matter.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
            }
        ),
    )


class ExamDateForm(forms.Form):
    """The one date of a clinician rating: the day the skin was examined. It sits
    beside the instrument's own form, which has no date of its own."""

    rated_on = forms.DateField(widget=DateInput(), label="Day you examined the skin")
