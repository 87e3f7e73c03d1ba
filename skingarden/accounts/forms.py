from datetime import date
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import validate_password
from django.db import transaction

from skingarden.accounts import screening, tokens
from skingarden.accounts.models import ApiToken, Condition, User, known_time_zones
from skingarden.accounts.tasks import send_email
from skingarden.lib.forms import DateInput

TIME_ZONE_CHOICES = [(name, name) for name in sorted(known_time_zones())]
YES_NO = [("yes", "Yes"), ("no", "No")]


class SignUpForm(forms.Form):
    email = forms.EmailField(
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )
    password1 = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label="Password again",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES,
        initial="UTC",
        widget=forms.Select(attrs={"data-detect-time-zone": ""}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", "The two passwords are different.")
        elif first:
            try:
                validate_password(first, User(email=data.get("email", "")))
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


class LoginForm(forms.Form):
    """The address and password; accounts.sign_in checks them, throttled."""

    username = forms.CharField(
        label="E-mail",
        max_length=254,
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class AppCodeForm(forms.Form):
    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=12,
        help_text="Six digits; a new one every 30 seconds.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9 ]*",
                "autofocus": True,
            }
        ),
    )


class RecoveryCodeForm(forms.Form):
    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the codes you saved when you set up two-factor sign-in, "
        "such as abcd-efgh-ijkl-mnop.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "autocapitalize": "none",
                "spellcheck": "false",
                "autofocus": True,
            }
        ),
    )


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset e-mail through the task queue, once the request has committed."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        subject = "".join(
            loader.render_to_string(subject_template_name, context).splitlines()
        )
        body = loader.render_to_string(email_template_name, context)
        transaction.on_commit(
            lambda: send_email.enqueue(subject=subject, body=body, to=[to_email])
        )


class ProfileForm(forms.Form):
    conditions = forms.MultipleChoiceField(
        choices=Condition.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text="Choose every one that applies.",
    )
    birth_year = forms.IntegerField(label="Year of birth", min_value=1900)
    time_zone = forms.ChoiceField(
        choices=TIME_ZONE_CHOICES, help_text="Your days start and end at midnight here."
    )

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["birth_year"].validators.append(_not_after(today.year))
        self.fields["birth_year"].widget.attrs.update(
            max=today.year, inputmode="numeric"
        )


def _not_after(year: int) -> Any:
    def check(value: int) -> None:
        if value > year:
            raise forms.ValidationError(
                f"A year of birth after {year} is not possible."
            )

    return check


class SafetyScreenForm(forms.Form):
    """One required yes/no question per screening question; nothing is pre-ticked."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for question in screening.QUESTIONS:
            self.fields[question.id] = forms.ChoiceField(
                label=question.text, choices=YES_NO, widget=forms.RadioSelect
            )

    def answers(self) -> dict[str, bool]:
        return {qid: self.cleaned_data[qid] == "yes" for qid in screening.QUESTION_IDS}

    @staticmethod
    def initial_from(answers: dict[str, bool]) -> dict[str, str]:
        return {qid: "yes" if value else "no" for qid, value in answers.items()}


class ClinicianConfirmationForm(forms.Form):
    clinician_name = forms.CharField(
        max_length=200,
        label="Clinician's name and role",
        help_text="For example: Dr A. Patel, GP, or J. Smith, dermatology nurse.",
    )
    agreed_on = forms.DateField(label="Date they agreed", widget=DateInput())
    confirm = forms.BooleanField(
        label="This clinician knows my situation and agreed I can try the programme."
    )


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        required=False,
        label="Delete my account and all my data. I understand this cannot be undone.",
    )


class ApiTokenForm(forms.Form):
    """A new personal access token: a name, what it may do and how long it lasts."""

    name = forms.CharField(
        max_length=100,
        help_text="Where you will use it, e.g. “phone” or “my spreadsheet”.",
    )
    scope = forms.ChoiceField(
        label="It may",
        widget=forms.RadioSelect,
        choices=[
            (ApiToken.Scope.READ, "Read your data only"),
            (
                ApiToken.Scope.READ_WRITE,
                "Read your data and log days and questionnaires",
            ),
        ],
        initial=ApiToken.Scope.READ,
    )
    lifetime_days = forms.TypedChoiceField(
        label="It stops working after",
        coerce=int,
        choices=[(days, f"{days} days") for days in tokens.LIFETIME_DAYS],
        initial=90,
    )

    def __init__(self, *args: Any, practitioner: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if practitioner:
            # The service refuses anything else; the form offers nothing else.
            field = self.fields["scope"]
            assert isinstance(field, forms.ChoiceField)  # noqa: S101 - declared above
            field.choices = [(ApiToken.Scope.READ, "Read your clients' shared data")]
