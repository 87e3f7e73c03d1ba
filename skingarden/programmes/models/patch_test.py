"""The 7-day patch test of the topical mixture."""

import uuid

from django.db import models

from skingarden.accounts.models import User


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
