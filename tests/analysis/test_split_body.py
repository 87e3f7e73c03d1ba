"""The split-body comparison (skingarden/analysis/split_body.py): the difference
kefir site minus carrier site, analysed as the primary outcome is. Simulated series
of known effect (fixed seeds) check that the estimate finds the side difference and
that a swing shared by both sides drops out."""

from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from skingarden.analysis.split_body import (
    DIFFERENCE_MEASURE,
    NOT_BLINDED,
    SiteDay,
    TopicalAdherence,
    analyse_split_body,
    difference_records,
    difference_spec,
)
from skingarden.analysis.verdict import CLEAR, NO_CHANGE, WORSE, decide
from skingarden.analysis.wording import short_unit
from tests.analysis.helpers import START, ar1_noise

ITCH = OutcomeSpec(
    measure="worst_itch",
    label="Worst itch",
    unit="points (0-10)",
    threshold=2.0,
    lower_is_better=True,
    lag=6,
)
# The default programme: 7 baseline days, a 6-day onset lag, 15 more topical days.
PHASES = ["baseline"] * 7 + ["lag"] * 6 + ["intervention"] * 15
SIDE_EFFECT = -1.5  # the kefir site falls 1.5 points more than the carrier site
SHARED_STEP = -2.5  # drinking kefir (or the season) eases both sites alike


def simulate(
    seed: int,
    *,
    side_effect: float = SIDE_EFFECT,
    shared: bool = True,
    site_sd: float = 0.5,
) -> list[SiteDay]:
    """Two sites with a large shared AR(1) swing and a shared step at the first
    topical day, small independent noise on each site, and ``side_effect`` on the
    kefir site after the lag (half of it during the lag)."""
    rng = np.random.default_rng(seed)
    swing = [2.0 * e for e in ar1_noise(rng, len(PHASES), 0.7)]
    days = []
    for n, phase in enumerate(PHASES):
        common = swing[n] + (SHARED_STEP if phase != "baseline" else 0.0)
        effect = {"lag": side_effect / 2, "intervention": side_effect}.get(phase, 0.0)
        kefir_noise, carrier_noise = rng.normal(0, site_sd, 2)
        days.append(
            SiteDay(
                day=START + timedelta(days=n),
                phase=phase,
                kefir_site=6.0 + (common if shared else 0.0) + effect + kefir_noise,
                carrier_site=5.5 + (common if shared else 0.0) + carrier_noise,
                applied=True if phase != "baseline" else None,
            )
        )
    return days


def test_the_estimate_recovers_the_side_difference():
    """Over 20 fixed seeds the 95% interval covers the true −1.5 in at least 17, and
    the estimates average within 0.25 of it (the shared swing, 4 times the site
    noise, would swamp a one-site analysis)."""
    estimates, covered = [], 0
    for seed in range(20):
        effect = analyse_split_body(simulate(seed), ITCH).difference.effect
        assert effect is not None
        estimates.append(effect.value)
        covered += effect.ci_low <= SIDE_EFFECT <= effect.ci_high
    assert covered >= 17
    assert float(np.mean(estimates)) == pytest.approx(SIDE_EFFECT, abs=0.25)


def test_a_swing_shared_by_both_sides_cancels():
    """The same site noise with and without a shared swing and step gives the same
    estimate; the kefir site alone would credit the shared step to the topical."""
    with_swing = analyse_split_body(simulate(3), ITCH).difference
    without = analyse_split_body(simulate(3, shared=False), ITCH).difference
    assert with_swing.effect is not None and without.effect is not None
    assert with_swing.effect.value == pytest.approx(without.effect.value, abs=1e-9)
    assert with_swing.effect.ci_low == pytest.approx(without.effect.ci_low, abs=1e-9)
    assert with_swing.effect.ci_high == pytest.approx(without.effect.ci_high, abs=1e-9)
    one_site = analyse_outcome(
        [
            replace(record, value=day.kefir_site)
            for record, day in zip(
                difference_records(simulate(3)), simulate(3), strict=True
            )
        ],
        ITCH,
    )
    assert one_site.effect is not None
    # Shared step plus side effect: about −4, far from the side difference, and the
    # shared swing makes its interval several times as wide.
    assert one_site.effect.value < SIDE_EFFECT + SHARED_STEP / 2
    one_width = one_site.effect.ci_high - one_site.effect.ci_low
    assert one_width > 4 * (with_swing.effect.ci_high - with_swing.effect.ci_low)


