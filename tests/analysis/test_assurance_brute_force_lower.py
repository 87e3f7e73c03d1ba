"""Issue 12 §3: the assurance of a 21-day programme (6-day lag), lower is better, a
7-day baseline with one unlogged day, against 1,000 brute-force runs of the full
analysis (tests/analysis/brute_force.py). 10-35 s with load; one scenario per module so
pytest-xdist runs the two on different workers."""

import pytest

from tests.analysis.brute_force import (
    assert_agrees,
    baseline_records,
    simulated_baseline,
)

# Pure and slow (10-35 s on a busy machine): CI runs it in the SQLite pass only.
pytestmark = pytest.mark.sqlite_only


def test_assurance_agrees_with_brute_force_when_lower_is_better(capsys):
    values: list[float | None] = list(simulated_baseline(2, rho=0.3, sd=1.2))
    values[2] = None
    assert_agrees(
        baseline_records(values),
        effect_size=2.0,
        lag=6,
        length=21,
        lower_is_better=True,
        capsys=capsys,
    )
