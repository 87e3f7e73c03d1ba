"""Each row's cells as values, checked by the imported models' own rules, and the
rows of one day merged into one.

Since October 2021 Flaredown keeps several check-ins a day, one row each. They are
merged: a cell blank on one row takes the other's value, equal values are one,
and tags and foods are joined. Two different values for one thing on one day
(a rating of 2 and of 3, a dose and "Not Taken") are an error naming both rows:
which of them counts is for the person to say, not for the importer to guess.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models

from skingarden.portability.imports.flaredown.columns import (
    RATINGS,
    Column,
)
from skingarden.portability.imports.flaredown.table import (
    WEATHER,
    Row,
    quoted,
    reject,
)
from skingarden.portability.models import SCALE_HIGH, ImportedDay, TreatmentEntry
from skingarden.programmes.catalogue import TAGS

SEPARATOR = ";"  # Flaredown joins tags and foods with "; "
TAKEN, NOT_TAKEN = "taken", "not taken"

BAD_RATING = "“{value}” is not a rating from 0 to {high}."
DAY_CONFLICT = (
    "{day} is also on row {other}, where this column holds “{theirs}”, not "
    "“{ours}”; the check-ins of one day are merged only where they agree."
)

Progress = Callable[[int, int], None]  # rows read, of how many
Dose = tuple[str, bool]  # as written (empty for Taken / Not Taken), taken


@dataclass
class Day:
    day: date
    row: int  # the first row of this day
    cells: list[int | Dose | None]  # by column: a rating, a dose or blank
    sources: list[int]  # by column, the row its value came from
    tags: list[str] = field(default_factory=list)
    free_tags: list[str] = field(default_factory=list)
    foods: list[str] = field(default_factory=list)
    weather: list[str] = field(default_factory=list)  # by weather column
    weather_sources: list[int] = field(default_factory=list)

    @property
    def weather_note(self) -> str:
        """“Light rain”, then “max temperature 11.2” and so on."""
        parts = [
            _weather_part(column, value)
            for column, value in zip(WEATHER, self.weather, strict=False)
            if value
        ]
        return "; ".join(parts)

    @property
    def has_extras(self) -> bool:
        return bool(self.tags or self.free_tags or self.foods or self.weather_note)


def _weather_part(column: str, value: str) -> str:
    if column == WEATHER[0]:
        return value  # the summary, "Light rain"
    return f"{column.removeprefix('Weather ')} {value}"


def merge_days(
    rows: Sequence[Row], columns: Sequence[Column], progress: Progress
) -> dict[date, Day]:
    days: dict[date, Day] = {}
    step = max(len(rows) // 10, 1)
    doses: dict[str, str] = {}  # each distinct dose's problem, checked once
    for n, row in enumerate(rows, start=1):
        day = _day(row, columns, doses)
        if row.day in days:
            _merge(days[row.day], day, columns)
        else:
            days[row.day] = day
        if n % step == 0:
            progress(n, len(rows))
    for day in days.values():
        if day.has_extras:
            _check_extras(day)
    return days


def _day(row: Row, columns: Sequence[Column], doses: dict[str, str]) -> Day:
    cells: list[int | Dose | None] = []
    for column, raw in zip(columns, row.cells, strict=True):
        if not raw:
            cells.append(None)
        elif column.rated:
            cells.append(_rating(row.number, column, raw))
        else:
            cells.append(_dose(row.number, column, raw, doses))
    tags, free_tags = _tags(row.tags)
    return Day(
        row.day,
        row.number,
        cells,
        [row.number] * len(cells),
        tags,
        free_tags,
        _split(row.foods),
        list(row.weather),
        [row.number] * len(row.weather),
    )


def _rating(number: int, column: Column, raw: str) -> int:
    value = RATINGS.get(raw)
    if value is None:
        reject(number, BAD_RATING.format(value=raw, high=SCALE_HIGH), column.label)
    return value


def _dose(number: int, column: Column, raw: str, doses: dict[str, str]) -> Dose:
    said = raw.casefold()
    if said in (TAKEN, NOT_TAKEN):
        return "", said == TAKEN
    if raw not in doses:
        doses[raw] = _dose_problem(raw)
    if doses[raw]:
        reject(number, doses[raw], column.label)
    return raw, True


def _dose_problem(raw: str) -> str:
    """The model's rule for a dose ("" when it passes)."""
    field = TreatmentEntry._meta.get_field("dose")
    assert isinstance(field, models.Field)  # noqa: S101 - a concrete column
    try:
        field.clean(raw, None)
    except ValidationError as error:
        return str(error.messages[0])
    return ""


def _split(cell: str) -> list[str]:
    if not cell:
        return []
    return list(
        dict.fromkeys(part.strip() for part in cell.split(SEPARATOR) if part.strip())
    )


BY_NAME = {key.casefold(): key for key in TAGS} | {
    label.casefold(): key for key, label in TAGS.items()
}


def _tags(cell: str) -> tuple[list[str], list[str]]:
    """Ours where the name matches one of our tags, the rest kept as written."""
    tags: list[str] = []
    free_tags: list[str] = []
    for tag in _split(cell):
        key = BY_NAME.get(tag.casefold())
        if key is None:
            free_tags.append(tag)
        elif key not in tags:
            tags.append(key)
    return tags, free_tags


def _merge(day: Day, other: Day, columns: Sequence[Column]) -> None:
    for index, value in enumerate(other.cells):
        mine = day.cells[index]
        if value is None:
            continue
        if mine is None:
            day.cells[index], day.sources[index] = value, other.row
        elif mine != value:
            where = (day.sources[index], other.row)
            _conflict(day.day, where, columns[index].label, _shown(mine), _shown(value))
    for index, text in enumerate(other.weather):
        mine_text = day.weather[index]
        if not mine_text:
            day.weather[index], day.weather_sources[index] = text, other.row
        elif text and mine_text != text:
            where = (day.weather_sources[index], other.row)
            _conflict(day.day, where, quoted(WEATHER[index]), mine_text, text)
    day.tags = list(dict.fromkeys(day.tags + other.tags))
    day.free_tags = list(dict.fromkeys(day.free_tags + other.free_tags))
    day.foods = list(dict.fromkeys(day.foods + other.foods))


def _conflict(
    day: date, rows: tuple[int, int], label: str, theirs: str, ours: str
) -> None:
    first, second = rows
    reason = DAY_CONFLICT.format(day=day, other=first, theirs=theirs, ours=ours)
    reject(second, reason, label)


def _shown(value: Any) -> str:
    """A merged value as the file wrote it."""
    if isinstance(value, tuple):
        dose, taken = value
        return dose or ("Taken" if taken else "Not Taken")
    return str(value)


def _check_extras(day: Day) -> None:
    """The imported day's fields by the model's own rules."""
    values = {
        "tags": day.tags,
        "free_tags": day.free_tags,
        "foods": day.foods,
        "weather": day.weather_note,
    }
    for name, value in values.items():
        field = ImportedDay._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - concrete columns only
        try:
            field.clean(value, None)
        except ValidationError as error:
            reject(day.row, f"{name}: {error.messages[0]}")
