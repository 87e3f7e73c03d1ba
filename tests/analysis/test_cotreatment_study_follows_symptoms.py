"""Issue 12 §2 (b): a steroid cream used on every day after a day with itch 7 or
more (the demo's rule, a day later), with kefir lowering itch by 1.5
(skingarden/analysis/cotreatment_study.py). Over 300 simulated programmes the check
finds that use follows symptoms, says adjustment cannot separate the two, and no
clear result rests on the adjusted analysis."""

import pytest

from skingarden.analysis.cotreatment_study import study, table

# Pure and slow (10-35 s on a busy machine): CI runs it in the SQLite pass only.
pytestmark = pytest.mark.sqlite_only

RUNS = 300


def test_use_following_symptoms_is_found_and_no_clear_result_rests_on_adjustment(
    capsys,
):
    result = study("follows_symptoms", RUNS)
    with capsys.disabled():
        print("\n" + table([result]).splitlines()[-1])
    assert result.follows_symptoms >= 0.95 * RUNS
    # Rule 6: with an imbalance, a "clear" needs the adjusted analysis's support,
    # which it cannot give when use follows symptoms.
    assert result.clear_confirmed_by_adjusted == 0
    assert result.adjusted_clear_usable <= RUNS - result.follows_symptoms
