"""Plain builders for the analysis tests: consecutive days, one phase after another."""

import json
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

import numpy as np

from skingarden.analysis.outcome import DayRecord
from tests.datafiles import ANALYSIS_VECTORS

START = date(2026, 3, 2)


def vector(case_id: str) -> dict[str, Any]:
    """One case of the analysis fixture file, by id (a missing case is a failure)."""
    cases = json.loads(ANALYSIS_VECTORS.read_text(encoding="utf-8"))["cases"]
    (case,) = [c for c in cases if c["id"] == case_id]
    return dict(case)


def records(
    *phases: tuple[str, Sequence[float | None]], start: date = START
) -> list[DayRecord]:
    """Consecutive days: ``records(("baseline", [5, 6]), ("intervention", [3]))``."""
    values = [(phase, value) for phase, chunk in phases for value in chunk]
    return [
        DayRecord(start + timedelta(days=k), phase, value)
        for k, (phase, value) in enumerate(values)
    ]


def ar1_noise(rng: np.random.Generator, n: int, rho: float) -> list[float]:
    """Stationary AR(1) errors with unit innovation variance."""
    errors = [float(rng.normal(0, 1 / np.sqrt(1 - rho**2)))]
    for _ in range(n - 1):
        errors.append(rho * errors[-1] + float(rng.normal()))
    return errors


CALIBRATION_SIMULATIONS = 500


def assert_calibrated(rho: float, capsys: Any) -> None:
    """Issue 4 §2: over 500 simulated 7 + 21-day series the 95% interval covers the
    true effect in 90-98% of runs. Prints the row of the coverage table."""
    from skingarden.analysis import calibration

    result = calibration.coverage(rho, CALIBRATION_SIMULATIONS)
    with capsys.disabled():
        print("\n" + calibration.table([result]).splitlines()[-1])
    assert result.simulations == CALIBRATION_SIMULATIONS
    assert 0.90 <= result.ar1 <= 0.98
