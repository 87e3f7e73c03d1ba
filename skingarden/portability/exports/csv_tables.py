"""The CSV export's tables: tidy long rows, a wide table of programme days, and
the imported tracking by day. A blank cell means "not recorded", never zero.

Every text cell written to a CSV file that begins with ``=``, ``+``, ``-``, ``@``,
a tab or a carriage return gets a single quote in front (OWASP's advice on CSV
injection), so that a spreadsheet shows it as text instead of running it as a
formula: a note, a name, a tag or a column header can come from anyone's
keyboard or an imported file. Numbers are never touched: a cell is text or a
number by its value's type, not by how it looks, so -3 stays a number and the
text "-3" becomes '-3.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from skingarden.instruments.models import InstrumentResponse
from skingarden.portability.models import SCALE_HIGH
from skingarden.portability.selectors import (
    ImportedTracking,
    ParticipantData,
    ProgrammeRecords,
)
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import CheckIn, Phase

LONG_FILE, DAILY_FILE = "long.csv", "daily.csv"
IMPORTED_FILE, DICTIONARY_FILE = "imported-daily.csv", "data-dictionary.csv"
LONG_COLUMNS = ("date", "measure", "value", "unit", "phase", "programme", "source")
DAILY_LEAD = ("date", "programme", "phase")
SITE_COLUMNS = ("site_kefir", "site_carrier")
DAILY_TAIL = (
    "topical_applied",
    "topical_side",
    "topical_carrier",
    "topical_ratio",
    *SITE_COLUMNS,
    "products",
    "tags",
    "red_flags",
    "note",
    "form_version",
)
IMPORTED_TAIL = ("tags", "free_tags", "foods", "weather")
SOURCES = ("checkin", "instrument", "imported")
TOPICAL_APPLIED = "topical_applied"
YES_NO_UNIT = "1 = yes, 0 = no"
IMPORTED_UNIT = f"points (0-{SCALE_HIGH})"
CLINICIAN_SUFFIX = ":clinician"
LIST_SEPARATOR = "; "
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_text(rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerows([[csv_cell(value) for value in row] for row in rows])
    return out.getvalue()


def csv_cell(value: Any) -> str:
    """A value as a CSV cell, text that a spreadsheet would run neutralised."""
    text = cell(value)
    if isinstance(value, str | list) and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal | float):
        return f"{float(value):g}"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(map(str, value))
    return str(value)


def phase_on(phases: Sequence[Phase], day: date) -> str:
    return next((p.kind for p in phases if p.contains(day)), "")


@dataclass(frozen=True)
class LongRow:
    day: date
    measure: str
    value: Any
    unit: str
    phase: str
    programme: str
    source: str


def long_rows(data: ParticipantData) -> list[tuple[Any, ...]]:
    """One row per observed value, ordered by day, programme, source and measure."""
    order = {
        name: n for n, name in enumerate([*MEASURES, TOPICAL_APPLIED, *SITE_COLUMNS])
    }
    keyed: list[tuple[tuple[Any, ...], LongRow]] = []
    for position, records in enumerate(data.programmes):
        keyed += [
            ((row.day, position, 0, order[row.measure], ""), row)
            for row in _checkin_rows(records)
        ]
        keyed += [
            ((row.day, position, 1, 0, row.measure), row)
            for row in _response_rows(records.responses, records)
        ]
    last = len(data.programmes)
    keyed += [
        ((row.day, last, 1, 0, row.measure), row)
        for row in _response_rows(data.responses)
    ]
    keyed += [
        ((row.day, last, 2, 0, row.measure), row)
        for row in _imported_rows(data.imported)
    ]
    keyed.sort(key=lambda item: item[0])
    return [
        (r.day, r.measure, r.value, r.unit, r.phase, r.programme, r.source)
        for _, r in keyed
    ]


def _checkin_rows(records: ProgrammeRecords) -> Iterable[LongRow]:
    code = str(records.programme.code)
    for checkin in records.checkins:
        phase = phase_on(records.phases, checkin.date)
        for key, measure in MEASURES.items():
            value = getattr(checkin, key)
            if value is not None:
                yield LongRow(
                    checkin.date, key, value, measure.unit, phase, code, "checkin"
                )
        if checkin.topical_applied is not None:
            value = int(checkin.topical_applied)
            yield LongRow(
                checkin.date,
                TOPICAL_APPLIED,
                value,
                YES_NO_UNIT,
                phase,
                code,
                "checkin",
            )
        unit = MEASURES[records.programme.primary_measure].unit
        for name in SITE_COLUMNS:
            value = getattr(checkin, name)
            if value is not None:
                yield LongRow(checkin.date, name, value, unit, phase, code, "checkin")


def response_measure(response: InstrumentResponse) -> str:
    clinician = response.rated_by == InstrumentResponse.Rater.CLINICIAN
    return response.instrument_id + (CLINICIAN_SUFFIX if clinician else "")


def _response_rows(
    responses: Iterable[InstrumentResponse], records: ProgrammeRecords | None = None
) -> Iterable[LongRow]:
    """Scored totals; outside a programme, phase and programme are blank."""
    code = str(records.programme.code) if records else ""
    phases = records.phases if records else []
    for response in responses:
        if response.total is not None:
            yield LongRow(
                response.date,
                response_measure(response),
                response.total,
                "points",
                phase_on(phases, response.date),
                code,
                "instrument",
            )


def _imported_rows(imported: ImportedTracking) -> Iterable[LongRow]:
    for measure in imported.measures:
        name = imported.label(measure)
        for value in measure.values.all():
            yield LongRow(
                value.date, name, value.value, IMPORTED_UNIT, "", "", "imported"
            )


def daily_table(data: ParticipantData, *, today: date) -> list[Sequence[Any]]:
    """One row per programme day up to today, logged or not."""
    table: list[Sequence[Any]] = [(*DAILY_LEAD, *MEASURES, *DAILY_TAIL)]
    for records in data.programmes:
        by_day = {checkin.date: checkin for checkin in records.checkins}
        code = str(records.programme.code)
        for day in _programme_days(records, today, by_day):
            checkin = by_day.get(day)
            table.append(
                (day, code, phase_on(records.phases, day), *_daily_cells(checkin))
            )
    return table


def _programme_days(
    records: ProgrammeRecords, today: date, logged: Iterable[date]
) -> list[date]:
    programme = records.programme
    last = min(
        day
        for day in (programme.end_date, programme.ended_on, today)
        if day is not None
    )
    span = (last - programme.start_date).days + 1
    days = {programme.start_date + timedelta(days=n) for n in range(max(span, 0))}
    return sorted(days | set(logged))  # a logged day is never dropped


def _daily_cells(checkin: CheckIn | None) -> list[Any]:
    if checkin is None:
        return [None] * (len(MEASURES) + len(DAILY_TAIL))
    return [getattr(checkin, name) for name in (*MEASURES, *DAILY_TAIL)]


def imported_table(imported: ImportedTracking) -> list[Sequence[Any]]:
    """One row per day with imported tracking: each measure and treatment in its
    own column, as Flaredown lays it out."""
    measures = [imported.label(m) for m in imported.measures]
    treatments = sorted({entry.name for entry in imported.treatments})
    cells: dict[date, dict[str, Any]] = {}
    for measure in imported.measures:
        for value in measure.values.all():
            cells.setdefault(value.date, {})[f"m:{measure.pk}"] = value.value
    for entry in imported.treatments:
        shown = (entry.dose or "Taken") if entry.taken else "Not taken"
        cells.setdefault(entry.date, {})[f"t:{entry.name}"] = shown
    for extras in imported.days:
        cells.setdefault(extras.date, {}).update(
            {name: getattr(extras, name) for name in IMPORTED_TAIL}
        )
    keys = [f"m:{m.pk}" for m in imported.measures] + [f"t:{n}" for n in treatments]
    table: list[Sequence[Any]] = [("date", *measures, *treatments, *IMPORTED_TAIL)]
    for day in sorted(cells):
        row = cells[day]
        table.append(
            (day, *(row.get(key) for key in keys), *(row.get(n) for n in IMPORTED_TAIL))
        )
    return table


def imported_cells(imported: ImportedTracking) -> list[list[str]]:
    """The imported-tracking table as the text of its cells (for the page)."""
    return [[cell(value) for value in row] for row in imported_table(imported)]
