"""Read Flaredown's "Download my data" CSV into imported tracking.

The file is wide, one row per check-in: ``Date``, one column per condition,
symptom and treatment name, then ``Tags``, ``Foods`` and (in exports since 2021)
six weather columns. The header does not say which name is which, so:

- a column the caller names as a condition or a treatment is that;
- otherwise a column holding any text that is not a number is a treatment (a
  dose, ``Taken`` or ``Not Taken``), and a column of numbers only is a condition
  or symptom rated 0-4: a condition if its name is one of ours (eczema, acne…),
  else a symptom.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

import csv
import io
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from typing import NoReturn

from django.core.exceptions import ValidationError

from skingarden.accounts.models import Condition, User
from skingarden.portability.imports.batch import Batch
from skingarden.portability.models import (
    NAME_LENGTH,
    SCALE_HIGH,
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.programmes.catalogue import TAGS

DATE = "Date"
TAIL = ("Tags", "Foods")
WEATHER = (
    "Weather summary",
    "Weather max temperature",
    "Weather min temperature",
    "Weather pressure",
    "Weather precipitation intensity",
    "Weather humidity",
)
SEPARATOR = ";"  # Flaredown joins tags and foods with "; "
TAKEN, NOT_TAKEN = "taken", "not taken"
NUMBER = re.compile(r"-?\d+(\.\d+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

NOT_CSV = "This is not a CSV file Flaredown wrote: {reason}."
EMPTY = "The file is empty."
NO_ROWS = "The file has a header but no check-ins."
FIRST_COLUMN = "the first column must be “Date”, so this is not a Flaredown export."
LAST_COLUMNS = (
    "the last columns must be “Tags” and “Foods”, then (in newer exports) the six "
    "weather columns, so this is not a Flaredown export."
)
BLANK_NAME = "column {column} has no name."
LONG_NAME = "the column name “{name}…” is longer than {limit} characters."
NAME_TWICE = "two columns are called “{name}”."
NAMED_NOT_FOUND = "“{name}” was named as a {kind}, but the file has no such column."
NAMED_TWICE = "“{name}” was named both as a condition and as a treatment."
CELL_COUNT = "it has {cells} cells, but the header has {expected}."
BAD_DATE = "“{value}” is not a date written as YYYY-MM-DD."
DATE_TWICE = "{day} is in the file twice (first on row {first})."
FUTURE = "{day} has not happened yet."
BAD_RATING = "“{value}” is not a rating from 0 to {high}."
VALUE_EXISTS = "“{name}” already has an imported rating on {day}."
ENTRY_EXISTS = "“{name}” already has an imported entry on {day}."
DAY_EXISTS = "{day} already has imported tags, foods or weather."


def _reject(row: int, reason: str, column: str = "") -> NoReturn:
    where = f"Row {row}" + (f", “{column}”" if column else "")
    raise ValidationError(f"{where}: {reason}")


@dataclass(frozen=True)
class Columns:
    measures: dict[str, str]  # name -> CustomMeasure.Kind
    treatments: list[str]
    weather: bool


@dataclass(frozen=True)
class Row:
    number: int
    day: date
    cells: dict[str, str]


def read(
    *,
    owner: User,
    text: str,
    today: date,
    conditions: Collection[str] = (),
    treatments: Collection[str] = (),
) -> tuple[Batch, Columns]:
    names, weather, rows = _rows(text, today)
    columns = _classify(names, rows, conditions, treatments, weather)
    batch = Batch()
    measures = _measures(owner, columns, batch)
    for row in rows:
        _read_row(owner, row, columns, measures, batch)
    _refuse_clashes(owner, batch, rows)
    return batch, columns


def _rows(text: str, today: date) -> tuple[list[str], bool, list[Row]]:
    """The name columns, whether the weather columns are there, and the rows."""
    try:
        records = [record for record in csv.reader(io.StringIO(text)) if record]
    except csv.Error as error:
        raise ValidationError(NOT_CSV.format(reason=error)) from None
    if not records:
        raise ValidationError(EMPTY)
    header = [name.strip() for name in records[0]]
    names, weather = _check_header(header)
    if len(records) == 1:
        raise ValidationError(NO_ROWS)
    rows: list[Row] = []
    first_seen: dict[date, int] = {}
    for number, record in enumerate(records[1:], start=2):
        if len(record) != len(header):
            _reject(number, CELL_COUNT.format(cells=len(record), expected=len(header)))
        cells = dict(zip(header, (value.strip() for value in record), strict=True))
        day = _day(number, cells[DATE], today)
        if day in first_seen:
            _reject(number, DATE_TWICE.format(day=day, first=first_seen[day]), DATE)
        first_seen[day] = number
        rows.append(Row(number, day, cells))
    return names, weather, rows


def _check_header(header: list[str]) -> tuple[list[str], bool]:
    if header[0] != DATE:
        _reject(1, FIRST_COLUMN)
    weather = tuple(header[-len(WEATHER) :]) == WEATHER
    tail_start = len(header) - (len(WEATHER) if weather else 0) - len(TAIL)
    if tail_start < 1 or tuple(header[tail_start : tail_start + len(TAIL)]) != TAIL:
        _reject(1, LAST_COLUMNS)
    seen: set[str] = set()
    for column, name in enumerate(header[1:tail_start], start=2):
        if not name:
            _reject(1, BLANK_NAME.format(column=column))
        if len(name) > NAME_LENGTH:
            _reject(1, LONG_NAME.format(name=name[:NAME_LENGTH], limit=NAME_LENGTH))
        if name in seen or name in (DATE, *TAIL, *WEATHER):
            _reject(1, NAME_TWICE.format(name=name))
        seen.add(name)
    return header[1:tail_start], weather


def _day(number: int, value: str, today: date) -> date:
    try:
        day = date.fromisoformat(value) if ISO_DATE.fullmatch(value) else None
    except ValueError:
        day = None
    if day is None:
        _reject(number, BAD_DATE.format(value=value), DATE)
    if day > today:
        _reject(number, FUTURE.format(day=day), DATE)
    return day


def _classify(
    names: list[str],
    rows: list[Row],
    conditions: Collection[str],
    treatments: Collection[str],
    weather: bool,
) -> Columns:
    for name in conditions:
        if name in treatments:
            _reject(1, NAMED_TWICE.format(name=name))
    for named, kind in ((conditions, "condition"), (treatments, "treatment")):
        for name in named:
            if name not in names:
                _reject(1, NAMED_NOT_FOUND.format(name=name, kind=kind))
    ours = {c.value.casefold() for c in Condition} | {
        str(c.label).casefold() for c in Condition
    }
    measures: dict[str, str] = {}
    treatment_names: list[str] = []
    for name in names:
        values = [row.cells[name] for row in rows if row.cells[name]]
        is_text = any(not NUMBER.fullmatch(value) for value in values)
        if name in treatments or (name not in conditions and is_text):
            treatment_names.append(name)
        elif name in conditions or name.casefold() in ours:
            measures[name] = CustomMeasure.Kind.CONDITION
        else:
            measures[name] = CustomMeasure.Kind.SYMPTOM
    return Columns(measures, treatment_names, weather)


def _measures(owner: User, columns: Columns, batch: Batch) -> dict[str, CustomMeasure]:
    """The account's measures of these names, and new ones for the rest (a name
    already there keeps the kind it has)."""
    existing = {
        m.name: m
        for m in CustomMeasure.objects.filter(
            owner=owner, name__in=list(columns.measures)
        )
    }
    for name, kind in columns.measures.items():
        if name not in existing:
            measure = CustomMeasure(owner=owner, name=name, kind=kind)
            _clean(measure, 1, name)
            existing[name] = measure
            batch.measures.append(measure)
    return existing


def _clean(
    obj: CustomMeasure | CustomMeasureValue | TreatmentEntry | ImportedDay,
    row: int,
    column: str = "",
) -> None:
    try:
        obj.full_clean(
            exclude=["owner", "measure"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        messages = (
            error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
        )
        field, problems = sorted(messages.items())[0]
        # Inside a named column the field is plain (the dose); elsewhere name it.
        reason = problems[0] if column or not field else f"{field}: {problems[0]}"
        _reject(row, reason, column)


def _read_row(
    owner: User,
    row: Row,
    columns: Columns,
    measures: dict[str, CustomMeasure],
    batch: Batch,
) -> None:
    for name in columns.measures:
        raw = row.cells[name]
        if not raw:
            continue  # not rated that day
        if not raw.isdigit() or int(raw) > SCALE_HIGH:
            _reject(row.number, BAD_RATING.format(value=raw, high=SCALE_HIGH), name)
        value = CustomMeasureValue(
            owner=owner, measure=measures[name], date=row.day, value=int(raw)
        )
        _clean(value, row.number, name)
        batch.measure_values.append(value)
    for name in columns.treatments:
        raw = row.cells[name]
        if raw:
            entry = _treatment(owner, row.day, name, raw)
            _clean(entry, row.number, name)
            batch.treatments.append(entry)
    extras = _extras(owner, row, columns.weather)
    if extras is not None:
        _clean(extras, row.number)
        batch.days.append(extras)


def _treatment(owner: User, day: date, name: str, raw: str) -> TreatmentEntry:
    said = raw.casefold()
    if said in (TAKEN, NOT_TAKEN):
        return TreatmentEntry(
            owner=owner, date=day, name=name, dose="", taken=said == TAKEN
        )
    return TreatmentEntry(owner=owner, date=day, name=name, dose=raw, taken=True)


def _split(cell: str) -> list[str]:
    return list(
        dict.fromkeys(part.strip() for part in cell.split(SEPARATOR) if part.strip())
    )


def _extras(owner: User, row: Row, weather: bool) -> ImportedDay | None:
    """Tags (ours where the name matches one, the rest as written), foods, and the
    weather as a note; ``None`` when the day has none of them."""
    by_name = {key.casefold(): key for key in TAGS} | {
        label.casefold(): key for key, label in TAGS.items()
    }
    tags, free_tags = [], []
    for tag in _split(row.cells["Tags"]):
        key = by_name.get(tag.casefold())
        if key is None:
            free_tags.append(tag)
        elif key not in tags:
            tags.append(key)
    foods = _split(row.cells["Foods"])
    note = "; ".join(
        _weather(column, row.cells[column])
        for column in (WEATHER if weather else ())
        if row.cells[column]
    )
    if not (tags or free_tags or foods or note):
        return None
    return ImportedDay(
        owner=owner,
        date=row.day,
        tags=tags,
        free_tags=free_tags,
        foods=foods,
        weather=note,
    )


def _weather(column: str, value: str) -> str:
    """“Light rain”, then “max temperature 11.2” and so on."""
    return (
        value if column == WEATHER[0] else f"{column.removeprefix('Weather ')} {value}"
    )


def _refuse_clashes(owner: User, batch: Batch, rows: Iterable[Row]) -> None:
    """Nothing imported before may be overwritten: a measure's rating, a
    treatment's entry or a day's extras already there stops the import."""
    by_day = {row.day: row.number for row in rows}
    if not by_day:
        return
    span = {"owner": owner, "date__gte": min(by_day), "date__lte": max(by_day)}
    taken = set(
        CustomMeasureValue.objects.filter(**span).values_list("measure__name", "date")
    )
    for value in batch.measure_values:
        if (value.measure.name, value.date) in taken:
            _reject(
                by_day[value.date],
                VALUE_EXISTS.format(name=value.measure.name, day=value.date),
            )
    entries = set(TreatmentEntry.objects.filter(**span).values_list("name", "date"))
    for entry in batch.treatments:
        if (entry.name, entry.date) in entries:
            _reject(
                by_day[entry.date], ENTRY_EXISTS.format(name=entry.name, day=entry.date)
            )
    days = set(ImportedDay.objects.filter(**span).values_list("date", flat=True))
    for extras in batch.days:
        if extras.date in days:
            _reject(by_day[extras.date], DAY_EXISTS.format(day=extras.date))
