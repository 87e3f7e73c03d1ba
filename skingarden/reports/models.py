from django.db import models

from skingarden.programmes.models import Programme


class Report(models.Model):
    """A programme's latest report, built in the background and kept until the
    programme's data (its revision) or the day it was built for (``as_of``) moves on.

    One row per programme: a new build replaces the old one in place.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Being built"
        READY = "ready", "Ready"
        FAILED = "failed", "Failed"

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="report"
    )
    key = models.CharField(
        max_length=80, help_text="Layout version, programme revision and as-of day."
    )
    as_of = models.DateField()
    interim = models.BooleanField(default=True)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    verdict = models.CharField(max_length=60, blank=True)
    effect = models.JSONField(
        default=dict,
        blank=True,
        help_text="The primary outcome's estimate, its interval and the normal-"
        "equivalent standard error, kept for pooling across a practitioner's clients.",
    )
    html = models.TextField(blank=True)
    pdf = models.BinaryField(blank=True, default=b"")
    error = models.TextField(blank=True)
    requested_at = models.DateTimeField()
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Report on {self.programme_id} as of {self.as_of}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY
