import uuid
from datetime import date
from typing import Any, ClassVar

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q

from skingarden.accounts.models import SafetyScreen, User
from skingarden.programmes.catalogue import (
    FORM_VERSIONS,
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    TAGS,
)
from skingarden.programmes.fields import ProtocolField
from skingarden.programmes.plan import PhaseKind
from skingarden.programmes.protocol import TopicalArm


def _measure_field(
    key: str,
) -> models.PositiveSmallIntegerField[int | None, int | None]:
    measure = MEASURES[key]
    return models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name=measure.label,
        validators=[MinValueValidator(measure.low), MaxValueValidator(measure.high)],
    )


SITE_SCORE_MAX = 200  # the largest primary measure (new spots); the service checks
# each site's score against the programme's own primary measure.


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


class CheckIn(models.Model):
    """One day's log (24-hour recall). Blank fields mean "not recorded", never zero."""

    class Side(models.TextChoices):
        LEFT = "left", "Left"
        RIGHT = "right", "Right"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="checkins")
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="checkins"
    )
    date = models.DateField()
    entered_on = models.DateField(
        help_text="The participant's local date of the first save."
    )
    worst_itch = _measure_field("worst_itch")
    sleep_loss = _measure_field("sleep_loss")
    new_spots = _measure_field("new_spots")
    kefir_ml = _measure_field("kefir_ml")
    topical_applied = models.BooleanField(null=True, blank=True)
    topical_side = models.CharField(max_length=5, choices=Side.choices, blank=True)
    topical_carrier = models.CharField(max_length=20, blank=True)
    topical_ratio = models.CharField(max_length=20, blank=True)
    fruit_veg_servings = _measure_field("fruit_veg_servings")
    fibre_servings = _measure_field("fibre_servings")
    bowel_movements = _measure_field("bowel_movements")
    stool_form = _measure_field("stool_form")
    gut_discomfort = _measure_field("gut_discomfort")
    energy = _measure_field("energy")
    products = models.JSONField(default=list, blank=True)
    tags = models.JSONField(default=list, blank=True)
    red_flags = models.JSONField(default=list, blank=True)
    note = models.TextField(blank=True, validators=[MaxLengthValidator(2000)])
    # Split-body design: the primary measure on each of the two matched sites.
    site_kefir = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="Primary measure on the kefir + carrier site",
        validators=[MaxValueValidator(SITE_SCORE_MAX)],
    )
    site_carrier = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        verbose_name="Primary measure on the carrier-only site",
        validators=[MaxValueValidator(SITE_SCORE_MAX)],
    )
    form_version = models.CharField(
        max_length=12,
        choices=[(key, v.description) for key, v in FORM_VERSIONS.items()],
        help_text="The form the day was last saved through.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(
                fields=("owner", "date"), name="one_checkin_per_day"
            ),
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{name}__lte": high}), name=f"checkin_{name}_range"
                )
                for name, high in (
                    ("worst_itch", 10),
                    ("sleep_loss", 10),
                    ("energy", 10),
                    ("gut_discomfort", 3),
                    ("stool_form", 7),
                )
            ),
            models.CheckConstraint(
                condition=Q(stool_form__gte=1) | Q(stool_form__isnull=True),
                name="checkin_stool_form_min",
            ),
        )
        indexes = (models.Index(fields=("programme", "date")),)

    def __str__(self) -> str:
        return f"Check-in {self.date}"

    @property
    def is_late(self) -> bool:
        return self.entered_on > self.date

    def clean(self) -> None:
        errors = {}
        for field, allowed in (
            ("products", PRODUCTS),
            ("tags", TAGS),
            ("red_flags", RED_FLAGS),
        ):
            value = getattr(self, field)
            if not isinstance(value, list) or any(
                item not in allowed for item in value
            ):
                errors[field] = "Choose only from the list."
            elif len(set(value)) != len(value):
                errors[field] = "Each choice can be made once."
        if errors:
            raise ValidationError(errors)

    def values(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in CHECKIN_FIELDS}


CHECKIN_FIELDS = (
    "worst_itch",
    "sleep_loss",
    "new_spots",
    "kefir_ml",
    "topical_applied",
    "topical_side",
    "topical_carrier",
    "topical_ratio",
    "fruit_veg_servings",
    "fibre_servings",
    "bowel_movements",
    "stool_form",
    "gut_discomfort",
    "energy",
    "products",
    "tags",
    "red_flags",
    "note",
    "site_kefir",
    "site_carrier",
)


class RedFlagEvent(models.Model):
    """A "yes" to a red-flag question: the programme pauses until they are seen."""

    class Resolution(models.TextChoices):
        RESUMED = "resumed", "Resumed after being seen"
        STOPPED = "stopped", "Kefir stopped after being seen"
        MISTAKEN = "mistaken", "Answered yes by mistake"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="red_flags"
    )
    checkin = models.ForeignKey(
        CheckIn, on_delete=models.CASCADE, related_name="red_flag_events"
    )
    flag = models.CharField(max_length=30)
    reported_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)
    seen_on = models.DateField(null=True, blank=True)
    seen_by = models.CharField(max_length=200, blank=True)
    resolution = models.CharField(max_length=10, choices=Resolution.choices, blank=True)
    resolved_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")
        constraints = (
            models.UniqueConstraint(
                fields=("checkin", "flag"), name="one_event_per_flag_per_day"
            ),
        )

    def __str__(self) -> str:
        return f"Red flag {self.flag} on {self.reported_on}"

    @property
    def is_open(self) -> bool:
        return self.resolved_on is None


class PatchTest(models.Model):
    """A 7-day repeated open application test of the topical mix (inner forearm)."""

    DAYS = 7

    class Carrier(models.TextChoices):
        PETROLATUM = "petrolatum", "Petroleum jelly"
        COCONUT_OIL = "coconut_oil", "Coconut oil"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="patch_tests"
    )
    started_on = models.DateField()
    carrier = models.CharField(max_length=20, choices=Carrier.choices)
    kefir_parts = models.PositiveSmallIntegerField()
    carrier_parts = models.PositiveSmallIntegerField()
    real_time = models.BooleanField(
        default=False,
        help_text="Started on its first day and each day logged on that day or the "
        "next; only such a test can unlock the topical arm.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-started_on", "-id")

    def __str__(self) -> str:
        return f"Patch test from {self.started_on}"

    @property
    def ratio_label(self) -> str:
        return f"{self.kefir_parts}:{self.carrier_parts}"


class PatchTestDay(models.Model):
    patch_test = models.ForeignKey(
        PatchTest, on_delete=models.CASCADE, related_name="days"
    )
    date = models.DateField()
    applied = models.BooleanField()
    reaction = models.BooleanField()
    note = models.CharField(max_length=500, blank=True)
    entered_at = models.DateTimeField(
        null=True,
        blank=True,
        help_text="When the day was logged (empty before this was recorded).",
    )

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(
                fields=("patch_test", "date"), name="one_patch_day_per_date"
            ),
        )

    def __str__(self) -> str:
        return f"Patch test day {self.date}"
