"""The plain values every analysis module shares: one day's record, an outcome's
specification, an estimate with its interval, and the phase-mean design the
primary estimand is fitted with. Pure; kept apart from ``outcome`` so that the
sensitivity analyses (co-treatments, late entries) can use them without an import
cycle.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import numpy as np

from skingarden.analysis.ar1 import ContrastEstimate

PHASES = ("baseline", "lag", "intervention", "follow_up")


@dataclass(frozen=True)
class DayRecord:
    day: date
    phase: str
    value: float | None
    adherent: bool | None = None  # the dose was taken as planned (kefir days)
    # Entered more than a day after the day it describes (a 24-hour recall made late).
    late: bool = False
    # The co-treatments used that day; None when nothing is known about the day.
    co_treatments: frozenset[str] | None = None


@dataclass(frozen=True)
class OutcomeSpec:
    measure: str
    label: str
    unit: str
    threshold: float
    lower_is_better: bool = True
    kind: str = "continuous"  # or "count"
    prior_sd: float = 2.0
    lag: int = 0


@dataclass(frozen=True)
class Estimate:
    value: float
    ci_low: float
    ci_high: float

    @classmethod
    def of(cls, fit: ContrastEstimate) -> "Estimate":
        return cls(fit.estimate, fit.ci_low, fit.ci_high)


def phase_design(observed: Sequence[DayRecord]) -> tuple[np.ndarray, list[str]]:
    """Intercept (the baseline mean) and one indicator per other phase present."""
    phases = [
        p
        for p in ("lag", "intervention", "follow_up")
        if any(r.phase == p for r in observed)
    ]
    columns = [np.ones(len(observed))]
    columns += [
        np.array([1.0 if r.phase == p else 0.0 for r in observed]) for p in phases
    ]
    return np.column_stack(columns), ["baseline", *phases]


def contrast(names: list[str], plus: str, minus: str | None = None) -> np.ndarray:
    vector = np.zeros(len(names))
    vector[names.index(plus)] = 1.0
    if minus is not None and minus != "baseline":
        vector[names.index(minus)] = -1.0
    return vector


def value_of(record: DayRecord) -> float:
    assert record.value is not None  # noqa: S101 - only logged days reach the models
    return float(record.value)


def day_numbers(records: Sequence[DayRecord], first: date) -> list[int]:
    return [(r.day - first).days for r in records]
