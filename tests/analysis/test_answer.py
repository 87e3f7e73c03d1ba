"""The answer in words (skingarden/analysis/answer.py) on real analysis output: both
directions of better, an interval crossing zero and one wholly on one side, a count
outcome, co-treatments and late entries. The figures in the sentences are the
analysis's own on these series (its numbers are checked against statsmodels and the
calibration study elsewhere); what is pinned here is how they are said."""

from dataclasses import replace

import pytest

from skingarden.analysis.answer import Answer, describe
from skingarden.analysis.outcome import OutcomeSpec, analyse_outcome
from skingarden.analysis.wording import Terms
from tests.analysis.helpers import records
from tests.analysis.test_cotreatments import CREAM, ITCH, rescue_series, series

ITCH_TERMS = Terms("worst itch", "points")
ENERGY_TERMS = Terms("energy", "points", lower_is_better=False)
ITCH_SPEC = OutcomeSpec("itch", "Worst itch", "points (0-10)", threshold=2.0)
ENERGY_SPEC = OutcomeSpec(
    "energy", "Energy", "points (0-10)", threshold=1.5, lower_is_better=False
)
BASELINE = [6, 7, 5, 6, 7, 6, 5]
FALLEN = [3, 2, 3, 4, 2, 3, 2, 3, 2, 3, 3, 2, 3, 2]


def answer(spec, baseline, kefir, terms) -> Answer:
    days = records(("baseline", baseline), ("intervention", kefir))
    return describe(analyse_outcome(days, spec), terms)


def test_lower_is_better_with_an_interval_crossing_zero():
    kefir = [6, 5, 7, 5, 6, 7, 5, 6, 5, 6, 7, 6, 5, 6]
    assert answer(ITCH_SPEC, BASELINE, kefir, ITCH_TERMS) == Answer(
        "no clear change",
        "The estimate, 0.2 points lower, is less than half the change that matters "
        "to you (2 points), and the 95 % interval (0.8 lower to 0.5 higher) "
        "includes no change.",
        "Your worst itch was 0.2 points lower on kefir days than at baseline "
        "(95 % interval: 0.8 lower to 0.5 higher).",
        "74 % chance that kefir days were better at all; less than 1 % that they "
        "were better by at least 2 points.",
        (),
    )


def test_lower_is_better_with_an_interval_wholly_on_the_better_side():
    assert answer(ITCH_SPEC, BASELINE, FALLEN, ITCH_TERMS) == Answer(
        "clear meaningful improvement",
        "The whole 95 % interval (3.9 lower to 2.9 lower) is on the lower (better) "
        "side, and the estimate, 3.4 points lower, reaches the change that matters "
        "to you (2 points).",
        "Your worst itch was 3.4 points lower on kefir days than at baseline "
        "(95 % interval: 3.9 lower to 2.9 lower).",
        "More than 99 % chance that kefir days were better at all; more than 99 % "
        "that they were better by at least 2 points.",
        (),
    )


def test_higher_is_better_with_an_interval_crossing_zero():
    kefir = [5, 6, 5, 4, 6, 5, 6, 5, 5, 6, 4, 5, 6, 6]
    result = answer(ENERGY_SPEC, [5, 6, 4, 6, 5, 4, 6], kefir, ENERGY_TERMS)
    assert result.effect == (
        "Your energy was 0.2 points higher on kefir days than at baseline "
        "(95 % interval: 0.4 lower to 0.7 higher)."
    )
    assert result.chances == (
        "75 % chance that kefir days were better at all; less than 1 % that they "
        "were better by at least 1.5 points."
    )
    assert result.reason == (
        "The estimate, 0.2 points higher, is less than half the change that matters "
        "to you (1.5 points), and the 95 % interval (0.4 lower to 0.7 higher) "
        "includes no change."
    )


