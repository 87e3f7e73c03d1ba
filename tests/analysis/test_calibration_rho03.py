"""Calibration at ρ = 0.3 (issue 4 §2): over 500 simulated 7 + 21-day series with
AR(1) errors, a 6-day onset lag and 3 unlogged days (skingarden.analysis.calibration),
the 95% interval must cover the true effect (-1) in 90-98% of runs.

One ρ per module so that pytest-xdist (--dist loadfile) runs the three on different
workers; each takes about 6-12 s. The table in docs/analysis.md is these numbers.
"""

from tests.analysis.helpers import assert_calibrated


def test_interval_covers_the_true_effect_90_to_98_percent_at_rho_0_3(capsys):
    assert_calibrated(0.3, capsys)
