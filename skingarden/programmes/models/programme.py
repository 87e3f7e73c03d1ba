"""A programme with its locked protocol, its phases, and the amendments made to it
after the start."""

import uuid
from datetime import date
from typing import ClassVar

from django.db import models
from django.db.models import Q

from skingarden.accounts.models import SafetyScreen, User
from skingarden.programmes.fields import ProtocolField
from skingarden.programmes.plan import PhaseKind
from skingarden.programmes.protocol import TopicalArm


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def for_user(self, user: User) -> "ProgrammeQuerySet":
        return self.filter(owner=user)

    def open(self) -> "ProgrammeQuerySet":
        return self.filter(status__in=Programme.OPEN_STATUSES)


class Programme(models.Model):
    """One participant's run of the programme, with its protocol frozen at start."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused (red flag)"
        COMPLETED = "completed", "Completed"
        STOPPED = "stopped", "Stopped early"
        ABANDONED = "abandoned", "Abandoned"

    OPEN_STATUSES: ClassVar[tuple[str, ...]] = (Status.ACTIVE, Status.PAUSED)

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="programmes")
    template = models.CharField(max_length=40, default="gut-skin-21")
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    start_date = models.DateField()
    end_date = models.DateField(
        null=True,
        blank=True,
        help_text="The last day of the last phase; kept in step with the phases.",
    )
    protocol = ProtocolField()
    locked_at = models.DateTimeField()
    safety_screen = models.ForeignKey(
        SafetyScreen, on_delete=models.RESTRICT, related_name="+"
    )
    ended_on = models.DateField(null=True, blank=True)
    end_reason = models.TextField(blank=True)
    revision = models.PositiveIntegerField(
        default=0,
        help_text="Bumped by every write that changes what the programme shows.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ("-start_date", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("owner",),
                condition=Q(status__in=("active", "paused")),
                name="one_open_programme_per_owner",
            ),
        )

    def __str__(self) -> str:
        return f"Programme {self.code} from {self.start_date}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @property
    def primary_measure(self) -> str:
        return self.protocol.primary_outcome.measure

    @property
    def topical(self) -> TopicalArm:
        """The topical arm as locked at the start (``enabled`` False when off)."""
        return self.protocol.topical


class Phase(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="phases"
    )
    kind = models.CharField(
        max_length=12, choices=[(k.value, k.label) for k in PhaseKind]
    )
    position = models.PositiveSmallIntegerField()
    start_date = models.DateField()
    end_date = models.DateField()

    class Meta:
        ordering = ("position",)
        constraints = (
            models.UniqueConstraint(
                fields=("programme", "position"), name="phase_position_unique"
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="phase_ends_after_start",
            ),
        )

    def __str__(self) -> str:
        return f"{self.kind} {self.start_date} to {self.end_date}"

    @property
    def phase_kind(self) -> PhaseKind:
        return PhaseKind(self.kind)

    @property
    def days(self) -> int:
        return (self.end_date - self.start_date).days + 1

    def contains(self, day: date) -> bool:
        return self.start_date <= day <= self.end_date


class Amendment(models.Model):
    """A change to the locked protocol after start: what, when, why."""

    class Kind(models.TextChoices):
        EXTENSION = "extension", "Extension"
        DOSE_CHANGE = "dose_change", "Dose change"
        STEP_BACK = "step_back", "Dose stepped back (gut rule)"
        GUT_STOP = "gut_stop", "Kefir stopped (gut rule)"
        EARLY_STOP = "early_stop", "Stopped early"
        SHORTENED_BASELINE = "shortened_baseline", "Baseline shortened"
        FOLLOW_UP = "follow_up", "Follow-up changed"
        PAUSE = "pause", "Paused for a red flag"
        RESUME = "resume", "Resumed after being seen"
        FLAG_WITHDRAWN = "flag_withdrawn", "Red flag withdrawn (answered by mistake)"
        PHOTO_PLAN = "photo_plan", "Photo plan changed"
        COMPLETED = "completed", "Completed"
        ABANDONED = "abandoned", "Abandoned"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="amendments"
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    effective_on = models.DateField()
    what = models.TextField()
    why = models.TextField()
    automatic = models.BooleanField(default=False)
    details = models.JSONField(default=dict, blank=True)
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("recorded_at", "id")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.effective_on}"
