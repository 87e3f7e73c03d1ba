from typing import Any

from django import forms

TIME_INVALID = "Enter a time as hours and minutes on the 24-hour clock, such as 19:00."
TIME_REQUIRED = "Choose a time for your reminders, such as 19:00."


class TimeInput(forms.TimeInput):
    """A native time picker; it sends hours and minutes (seconds if a browser adds
    them), whatever the locale shows."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%H:%M")


class ReminderSettingsForm(forms.Form):
    daily_enabled = forms.BooleanField(
        required=False, label="E-mail me each day it is time to log"
    )
    reminder_time = forms.TimeField(
        label="Reminder time",
        input_formats=["%H:%M", "%H:%M:%S"],
        widget=TimeInput(),
        error_messages={"invalid": TIME_INVALID, "required": TIME_REQUIRED},
    )
    nudge_enabled = forms.BooleanField(
        required=False,
        label="Nudge me when two days have gone by without a log",
        help_text="Once per gap, instead of that day's reminder.",
    )
    instruments_enabled = forms.BooleanField(
        required=False,
        label="Remind me when a weekly or monthly questionnaire is due",
    )

    def __init__(self, *args: Any, time_zone: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[
            "reminder_time"
        ].help_text = f"Your time zone: {time_zone}. Every reminder goes at this time."
