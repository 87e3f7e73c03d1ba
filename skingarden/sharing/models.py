"""Consented, read-only sharing with a practitioner, and the audit of every access."""

import uuid
from datetime import datetime

from django.db import models
from django.db.models import Q

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme


class Practitioner(models.Model):
    """What a practitioner says about themselves at sign-up. Nothing is verified,
    and the pages say so."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="practitioner"
    )
    name = models.CharField(max_length=200)
    profession = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.name} ({self.profession})"


class Invitation(models.Model):
    """A one-time code a participant gives a practitioner. Only a hash of the code
    is stored, so the database alone cannot be used to accept it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="invitations"
    )
    secret_hash = models.CharField(max_length=64, unique=True)
    programmes = models.ManyToManyField(Programme, related_name="+")
    access_until = models.DateTimeField()
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"Invitation {self.code}"

    def is_pending(self, now: datetime) -> bool:
        return (
            self.accepted_at is None
            and self.cancelled_at is None
            and now < self.expires_at
        )


class ConsentQuerySet(models.QuerySet["Consent"]):
    def active(self, now: datetime) -> "ConsentQuerySet":
        return self.filter(revoked_at__isnull=True, access_until__gt=now)


class Consent(models.Model):
    """Read-only access of one practitioner to some of a participant's programmes,
    until a date or until the participant revokes it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    participant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents_given"
    )
    practitioner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="consents_received"
    )
    invitation = models.OneToOneField(
        Invitation, on_delete=models.CASCADE, related_name="consent"
    )
    programmes = models.ManyToManyField(Programme, related_name="consents")
    granted_at = models.DateTimeField()
    access_until = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ("-granted_at", "-id")
        indexes = (models.Index(fields=("practitioner", "access_until")),)

    def __str__(self) -> str:
        return f"Consent {self.code}"

    def is_active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.access_until


class InviteAttempt(models.Model):
    """One try at an invitation code, kept to throttle guessing (by account and by
    address). Old rows carry no meaning and may be deleted."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    address = models.GenericIPAddressField(null=True, blank=True)
    succeeded = models.BooleanField()
    at = models.DateTimeField()

    class Meta:
        indexes = (
            models.Index(fields=("user", "at")),
            models.Index(fields=("address", "at")),
        )

    def __str__(self) -> str:
        return f"Invite attempt at {self.at}"


class AccessEvent(models.Model):
    """One view or download of a participant's data by a practitioner.

    Belongs to the participant (deleted with their account); the practitioner's
    name and e-mail are copied so the record survives the practitioner's account."""

    class Action(models.TextChoices):
        CLIENT_LIST = "client_list", "Saw the client list entry"
        DASHBOARD = "dashboard", "Viewed the dashboard"
        CHART = "chart", "Viewed the charts"
        REPORT = "report", "Viewed the report"
        REPORT_PDF = "report_pdf", "Downloaded the report PDF"
        EXPORT = "export", "Downloaded an export"
        RATING = "rating", "Entered a clinician rating"
        RATING_FORM = "rating_form", "Opened a clinician rating form"
        POOLED = "pooled", "Included in pooled results"
        PHOTOS = "photos", "Viewed photos"
        PHOTO_FILE = "photo_file", "Viewed a photo on its own"
        PHOTO_ORIGINAL = "photo_original", "Downloaded a photo's original"

        API = "api", "Read through the API"

    participant = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="access_events"
    )
    practitioner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    practitioner_label = models.CharField(max_length=300)
    consent = models.ForeignKey(
        Consent, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=20, choices=Action.choices)
    detail = models.CharField(max_length=100, blank=True)
    photos = models.JSONField(
        default=list,
        blank=True,
        help_text="The codes of the photos the page or file showed, if any.",
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ("-at", "-id")
        indexes = (models.Index(fields=("participant", "-at")),)
        constraints = (
            models.CheckConstraint(
                condition=~Q(practitioner_label=""), name="access_event_has_label"
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at}"
