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

LATE_AFTER_DAYS = 2  # an entry this many days or more after its day is late


def is_late(day: date, entered_on: date | None) -> bool:
    """Entered two or more days after the day it describes (docs/analysis.md §16):
    the next morning's entry for yesterday is still a 24-hour recall."""
    return entered_on is not None and (entered_on - day).days >= LATE_AFTER_DAYS


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
    late: int = 0  # logged days entered more than a day late


def phase_rows(records: Sequence[DayRecord]) -> list[PhaseRow]:
    """Days, logged days, missing days, mean and SD of one outcome in each phase,
    and the logged days entered more than a day late."""
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
                sum(1 for r in days if r.late and r.value is not None),
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
SITE_FIELDS = ("site_kefir", "site_carrier")
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
    Column(
        "late",
        "Late",
        "Entered two or more days after the day it describes, so more than a day "
        "late for a 24-hour recall; left out in a sensitivity analysis.",
    ),
)


# A split-body programme's appendix adds each site's rating after the daily measures.
SITE_COLUMNS = (
    Column(
        "site_kefir",
        "Kefir site",
        "Split body: the primary measure rated on the site that got kefir in the "
        "carrier, on the same scale.",
    ),
    Column(
        "site_carrier",
        "Carrier site",
        "Split body: the primary measure rated on the matched site that got the "
        "carrier alone, on the same scale.",
    ),
)


def raw_columns(*, split_body: bool) -> tuple[Column, ...]:
    if not split_body:
        return RAW_COLUMNS
    at = len(DAILY_FIELDS) + 2  # after the date, the phase and the daily measures
    return (*RAW_COLUMNS[:at], *SITE_COLUMNS, *RAW_COLUMNS[at:])


def raw_rows(
    days: Iterable[tuple[date, str]],
    checkins: Mapping[date, Any],
    planned_ml: Mapping[date, int],
    columns: Sequence[Column] = RAW_COLUMNS,
) -> list[list[str]]:
    """One row of text cells per analysed day, in the order of ``columns``; blank =
    not logged."""
    rows = []
    for day, phase in days:
        log = checkins.get(day)
        cells = {
            "date": day.isoformat(),
            "phase": SHORT_PHASE_NAMES[phase],
            **{field: _cell(log, field) for field in (*DAILY_FIELDS, *SITE_FIELDS)},
            "planned_ml": str(planned_ml.get(day, 0)),
            "topical": _yes_no(getattr(log, "topical_applied", None)),
            "products": _labels(getattr(log, "products", []), PRODUCTS),
            "tags": _labels(getattr(log, "tags", []), TAGS),
            "red_flags": _labels(getattr(log, "red_flags", []), {}),
            "late": "yes" if log is not None and is_late(day, log.entered_on) else "",
        }
        rows.append([cells[column.field] for column in columns])
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
