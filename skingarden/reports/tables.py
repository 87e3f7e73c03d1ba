"""The report's tables: observed and missing days per phase, the raw daily table
and its data dictionary. Pure, no Django."""

import statistics
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from skingarden.analysis.outcome import DayRecord
from skingarden.programmes.catalogue import MEASURES, PRODUCTS, TAGS

SHORT_PHASE_NAMES = {
    "baseline": "baseline",
    "lag": "lag",
    "intervention": "kefir",
    "follow_up": "follow-up",
}
PHASE_NAMES = {
    "baseline": "Baseline (no kefir)",
    "lag": "Onset lag (first kefir days)",
    "intervention": "Kefir, after the lag",
    "follow_up": "Follow-up (no kefir)",
}


@dataclass(frozen=True)
class PhaseRow:
    phase: str
    name: str
    days: int
    observed: int
    missing: int
    mean: float | None
    sd: float | None


def phase_rows(records: Sequence[DayRecord]) -> list[PhaseRow]:
    """Days, logged days, missing days, mean and SD of one outcome in each phase."""
    rows = []
    for phase, name in PHASE_NAMES.items():
        days = [r for r in records if r.phase == phase]
        if not days:
            continue
        values = [float(r.value) for r in days if r.value is not None]
        rows.append(
            PhaseRow(
                phase,
                name,
                len(days),
                len(values),
                len(days) - len(values),
                statistics.fmean(values) if values else None,
                statistics.stdev(values) if len(values) > 1 else None,
            )
        )
    return rows


@dataclass(frozen=True)
class Column:
    field: str
    heading: str
    meaning: str


def _measure_column(key: str) -> Column:
    m = MEASURES[key]
    return Column(key, m.short, f"{m.label}; {m.low}-{m.high} {m.unit}. {m.validated}")


# Every daily measure, in the order of the log form.
DAILY_FIELDS = tuple(MEASURES)
RAW_COLUMNS = (
    Column("date", "Date", "The day the log describes (24-hour recall), ISO 8601."),
    Column(
        "phase",
        "Phase",
        "The analysis phase: baseline; lag (the first kefir days, the onset lag); "
        "kefir (after the lag); follow-up.",
    ),
    *(_measure_column(key) for key in DAILY_FIELDS),
    Column("planned_ml", "Planned", "Kefir planned for the day by the protocol, ml."),
    Column(
        "topical",
        "Topical",
        "Topical kefir applied that day: yes, no, or blank if not recorded.",
    ),
    Column("products", "Products", "Skin products and treatments used that day."),
    Column("tags", "Tags", "Things that may affect the skin, as logged."),
    Column("red_flags", "Red flags", "Warning signs answered yes that day."),
    Column("late", "Late", "Logged on a later day (recall may be less accurate)."),
)


def raw_rows(
    days: Iterable[tuple[date, str]],
    checkins: Mapping[date, Any],
    planned_ml: Mapping[date, int],
) -> list[list[str]]:
    """One row of text cells per analysed day, in RAW_COLUMNS order; blank = not
    logged."""
    rows = []
    for day, phase in days:
        log = checkins.get(day)
        rows.append(
            [
                day.isoformat(),
                SHORT_PHASE_NAMES[phase],
                *(_cell(log, field) for field in DAILY_FIELDS),
                str(planned_ml.get(day, 0)),
                _yes_no(getattr(log, "topical_applied", None)),
                _labels(getattr(log, "products", []), PRODUCTS),
                _labels(getattr(log, "tags", []), TAGS),
                _labels(getattr(log, "red_flags", []), {}),
                "yes" if log is not None and log.is_late else "",
            ]
        )
    return rows


def _cell(log: Any, field: str) -> str:
    value = getattr(log, field, None) if log is not None else None
    return "" if value is None else str(value)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else "yes" if value else "no"


def _labels(keys: Sequence[str], names: Mapping[str, str]) -> str:
    """The keys' names, or the keys themselves where there is no name."""
    return "; ".join(names.get(key, key) for key in keys)


@dataclass(frozen=True)
class UseCount:
    label: str
    by_phase: dict[str, int]
    total: int


def use_counts(
    records: Sequence[tuple[str, Sequence[str]]], names: Mapping[str, str]
) -> list[UseCount]:
    """How many logged days in each phase mention each product or tag."""
    counts: dict[str, Counter[str]] = {}
    for phase, keys in records:
        for key in keys:
            counts.setdefault(key, Counter())[phase] += 1
    return [
        UseCount(names.get(key, key), dict(by_phase), sum(by_phase.values()))
        for key, by_phase in sorted(counts.items(), key=lambda kv: -kv[1].total())
    ]
