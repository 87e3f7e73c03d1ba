"""A checked Flaredown file, ready to write: what it adds to the account, what
already there it must not overwrite, and the staged write itself."""

from collections.abc import Callable
from typing import Any

from django.db import transaction

from skingarden.accounts.models import User
from skingarden.lib.bulk import Columns
from skingarden.portability.imports import staging
from skingarden.portability.imports.batch import LABELS
from skingarden.portability.imports.flaredown.columns import Column
from skingarden.portability.imports.flaredown.days import Day
from skingarden.portability.imports.flaredown.table import reject
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)

VALUE_EXISTS = "{column} already has an imported rating on {day}."
ENTRY_EXISTS = "{column} already has an imported entry on {day}."
DAY_EXISTS = "{day} already has imported tags, foods or weather."

VALUES = Columns(CustomMeasureValue, ("code", "owner", "measure", "date", "value"))
TREATMENTS = Columns(
    TreatmentEntry,
    ("code", "owner", "pending_import", "date", "name", "dose", "taken"),
)
DAYS = Columns(
    ImportedDay,
    (
        "code",
        "owner",
        "pending_import",
        "date",
        "tags",
        "free_tags",
        "foods",
        "weather",
    ),
)

Progress = Callable[[int, str], None]


Rating = tuple[Day, Column, int]
Entry = tuple[Day, Column, tuple[str, bool]]


class FlaredownBatch:
    def __init__(
        self,
        owner: User,
        columns: list[Column],
        days: list[Day],
        adds_to: dict[int, CustomMeasure],
    ) -> None:
        self.owner = owner
        self.columns = columns
        self.days = days  # in the order of their first rows
        self.adds_to = adds_to  # a rated column's measure already there
        rated = [column for column in columns if column.rated]
        treated = [column for column in columns if not column.rated]
        self.ratings: list[Rating] = [
            (day, column, value)
            for day in days
            for column in rated
            if isinstance(value := day.cells[column.index], int)
        ]
        self.entries: list[Entry] = [
            (day, column, value)
            for day in days
            for column in treated
            if isinstance(value := day.cells[column.index], tuple)
        ]

    def counts(self) -> tuple[tuple[str, int], ...]:
        new = [c for c in self.columns if c.rated and c.index not in self.adds_to]
        counted = {
            "measures": len(new),
            "measure_values": len(self.ratings),
            "treatments": len(self.entries),
            "days": sum(1 for day in self.days if day.has_extras),
        }
        return tuple(
            (LABELS[kind][count != 1], count)
            for kind, count in counted.items()
            if count
        )

    def refuse_clashes(self) -> None:
        """Nothing imported before may be overwritten: a rating, a treatment's entry
        or a day's extras already there stops the import at its row."""
        if not self.days:
            return
        dates = [day.day for day in self.days]
        span = {"owner": self.owner, "date__gte": min(dates), "date__lte": max(dates)}
        rated = set(
            CustomMeasureValue.objects.filter(
                measure__in=list(self.adds_to.values()), **span
            ).values_list("measure", "date")
        )
        for day, column, _ in self.ratings:
            measure = self.adds_to.get(column.index)
            if measure is not None and (measure.pk, day.day) in rated:
                found = VALUE_EXISTS.format(column=column.label, day=day.day)
                reject(day.sources[column.index], found)
        entries = set(
            TreatmentEntry.objects.visible().filter(**span).values_list("name", "date")
        )
        for day, column, _ in self.entries:
            if (column.name, day.day) in entries:
                found = ENTRY_EXISTS.format(column=column.label, day=day.day)
                reject(day.sources[column.index], found)
        kept = set(
            ImportedDay.objects.visible().filter(**span).values_list("date", flat=True)
        )
        for day in self.days:
            if day.has_extras and day.day in kept:
                reject(day.row, DAY_EXISTS.format(day=day.day))

    def write(
        self, *, job: ImportJob, progress: Progress, finish: Callable[[], None]
    ) -> None:
        """Write in short transactions, hidden under ``job``; then reveal it all and
        ``finish`` in one more. The caller discards the hidden rows on failure."""
        measures = self._hidden_measures(job)
        rows = [
            (VALUES, self._value_rows(measures)),
            (TREATMENTS, self._treatment_rows(job)),
            (DAYS, self._day_rows(job)),
        ]
        total = sum(len(prepared) for _, prepared in rows) or 1
        done = 0

        def saved(written: int) -> None:
            progress(70 + 29 * (done + written) // total, "Saving")

        for columns, prepared in rows:
            staging.insert_in_chunks(columns, prepared, saved)
            done += len(prepared)
        with transaction.atomic():
            self._fold_into_existing(measures)
            staging.reveal(job)
            finish()

    def _hidden_measures(self, job: ImportJob) -> dict[int, CustomMeasure]:
        """A new, hidden measure for every rated column (one whose name is already
        there is folded into that one at the end)."""
        measures = {
            column.index: CustomMeasure(
                owner=self.owner,
                name=column.name,
                kind=column.kind,
                pending_import=job,
            )
            for column in self.columns
            if column.rated
        }
        with transaction.atomic():
            CustomMeasure.objects.bulk_create(list(measures.values()))
        return measures

    def _fold_into_existing(self, measures: dict[int, CustomMeasure]) -> None:
        for index, measure in self.adds_to.items():
            hidden = measures[index]
            CustomMeasureValue.objects.filter(measure=hidden).update(measure=measure)
            hidden.delete()

    def _value_rows(self, measures: dict[int, CustomMeasure]) -> list[tuple[Any, ...]]:
        """Ratings as prepared rows (the dates prepared once per day)."""
        _, _, _, prep_date, _ = VALUES.preparers()
        codes = VALUES.new_codes(len(self.ratings))
        dates = {day.day: prep_date(day.day) for day in self.days}
        owner = self.owner.pk
        measure_ids = {index: measure.pk for index, measure in measures.items()}
        return [
            (code, owner, measure_ids[column.index], dates[day.day], value)
            for code, (day, column, value) in zip(codes, self.ratings, strict=True)
        ]

    def _treatment_rows(self, job: ImportJob) -> list[tuple[Any, ...]]:
        codes = TREATMENTS.new_codes(len(self.entries))
        return TREATMENTS.prepare(
            (
                (code, self.owner.pk, job.pk, day.day, column.name, dose, taken)
                for code, (day, column, (dose, taken)) in zip(
                    codes, self.entries, strict=True
                )
            ),
            ready=("code",),
        )

    def _day_rows(self, job: ImportJob) -> list[tuple[Any, ...]]:
        days = [day for day in self.days if day.has_extras]
        codes = DAYS.new_codes(len(days))
        return DAYS.prepare(
            (
                (
                    code,
                    self.owner.pk,
                    job.pk,
                    day.day,
                    day.tags,
                    day.free_tags,
                    day.foods,
                    day.weather_note,
                )
                for code, day in zip(codes, days, strict=True)
            ),
            ready=("code",),
        )
