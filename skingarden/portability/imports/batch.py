"""Rows checked and ready to insert: an import builds a whole batch first, so a
bad row anywhere stops it before anything is written."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields

from django.db import models

from skingarden.accounts.models import Profile, SafetyScreen
from skingarden.instruments.models import InstrumentResponse
from skingarden.photos.models import Photo, PhotoAnalysis, PhotoRating, PhotoSession
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    PatchTest,
    PatchTestDay,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.services.freshness import programmes_touch

# What each list is called in the summary, in the order the lists are written
# (a row's parents are always written before it).
LABELS = {
    "screens": ("safety screen", "safety screens"),
    "patch_tests": ("patch test", "patch tests"),
    "patch_test_days": ("patch-test day", "patch-test days"),
    "programmes": ("programme", "programmes"),
    "phases": ("phase", "phases"),
    "amendments": ("amendment", "amendments"),
    "checkins": ("check-in", "check-ins"),
    "red_flags": ("red-flag event", "red-flag events"),
    "responses": ("questionnaire response", "questionnaire responses"),
    "photo_sessions": ("photo session", "photo sessions"),
    "photos": ("photo", "photos"),
    "photo_analyses": ("photo measurement", "photo measurements"),
    "photo_ratings": ("blinded photo rating", "blinded photo ratings"),
    "measures": ("new condition or symptom", "new conditions and symptoms"),
    "measure_values": ("condition or symptom rating", "condition and symptom ratings"),
    "treatments": ("treatment entry", "treatment entries"),
    "days": ("day of tags, foods or weather", "days of tags, foods or weather"),
}
SUMMARY_SKIPS = ("phases", "patch_test_days")  # part of their parent's count


@dataclass
class Batch:
    screens: list[SafetyScreen] = field(default_factory=list)
    patch_tests: list[PatchTest] = field(default_factory=list)
    patch_test_days: list[PatchTestDay] = field(default_factory=list)
    programmes: list[Programme] = field(default_factory=list)
    phases: list[Phase] = field(default_factory=list)
    amendments: list[Amendment] = field(default_factory=list)
    checkins: list[CheckIn] = field(default_factory=list)
    red_flags: list[RedFlagEvent] = field(default_factory=list)
    responses: list[InstrumentResponse] = field(default_factory=list)
    photo_sessions: list[PhotoSession] = field(default_factory=list)
    photos: list[Photo] = field(default_factory=list)
    photo_analyses: list[PhotoAnalysis] = field(default_factory=list)
    photo_ratings: list[PhotoRating] = field(default_factory=list)
    measures: list[CustomMeasure] = field(default_factory=list)
    measure_values: list[CustomMeasureValue] = field(default_factory=list)
    treatments: list[TreatmentEntry] = field(default_factory=list)
    days: list[ImportedDay] = field(default_factory=list)
    profile: Profile | None = None  # replaced by a JSON import
    # Checked again inside the write's transaction: what the file was checked
    # against may have changed while it was read.
    guard: Callable[[], None] = lambda: None

    def counts(self) -> tuple[tuple[str, int], ...]:
        return tuple(
            (LABELS[name][len(rows) != 1], len(rows))
            for name, rows in self._lists()
            if rows and name not in SUMMARY_SKIPS
        )

    def write(self) -> None:
        """Insert every list in order, one statement per table, after the guard.
        Call inside a transaction."""
        self.guard()
        if self.profile is not None:
            self.profile.save(
                update_fields=["conditions", "birth_year", "time_zone", "updated_at"]
            )
        for _, rows in self._lists():
            if rows:
                type(rows[0])._default_manager.bulk_create(rows)
        programmes_touch([programme.pk for programme in self.programmes])

    def _lists(self) -> list[tuple[str, Sequence[models.Model]]]:
        return [
            (item.name, getattr(self, item.name))
            for item in fields(self)
            if item.name in LABELS
        ]
