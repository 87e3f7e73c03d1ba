"""Issue 12 §2 (a): a steroid cream used on 85 % of baseline days and 15 % of kefir
days, chosen without regard to itch, lowering itch by 1.5 on its days, and no kefir
effect (skingarden/analysis/cotreatment_study.py). Over 300 simulated programmes
the imbalance is flagged and the adjusted 95 % interval covers the true effect,
zero, in 90-98 % of runs. One scenario per module so pytest-xdist runs the two on
different workers (6-20 s each with load)."""

import pytest

from skingarden.analysis.cotreatment_study import study, table

# Pure and slow (10-35 s on a busy machine): CI runs it in the SQLite pass only.
pytestmark = pytest.mark.sqlite_only

RUNS = 300


def test_the_warning_fires_and_the_adjusted_interval_covers_zero(capsys):
    result = study("independent", RUNS)
    with capsys.disabled():
        print("\n" + table([result]).splitlines()[-1])
    # With 7 baseline days a share of 85 % can come out as low as 3 of 7; in the
    # runs where the shares happen to differ by less than 20 points, the rule
    # (exactly tested in test_cotreatments.py) correctly stays silent.
    assert result.warned >= 0.98 * RUNS
    assert result.adjusted_fitted == result.warned
    assert 0.90 <= result.adjusted_coverage <= 0.98
    # The primary analysis, blind to the cream, misses zero far more often.
    assert result.primary_coverage < 0.85
    assert result.true_effect == 0.0
