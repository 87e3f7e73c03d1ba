import secrets
from datetime import time

from django.db import models

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.reminders.rules import Kind, Preferences

# Reminders are on from the first day of a programme, at 7 in the evening local
# time, until the participant changes them or follows the link in any e-mail.
DEFAULT_TIME = time(19, 0)
DEFAULT_PREFERENCES = Preferences(
    daily=True, nudge=True, instruments=True, at=DEFAULT_TIME
)
TOKEN_LENGTH = 64


def new_token() -> str:
    """A long random secret for a link that works without signing in."""
    return secrets.token_urlsafe(32)


class ReminderSettings(models.Model):
    """A participant's reminder choices and the secrets behind their two links.

    A participant without a row has the defaults; the row is written when they
    change something or when their first reminder is queued.
    """

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="reminder_settings"
    )
    daily_enabled = models.BooleanField(default=DEFAULT_PREFERENCES.daily)
    reminder_time = models.TimeField(default=DEFAULT_TIME)
    nudge_enabled = models.BooleanField(default=DEFAULT_PREFERENCES.nudge)
    instruments_enabled = models.BooleanField(default=DEFAULT_PREFERENCES.instruments)
    unsubscribe_token = models.CharField(
        max_length=TOKEN_LENGTH, unique=True, default=new_token, editable=False
    )
    calendar_token = models.CharField(
        max_length=TOKEN_LENGTH,
        unique=True,
        null=True,
        blank=True,
        default=None,
        help_text="Empty while the calendar feed is off.",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = "reminder settings"

    def __str__(self) -> str:
        return f"Reminder settings of {self.user_id}"

    @property
    def preferences(self) -> Preferences:
        return Preferences(
            daily=self.daily_enabled,
            nudge=self.nudge_enabled,
            instruments=self.instruments_enabled,
            at=self.reminder_time,
        )

    @property
    def any_email(self) -> bool:
        return self.daily_enabled or self.nudge_enabled or self.instruments_enabled


class ReminderSent(models.Model):
    """One reminder queued for a participant on one of their local dates. The unique
    constraint is what stops a second sweep from sending it again; ``status`` is what
    stops a mail task run again after its worker was killed from sending it again
    (see services.reminders_send)."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENDING = "sending", "Handed to the mail server; outcome not yet recorded"
        SENT = "sent", "Sent"
        FAILED = "failed", "Refused by the mail server"

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(
        max_length=12, choices=[(kind.value, kind.label) for kind in Kind]
    )
    local_date = models.DateField()
    batch = models.UUIDField(
        db_index=True, help_text="The sweep that queued it; its mail task sends it."
    )
    queued_at = models.DateTimeField()
    status = models.CharField(
        max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(
        default=0, help_text="How many times its e-mail was handed to the mail server."
    )

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("user", "kind", "local_date"),
                name="one_reminder_per_kind_per_day",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} reminder for {self.user_id} on {self.local_date}"
