"""Read daily series from any CSV with a date, a value and a phase column. Pure.

Rows with a blank value are unlogged days. Several rows on one date (several
prompts a day) are averaged; if they carry different phases, the rows of the
phase most of them have are kept and the others left out, with a note. Dates
missing between the first and the last are unlogged days of the surrounding phase.
"""

import csv
import math
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import DayRecord

SINGLE_SERIES = "all"


@dataclass(frozen=True)
class Columns:
    date: str
    value: str
    phase: str
    series: str | None = None


@dataclass
class Series:
    name: str
    records: list[DayRecord]
    notes: list[str] = field(default_factory=list)


@dataclass
class _Row:
    line: int
    day: date
    value: float | None
    phase: str


def read_series(
    lines: Iterable[str],
    columns: Columns,
    *,
    baseline: str,
    intervention: str,
    lag: int,
    need_intervention: bool = True,
) -> list[Series]:
    """Parse, validate and shape every series in the file (``need_intervention``
    False: a file of baseline days alone, for planning).

    Raises
    ------
    AnalysisError
        Naming the row (line number in the file) of the first bad value, or the
        missing columns, or a phase label that never appears.
    """
    reader = csv.DictReader(lines)
    missing = [
        name
        for name in (columns.date, columns.value, columns.phase, columns.series)
        if name and name not in (reader.fieldnames or [])
    ]
    if missing:
        raise AnalysisError(
            f"The file has no column called {', '.join(map(repr, missing))}; "
            f"its columns are {', '.join(reader.fieldnames or [])}."
        )
    grouped: dict[str, list[_Row]] = defaultdict(list)
    for line, raw in enumerate(reader, start=2):
        name = raw[columns.series].strip() if columns.series else SINGLE_SERIES
        grouped[name].append(_row(line, raw, columns))
    if not grouped:
        raise AnalysisError("The file has no rows.")
    labels = {row.phase for rows in grouped.values() for row in rows}
    for label in (baseline, intervention) if need_intervention else (baseline,):
        if label not in labels:
            raise AnalysisError(
                f"No row has the phase “{label}”; the phases are "
                f"{', '.join(sorted(labels))}."
            )
    return [
        _shape(name, rows, baseline, intervention, lag)
        for name, rows in grouped.items()
    ]


def _row(line: int, raw: dict[str, str], columns: Columns) -> _Row:
    text = (raw.get(columns.date) or "").strip()
    try:
        day = (
            datetime.fromisoformat(text) if len(text) > 10 else date.fromisoformat(text)
        )
    except ValueError:
        raise AnalysisError(
            f"Row {line}: “{text}” is not a date (YYYY-MM-DD)."
        ) from None
    value_text = (raw.get(columns.value) or "").strip()
    value = None
    if value_text:
        try:
            value = float(value_text)
        except ValueError:
            raise AnalysisError(
                f"Row {line}: “{value_text}” is not a number."
            ) from None
        if not math.isfinite(value):
            raise AnalysisError(f"Row {line}: “{value_text}” is not a finite number.")
    phase = (raw.get(columns.phase) or "").strip()
    if not phase:
        raise AnalysisError(f"Row {line}: the phase is blank.")
    as_date = day.date() if isinstance(day, datetime) else day
    return _Row(line, as_date, value, phase)


def _shape(
    name: str, rows: list[_Row], baseline: str, intervention: str, lag: int
) -> Series:
    series = Series(name, [])
    by_day: dict[date, list[_Row]] = defaultdict(list)
    for row in rows:
        by_day[row.day].append(row)
    phases: dict[date, str] = {}
    values: dict[date, float | None] = {}
    for day, day_rows in sorted(by_day.items()):
        phase, kept = _majority(day_rows)
        if len(kept) < len(day_rows):
            series.notes.append(
                f"{day}: rows with two phases; {len(day_rows) - len(kept)} "
                f"of {len(day_rows)} left out (kept “{phase}”)."
            )
        logged = [r.value for r in kept if r.value is not None]
        phases[day] = phase
        values[day] = sum(logged) / len(logged) if logged else None
    repeated = sum(1 for day_rows in by_day.values() if len(day_rows) > 1)
    if repeated:
        series.notes.append(
            f"{repeated} date{'s' if repeated > 1 else ''} had several rows; "
            f"{'their values were' if repeated > 1 else 'its values were'} averaged."
        )
    series.records = _with_gaps(phases, values, baseline, intervention, lag)
    return series


def _majority(rows: list[_Row]) -> tuple[str, list[_Row]]:
    phase = Counter(r.phase for r in rows).most_common(1)[0][0]
    return phase, [r for r in rows if r.phase == phase]


def _with_gaps(
    phases: dict[date, str],
    values: dict[date, float | None],
    baseline: str,
    intervention: str,
    lag: int,
) -> list[DayRecord]:
    days = sorted(phases)
    records: list[DayRecord] = []
    run = 0
    previous = "other"
    day = days[0]
    while day <= days[-1]:
        label = phases.get(day) or _gap_phase(day, phases)
        kind = {baseline: "baseline", intervention: "intervention"}.get(label, "other")
        run = (
            run + 1
            if kind == "intervention" and previous == "intervention"
            else (1 if kind == "intervention" else 0)
        )
        kind_out = "lag" if kind == "intervention" and run <= lag else kind
        records.append(DayRecord(day, kind_out, values.get(day)))
        previous = kind
        day += timedelta(days=1)
    return records


def _gap_phase(day: date, phases: dict[date, str]) -> str:
    """A missing date takes the phase of the days either side when they agree."""
    before = max((d for d in phases if d < day), default=None)
    after = min((d for d in phases if d > day), default=None)
    if before and after and phases[before] == phases[after]:
        return phases[before]
    return "unknown"
