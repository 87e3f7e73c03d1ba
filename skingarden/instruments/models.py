import uuid

from django.db import models

from skingarden.accounts.models import User


class InstrumentResponse(models.Model):
    """One completed questionnaire or rating, scored and stored with both versions used
    (the instrument's and the scoring code's), so it can be rescored after a fix."""

    class Rater(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        CLINICIAN = "clinician", "Clinician"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="instrument_responses"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="instrument_responses",
    )
    instrument_id = models.CharField(max_length=40)
    instrument_version = models.CharField(max_length=20)
    date = models.DateField(
        help_text="The participant's local date the answers were given."
    )
    due_on = models.DateField(null=True, blank=True)
    rated_by = models.CharField(
        max_length=12, choices=Rater.choices, default=Rater.PARTICIPANT
    )
    rater_name = models.CharField(max_length=200, blank=True)
    rater = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ratings_given",
        help_text="The practitioner who entered a clinician rating in their "
        "workspace; empty for the participant's own entries.",
    )
    answers = models.JSONField()
    total = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    bands = models.JSONField(default=dict, blank=True)
    subscores = models.JSONField(default=dict, blank=True)
    scored = models.BooleanField()
    scoring_version = models.CharField(max_length=40)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(
                fields=("owner", "instrument_id", "date", "rated_by"),
                name="one_response_per_instrument_per_day",
            ),
        )
        indexes = (models.Index(fields=("programme", "instrument_id", "date")),)

    def __str__(self) -> str:
        return f"{self.instrument_id} on {self.date}"