def test_higher_is_better_with_an_interval_wholly_on_the_better_side():
    kefir = [6, 5, 7, 5, 6, 5, 6, 7, 5, 6, 6, 5, 7, 6]
    result = answer(ENERGY_SPEC, [5, 6, 4, 6, 5, 4, 6], kefir, ENERGY_TERMS)
    assert result.effect == (
        "Your energy was 0.7 points higher on kefir days than at baseline "
        "(95 % interval: 0.2 higher to 1.2 higher)."
    )
    assert result.reason == (
        "The whole 95 % interval (0.2 higher to 1.2 higher) is on the higher "
        "(better) side, but the estimate, 0.7 points higher, is less than half the "
        "change that matters to you (1.5 points)."
    )


def test_a_count_outcome_is_said_with_the_count_model_difference():
    spots = OutcomeSpec("new_spots", "New spots", "spots", threshold=1.0, kind="count")
    kefir = [1, 2, 1, 0, 2, 1, 1, 2, 0, 1, 1, 2, 1, 1]
    terms = Terms("new spots a day", "spots", plural=True)
    result = answer(spots, [3, 4, 2, 5, 3, 4, 3], kefir, terms)
    # The Poisson model: 3.43 spots a day at baseline, a third of that on kefir.
    assert result.effect == (
        "Your new spots a day were 2.3 spots lower on kefir days than at baseline "
        "(95 % interval: 2.7 lower to 1.8 lower)."
    )
    assert result.reason.endswith("reaches the change that matters to you (1 spot).")


def test_not_enough_data_has_no_effect_and_no_chances():
    result = answer(ITCH_SPEC, [6, 7, 5], FALLEN, ITCH_TERMS)
    assert (result.verdict, result.effect, result.chances) == (
        "not enough data",
        "",
        "",
    )


def test_an_imbalanced_co_treatment_is_said_with_the_adjusted_result():
    result = describe(
        analyse_outcome(series(7, 7, set(range(7, 20))), ITCH, co_treatments=CREAM),
        ITCH_TERMS,
    )
    assert result.warnings == (
        "Steroid cream was used on 0 of 7 baseline days and 13 of 15 kefir days "
        "after the lag, a difference that could move the result on its own; with "
        "those days taken into account, your worst itch was 0.1 points higher on "
        "kefir days than at baseline (95 % interval: 0.1 lower to 0.3 higher).",
    )


def test_use_that_follows_symptoms_is_said_and_no_result_is_claimed_from_it():
    result = describe(
        analyse_outcome(rescue_series(), ITCH, co_treatments=CREAM), ITCH_TERMS
    )
    assert result.warnings == (
        "Steroid cream was used on 1 of 7 baseline days and 9 of 15 kefir days "
        "after the lag, a difference that could move the result on its own.",
        "Steroid cream was used more often after days when your worst itch was "
        "higher: when use follows symptoms, taking it into account cannot separate "
        "its effect from kefir's, so no result is claimed from that analysis.",
    )


def test_a_cream_lined_up_with_the_phases_is_said_to_be_inseparable():
    result = describe(
        analyse_outcome(series(7, 7, set(range(7, 22))), ITCH, co_treatments=CREAM),
        ITCH_TERMS,
    )
    assert result.warnings == (
        "Steroid cream was used on 0 of 7 baseline days and 15 of 15 kefir days "
        "after the lag, a difference that could move the result on its own, and "
        "the use of steroid cream lines up with the phases, so its effect cannot be "
        "told apart from kefir's.",
    )


@pytest.mark.parametrize(
    ("late", "expected"),
    [
        (
            {1, 9, 10},
            "3 days were logged more than a day late (1 baseline, 2 kefir); without "
            "them, your worst itch was 3.4 points lower on kefir days than at "
            "baseline (95 % interval: 3.9 lower to 2.8 lower).",
        ),
        (
            {0, 1, 2, 3},
            "4 days were logged more than a day late (4 baseline). Without the late "
            "entries there are 3 baseline and 14 kefir days after the lag, too few "
            "to estimate the effect again.",
        ),
    ],
)
def test_late_entries_are_counted_and_said_with_the_result_without_them(late, expected):
    days = records(("baseline", BASELINE), ("intervention", FALLEN))
    days = [replace(r, late=k in late) for k, r in enumerate(days)]
    result = describe(analyse_outcome(days, ITCH_SPEC), ITCH_TERMS)
    assert result.warnings == (expected,)