def test_no_side_difference_reads_as_no_clear_change():
    result = analyse_split_body(simulate(5, side_effect=0.0), ITCH).difference
    assert result.effect is not None
    assert result.effect.ci_low <= 0 <= result.effect.ci_high
    assert result.verdict.label == NO_CHANGE


def test_the_verdict_follows_the_written_rules():
    better = analyse_split_body(simulate(7, side_effect=-4.0), ITCH).difference
    worse = analyse_split_body(simulate(7, side_effect=3.0), ITCH).difference
    assert better.verdict.label == CLEAR
    assert worse.verdict.label == WORSE
    for result in (better, worse):
        assert result.effect is not None
        assert result.verdict == decide(
            result.effect.value,
            result.effect.ci_low,
            result.effect.ci_high,
            threshold=2.0,
            lower_is_better=True,
            unit=short_unit(ITCH.unit),
        )


def test_the_difference_is_kefir_site_minus_carrier_site():
    days = simulate(1)[:2]
    records = difference_records(days)
    assert [r.value for r in records] == [
        d.kefir_site - d.carrier_site  # type: ignore[operator]  # both rated here
        for d in days
    ]
    assert [r.phase for r in records] == ["baseline", "baseline"]


def test_a_day_with_either_site_unrated_is_missing_in_its_phase():
    days = simulate(2)
    for n in (1, 9):
        days[n] = replace(days[n], kefir_site=None)
    for n in (8, 20):
        days[n] = replace(days[n], carrier_site=None)
    days[21] = replace(days[21], kefir_site=None, carrier_site=None)
    result = analyse_split_body(days, ITCH)
    assert result.n_missing == {
        "baseline": 1,
        "lag": 2,
        "intervention": 2,
        "follow_up": 0,
    }
    assert result.difference.n_observed == {
        "baseline": 6,
        "lag": 4,
        "intervention": 13,
        "follow_up": 0,
    }
    assert [r.value for r in result.records].count(None) == 5


def test_adherence_counts_the_topical_days_only():
    days = simulate(4) + [
        SiteDay(
            day=START + timedelta(days=28 + n),
            phase="follow_up",
            kefir_site=5.0,
            carrier_site=5.0,
            applied=False,  # no topical is planned in the follow-up
        )
        for n in range(3)
    ]
    days[14] = replace(days[14], applied=False)
    days[15] = replace(days[15], applied=None)
    days[16] = replace(days[16], applied=False)
    result = analyse_split_body(days, ITCH)
    assert result.adherence == TopicalAdherence(
        topical_days=21, applied=18, not_applied=2, not_recorded=1
    )
    # The estimate on days applied as planned drops the three others after the lag.
    assert result.difference.n_adherent == 12
    assert result.difference.adherent is not None
    assert result.difference.follow_up_vs_baseline is not None


def test_the_participant_is_not_blinded():
    result = analyse_split_body(simulate(0), ITCH)
    assert result.blinded is False
    assert result.blinding == NOT_BLINDED


def test_the_difference_keeps_the_primary_threshold_direction_and_lag():
    spots = OutcomeSpec(
        measure="new_spots",
        label="New spots",
        unit="spots a day",
        threshold=1.0,
        lower_is_better=True,
        kind="count",
        prior_sd=1.5,
        lag=4,
    )
    spec = difference_spec(spots)
    assert (spec.unit, spec.threshold, spec.lower_is_better) == (
        "spots a day",
        1.0,
        True,
    )
    assert (spec.prior_sd, spec.lag) == (1.5, 4)
    assert spec.measure == DIFFERENCE_MEASURE
    assert spec.label == "New spots: kefir site minus carrier-only site"
    # A difference of two counts can be negative: it is not a count.
    assert spec.kind == "continuous"


def test_too_few_rated_days_give_not_enough_data():
    days = [
        replace(d, kefir_site=None) if d.phase == "intervention" and n % 3 else d
        for n, d in enumerate(simulate(6))
    ]
    result = analyse_split_body(days, ITCH).difference
    assert result.verdict.label == "not enough data"
    assert result.effect is None


def test_days_out_of_order_are_refused():
    days = simulate(0)
    days[3], days[4] = days[4], days[3]
    with pytest.raises(AnalysisError, match=r"Days must be in order, each day once\."):
        analyse_split_body(days, ITCH)
