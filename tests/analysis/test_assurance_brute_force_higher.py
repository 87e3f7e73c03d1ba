"""Issue 12 §3: the assurance of a 28-day programme (3-day lag), higher is better, a
10-day baseline drawn with ρ = 0.6, with a gap and its last day unlogged, against
1,000 brute-force runs of the full analysis (tests/analysis/brute_force.py)."""

import pytest

from tests.analysis.brute_force import (
    assert_agrees,
    baseline_records,
    simulated_baseline,
)

# Pure and slow (10-35 s on a busy machine): CI runs it in the SQLite pass only.
pytestmark = pytest.mark.sqlite_only


def test_assurance_agrees_with_brute_force_when_higher_is_better(capsys):
    values: list[float | None] = list(simulated_baseline(4, rho=0.6, sd=1.0, n=10))
    values[4] = values[9] = None
    assert_agrees(
        baseline_records(values),
        effect_size=1.5,
        lag=3,
        length=28,
        lower_is_better=False,
        capsys=capsys,
    )
