from datetime import datetime, timedelta

from django.db import models
from django.utils import timezone

from skingarden.programmes.models import Programme

# A queued or running build that has not moved for this long has most likely lost its
# worker: the page offers to try again, and a visit queues it again.
STALLS_AFTER = timedelta(minutes=3)


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
    moved_at = models.DateTimeField(
        default=timezone.now,
        help_text="When the build last moved: queued, claimed, or a step done.",
    )
    builder = models.CharField(
        max_length=64,
        blank=True,
        help_text="The background task building it: only that task writes to it, "
        "and only that task may take it up again after its worker was restarted.",
    )
    built_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"Report on {self.programme_id} as of {self.as_of}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    def has_stalled(self, now: datetime) -> bool:
        """Still waiting or building, but nothing has happened for a few minutes."""
        waiting = self.status in (self.Status.QUEUED, self.Status.RUNNING)
        return waiting and now - self.moved_at >= STALLS_AFTER
