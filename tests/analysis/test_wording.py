"""The wording rules of skingarden/analysis/wording.py (docs/analysis.md §14): one
decimal, half away from zero, on the number as written; directions in words; the
issue's own example sentences (issue 12 §1 and §3) as expected values."""

import math

import pytest

from skingarden.analysis.outcome import OutcomeSpec
from skingarden.analysis.wording import (
    NO_LENGTHS,
    NOT_A_NUMBER,
    NOT_A_PROBABILITY,
    Terms,
    a_chance,
    assurance_sentence,
    chances_sentence,
    change,
    effect_sentence,
    interval,
    number,
    percent,
    quantity,
    rounded,
    setting,
)

ITCH = Terms("worst itch", "points")
ENERGY = Terms("energy", "points", lower_is_better=False)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0.05, "0.1"),  # half away from zero, though the float is below 0.05
        (-0.05, "-0.1"),
        (2.65, "2.7"),  # the float 2.65 is 2.6499999…; round() gives 2.6
        (-2.65, "-2.7"),
        (0.25, "0.3"),  # round() would give 0.2 (half to even)
        (1.04999, "1.0"),
        (0.04, "0.0"),
        (-1.05, "-1.1"),
    ],
)
def test_one_decimal_half_away_from_zero(value, expected):
    assert str(rounded(value)) == expected


def test_python_round_would_differ_which_is_why_it_is_not_used():
    assert (round(2.65, 1), round(0.25, 1)) == (2.6, 0.2)


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan])
def test_a_non_finite_number_is_refused(value):
    with pytest.raises(ValueError) as raised:
        rounded(value)
    assert str(raised.value) == NOT_A_NUMBER.format(value=value)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (-1.05, "points", "1.1 points lower"),
        (1.10, "", "1.1 higher"),
        (-0.05, "", "0.1 lower"),
        (0.05, "points", "0.1 points higher"),
        (-0.04, "", "less than 0.1 lower"),  # not zero: the direction is kept
        (0.0001, "points", "less than 0.1 points higher"),
        (0.0, "points", "no change"),
        (-0.0, "", "no change"),
    ],
)
def test_a_difference_is_a_direction_in_words(value, unit, expected):
    assert change(value, unit) == expected


def test_the_issue_example_sentence():
    # Issue 12 §1: an estimate of −1.05 with an interval of −2.66 to 1.10.
    assert effect_sentence(-1.05, -2.66, 1.10, ITCH) == (
        "Your worst itch was 1.1 points lower on kefir days than at baseline "
        "(95 % interval: 2.7 lower to 1.1 higher)."
    )


def test_higher_is_better_uses_the_same_words_of_direction():
    assert effect_sentence(0.8, 0.3, 1.25, ENERGY) == (
        "Your energy was 0.8 points higher on kefir days than at baseline "
        "(95 % interval: 0.3 higher to 1.3 higher)."
    )


def test_an_interval_wholly_on_one_side():
    assert interval(-2.66, -0.04) == "2.7 lower to less than 0.1 lower"
    assert interval(0.0, 1.0) == "no change to 1.0 higher"


def test_an_estimate_of_exactly_zero_reads_the_same():
    assert effect_sentence(0.0, -1.2, 1.2, ITCH) == (
        "Your worst itch was the same on kefir days as at baseline "
        "(95 % interval: 1.2 lower to 1.2 higher)."
    )


def test_without_an_owner_or_unit_and_with_other_labels():
    terms = Terms("mood", owner="", treatment="melatonin", baseline="on control days")
    assert effect_sentence(1.10, -0.77, 2.97, terms) == (
        "Mood was 1.1 higher on melatonin days than on control days "
        "(95 % interval: 0.8 lower to 3.0 higher)."
    )


def test_a_plural_measure_takes_were():
    terms = Terms("new spots a day", plural=True)
    assert effect_sentence(-0.4, -0.9, 0.1, terms).startswith(
        "Your new spots a day were 0.4 lower"
    )


def test_terms_from_a_spec_drop_the_scale_from_the_unit():
    spec = OutcomeSpec("worst_itch", "Worst itch", "points (0-10)", 3.0)
    assert Terms.of(spec) == Terms("worst itch", "points", lower_is_better=True)
    assert Terms.of(spec, measure="Itch").measure == "itch"


@pytest.mark.parametrize(
    ("probability", "expected"),
    [
        (0.86, "86 %"),
        (0.855, "86 %"),  # half away from zero
        (0.005, "1 %"),
        (0.0049, "less than 1 %"),
        (0.9951, "more than 99 %"),
        (0.0, "0 %"),
        (1.0, "100 %"),
    ],
)
def test_probabilities_are_whole_percentages_never_falsely_certain(
    probability, expected
):
    assert percent(probability) == expected


def test_a_probability_out_of_range_is_refused():
    with pytest.raises(ValueError) as raised:
        percent(1.2)
    assert str(raised.value) == NOT_A_PROBABILITY.format(value=1.2)
    assert str(raised.value) == "1.2 is not a probability."


def test_an_assurance_sentence_needs_a_length():
    with pytest.raises(ValueError) as raised:
        assurance_sentence({}, 3.0, ITCH)
    assert str(raised.value) == NO_LENGTHS


def test_the_headline_chances_of_the_issue():
    # Issue 12 §1: "86 % chance that kefir days were better at all; 3 % that they
    # were better by at least 3 points".
    assert chances_sentence(0.86, 0.03, 3.0, ITCH) == (
        "86 % chance that kefir days were better at all; 3 % that they were "
        "better by at least 3 points."
    )


@pytest.mark.parametrize("threshold", [0.0, math.inf])
def test_without_a_change_that_matters_only_any_improvement_is_given(threshold):
    assert chances_sentence(0.86, 0.86, threshold, ITCH) == (
        "86 % chance that kefir days were better at all."
    )


def test_a_chances_sentence_starting_in_words_is_capitalised():
    assert chances_sentence(0.999, 0.001, 2.0, ITCH) == (
        "More than 99 % chance that kefir days were better at all; less than 1 % "
        "that they were better by at least 2 points."
    )


def test_settings_drop_a_trailing_zero_and_one_is_singular():
    assert (setting(3.0), setting(1.5), setting(0.25)) == ("3", "1.5", "0.3")
    assert quantity("1", "points") == "1 point"
    assert quantity("1", "spots a day") == "1 spot a day"
    assert quantity("2", "points") == "2 points"
    assert number(-2.65) == "2.7"


def test_the_assurance_sentence_of_the_issue():
    # Issue 12 §3: "With your day-to-day ups and downs, 21 kefir days give a 45 %
    # chance of showing an improvement if kefir lowers your itch by 3 points; 35
    # days give 70 %."
    sentence = assurance_sentence({35: 0.70, 21: 0.45}, 3.0, Terms("itch", "points"))
    assert sentence == (
        "With your day-to-day ups and downs, 21 kefir days give a 45 % chance of "
        "showing an improvement if kefir lowers your itch by 3 points; 35 days give "
        "a 70 % chance."
    )


def test_the_assurance_sentence_when_higher_is_better_and_chances_are_extreme():
    sentence = assurance_sentence({21: 0.001, 28: 0.999}, 1.0, ENERGY)
    assert sentence == (
        "With your day-to-day ups and downs, 21 kefir days give less than a 1 % "
        "chance of showing an improvement if kefir raises your energy by 1 point; "
        "28 days give more than a 99 % chance."
    )
    assert a_chance(0.5) == "a 50 % chance"
