"""Tracking brought in from other apps that our daily log has no field for, and
the imports that bring files in.

Flaredown rates conditions and symptoms of the user's choosing on 0-4, logs
treatments with a free-text dose, and keeps tags, foods and the weather per day.
These rows are the participant's own history: they sit beside the programmes,
never inside one, and no analysis reads them.

A large Flaredown file is written in several short transactions, so that the
rest of the site can write between them. Until the last one commits, its rows
belong to their import (``pending_import``) and no reader sees them; if the
import fails or dies, they are deleted with it (see ``imports.staging``).
"""

import uuid

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator
from django.db import models

from skingarden.accounts.models import User
from skingarden.programmes.catalogue import TAGS

SCALE_HIGH = 4  # Flaredown's five pips, 0-4
NAME_LENGTH = 100
ITEM_LENGTH = 300  # a tag or a food; USDA descriptions run to about 200
TEXT_LIMIT = 2000


class ImportJob(models.Model):
    """One import of a file into a participant's account: the file itself until the
    import has run (never longer), its progress, and what came of it."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Not imported"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="import_jobs"
    )
    fmt = models.CharField(max_length=10)
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    upload = models.BinaryField(
        blank=True, default=b"", help_text="The uploaded file, emptied once it ran."
    )
    conditions = models.JSONField(default=list, blank=True)
    treatments = models.JSONField(default=list, blank=True)
    summary = models.TextField(blank=True)
    error = models.TextField(blank=True)
    # An archive import's photo files stored so far, until its rows are written:
    # what to delete if the import dies before it finishes (emptied when it has).
    stored_files = models.JSONField(default=list, blank=True)
    requested_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-requested_at", "-id")

    def __str__(self) -> str:
        return f"Import {self.code} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)


def archive_upload_name(code: uuid.UUID) -> str:
    """Where an archive import's file waits in private photo storage (an archive
    is too large for the import's row) until its import has run."""
    return f"imports/{code}.zip"


class ImportedQuerySet[M: models.Model](models.QuerySet[M]):
    def visible(self) -> "ImportedQuerySet[M]":
        """Rows whose import has finished (see the module's docstring)."""
        return self.filter(pending_import=None)


def _pending_import() -> "models.ForeignKey[ImportJob | None, ImportJob | None]":
    return models.ForeignKey(
        ImportJob,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text="The import still writing this row; empty once it is visible.",
    )


class CustomMeasure(models.Model):
    """A condition or symptom the participant rated on its own 0-4 scale. A
    condition and a symptom may share a name (Flaredown keeps them apart)."""

    class Kind(models.TextChoices):
        CONDITION = "condition", "Condition"
        SYMPTOM = "symptom", "Symptom"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="custom_measures"
    )
    name = models.CharField(max_length=NAME_LENGTH)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    created_at = models.DateTimeField(auto_now_add=True)
    pending_import = _pending_import()

    objects = ImportedQuerySet["CustomMeasure"].as_manager()

    class Meta:
        ordering = ("name", "kind")
        constraints = (
            models.UniqueConstraint(
                fields=("owner", "kind", "name"),
                condition=models.Q(pending_import=None),
                name="one_custom_measure_per_kind_and_name",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.name}"


class CustomMeasureValue(models.Model):
    """One day's rating of a custom measure: 0 = none … 4 = the worst."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="custom_measure_values"
    )
    # Indexed by the constraint below, which starts with it: one index fewer to
    # keep up on every insert of a large import.
    measure = models.ForeignKey(
        CustomMeasure, on_delete=models.CASCADE, related_name="values", db_index=False
    )
    date = models.DateField()
    value = models.PositiveSmallIntegerField(validators=[MaxValueValidator(SCALE_HIGH)])

    class Meta:
        ordering = ("date",)
        constraints = (
            # A measure has one owner, so (measure, date) is unique per owner too.
            models.UniqueConstraint(
                fields=("measure", "date"),
                name="one_custom_value_per_measure_and_day",
            ),
            models.CheckConstraint(
                condition=models.Q(value__lte=SCALE_HIGH), name="custom_value_range"
            ),
        )

    def __str__(self) -> str:
        return f"Custom measure value on {self.date}"


class TreatmentEntry(models.Model):
    """A treatment on one day: taken or not, with the dose as the person wrote it."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="treatment_entries"
    )
    date = models.DateField()
    name = models.CharField(max_length=NAME_LENGTH)
    dose = models.CharField(max_length=200, blank=True)
    taken = models.BooleanField()
    pending_import = _pending_import()

    objects = ImportedQuerySet["TreatmentEntry"].as_manager()

    class Meta:
        ordering = ("date", "name")
        constraints = (
            models.UniqueConstraint(
                fields=("owner", "date", "name"), name="one_treatment_entry_per_day"
            ),
        )

    def __str__(self) -> str:
        return f"Treatment entry on {self.date}"


def validate_catalogue_tags(value: object) -> None:
    if not isinstance(value, list) or any(item not in TAGS for item in value):
        raise ValidationError("Choose only from the list of tags.")
    if len(set(value)) != len(value):
        raise ValidationError("Each tag can be chosen once.")


def validate_text_list(value: object) -> None:
    if not isinstance(value, list) or not all(
        isinstance(item, str) and item.strip() and len(item) <= ITEM_LENGTH
        for item in value
    ):
        raise ValidationError(
            f"Give a list of non-empty names, each at most {ITEM_LENGTH} characters."
        )


class ImportedDay(models.Model):
    """What else a day held: tags (ours where the name matched, the rest kept as
    written), foods, and the weather as a note."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="imported_days"
    )
    date = models.DateField()
    tags = models.JSONField(
        default=list, blank=True, validators=[validate_catalogue_tags]
    )
    free_tags = models.JSONField(
        default=list, blank=True, validators=[validate_text_list]
    )
    foods = models.JSONField(default=list, blank=True, validators=[validate_text_list])
    weather = models.TextField(blank=True, validators=[MaxLengthValidator(TEXT_LIMIT)])
    pending_import = _pending_import()

    objects = ImportedQuerySet["ImportedDay"].as_manager()

    class Meta:
        ordering = ("date",)
        constraints = (
            models.UniqueConstraint(
                fields=("owner", "date"), name="one_imported_day_per_date"
            ),
        )

    def __str__(self) -> str:
        return f"Imported day {self.date}"
