"""A Flaredown CSV as a header and dated rows, checked for shape only.

Flaredown's ``DataExportJob`` writes ``Date``, then one column per condition, per
symptom and per treatment (in that order), then ``Tags`` and ``Foods`` and, in
exports since October 2021, six weather columns. Before November 2021 ``Date``
held a date (``2019-04-01``); since then it holds the check-in's date with the
time it was saved and an offset (``2024-03-05T14:22:31+00:00``). The day the
person logged is the date as written: the time is only the server's clock.

Rows are numbered as a spreadsheet shows them: the header is row 1.
"""

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import NoReturn

from django.core.exceptions import ValidationError

from skingarden.portability.imports.json_text import NUL
from skingarden.portability.models import NAME_LENGTH

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
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# Ruby's DateTime#to_s, as Flaredown writes it; a UTC "Z" is read the same way.
DATE_TIME = re.compile(
    r"(\d{4}-\d{2}-\d{2})T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"
)

NOT_CSV = "This is not a CSV file Flaredown wrote: {reason}."
EMPTY = "The file is empty."
NO_ROWS = "The file has a header but no check-ins."
FIRST_COLUMN = "the first column must be “Date”, so this is not a Flaredown export."
LAST_COLUMNS = (
    "the last columns must be “Tags” and “Foods”, then (in newer exports) the six "
    "weather columns, so this is not a Flaredown export."
)
# Flaredown writes a column per condition, symptom and treatment ever tracked: a
# few dozen. A cap keeps a hostile header from costing a measure per column.
MAX_NAMES = 1000
TOO_MANY_NAMES = (
    "the file has {count} condition, symptom and treatment columns; at most {limit} "
    "can be imported."
)
BLANK_NAME = "column {column} has no name."
LONG_NAME = "the column name “{name}…” is longer than {limit} characters."
RESERVED_NAME = "“{name}” is a column of its own in Flaredown's file, not a name."
CELL_COUNT = "it has {cells} cells, but the header has {expected}."
BAD_DATE = (
    "“{value}” is not a date written as YYYY-MM-DD, nor as Flaredown's date and "
    "time (YYYY-MM-DDTHH:MM:SS+00:00)."
)
FUTURE = "{day} has not happened yet."


def reject(row: int, reason: str, column: str = "") -> NoReturn:
    """Stop the import at ``row`` (and ``column``, already quoted)."""
    where = f"Row {row}" + (f", {column}" if column else "")
    raise ValidationError(f"{where}: {reason}")


def quoted(name: str) -> str:
    return f"“{name}”"


@dataclass(frozen=True)
class Row:
    number: int
    day: date
    cells: list[str]  # the name columns', stripped, in the header's order
    tags: str
    foods: str
    weather: list[str]  # empty when the file has no weather columns


@dataclass(frozen=True)
class Table:
    names: list[str]  # the columns between Date and Tags; a name may repeat
    weather: bool
    rows: list[Row]


def read_table(text: str, today: date) -> Table:
    records = _records(text)
    if not records:
        raise ValidationError(EMPTY)
    _, header = records[0]
    names, weather = _check_header([name.strip() for name in header])
    if len(records) == 1:
        raise ValidationError(NO_ROWS)
    if "\x00" in text:
        reject(*_first_nul(records))
    width = len(header)
    rows = [_row(number, record, width, names, today) for number, record in records[1:]]
    return Table(names, weather, rows)


def _records(text: str) -> list[tuple[int, list[str]]]:
    """Every non-blank record with its row number (a blank line is a row too)."""
    try:
        return [
            (number, record)
            for number, record in enumerate(csv.reader(io.StringIO(text)), start=1)
            if record
        ]
    except csv.Error as error:
        raise ValidationError(NOT_CSV.format(reason=error)) from None


def _check_header(header: list[str]) -> tuple[list[str], bool]:
    if header[0] != DATE:
        reject(1, FIRST_COLUMN)
    weather = tuple(header[-len(WEATHER) :]) == WEATHER
    tail_start = len(header) - (len(WEATHER) if weather else 0) - len(TAIL)
    if tail_start < 1 or tuple(header[tail_start : tail_start + len(TAIL)]) != TAIL:
        reject(1, LAST_COLUMNS)
    names = header[1:tail_start]
    if len(names) > MAX_NAMES:
        reject(1, TOO_MANY_NAMES.format(count=len(names), limit=MAX_NAMES))
    for column, name in enumerate(names, start=2):
        if not name:
            reject(1, BLANK_NAME.format(column=column))
        if len(name) > NAME_LENGTH:
            reject(1, LONG_NAME.format(name=name[:NAME_LENGTH], limit=NAME_LENGTH))
        if name in (DATE, *TAIL, *WEATHER):
            reject(1, RESERVED_NAME.format(name=name))
    return names, weather


def _first_nul(records: Sequence[tuple[int, list[str]]]) -> tuple[int, str, str]:
    """Where the first null character is: row, the reason, the column."""
    header = records[0][1]
    for number, record in records:
        for column, value in enumerate(record):
            if "\x00" in value:
                name = header[column].strip() if column < len(header) else ""
                return number, NUL, quoted(name) if name else ""
    return 1, NUL, ""  # unreachable: the text holds one, so some cell does


def _row(
    number: int, record: list[str], width: int, names: list[str], today: date
) -> Row:
    if len(record) != width:
        reject(number, CELL_COUNT.format(cells=len(record), expected=width))
    cells = [value.strip() for value in record]
    count = len(names)
    return Row(
        number,
        _day(number, cells[0], today),
        cells[1 : 1 + count],
        cells[1 + count],
        cells[2 + count],
        cells[3 + count :],
    )


def _day(number: int, value: str, today: date) -> date:
    day = _written_date(value)
    if day is None:
        reject(number, BAD_DATE.format(value=value), quoted(DATE))
    if day > today:
        reject(number, FUTURE.format(day=day), quoted(DATE))
    return day


def _written_date(value: str) -> date | None:
    """The calendar date as written, or None. A date-time must be a real moment
    (no 25 o'clock), but its offset is not applied: the date is the person's."""
    moment = DATE_TIME.fullmatch(value)
    try:
        if moment:
            datetime.fromisoformat(value)
            return date.fromisoformat(moment.group(1))
        return date.fromisoformat(value) if ISO_DATE.fullmatch(value) else None
    except ValueError:
        return None
