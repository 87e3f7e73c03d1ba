"""A day's log, and the red flags a day's log answered yes to."""

import uuid
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import (
    MaxLengthValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.db.models import Q

from skingarden.accounts.models import User
from skingarden.programmes.catalogue import (
    FORM_VERSIONS,
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    TAGS,
)
from skingarden.programmes.models.programme import Programme


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
    # The check-in's own version, not the programme's: the API's ETag, so that a
    # client replacing a day it saw at version n fails if anyone saved it since,
    # while days queued offline never conflict with each other.
    version = models.PositiveIntegerField(
        default=1, help_text="Bumped by every save of this day's log."
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
