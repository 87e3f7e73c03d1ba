"""The split-body pairs judged by eye: counts and the exact sign test."""

import pytest

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.sides import (
    NO_PREFERENCE,
    NOT_A_JUDGEMENT,
    side_sign_test,
)


def test_the_kefir_count_is_tested_against_an_even_chance_without_the_ties():
    # Two-sided exact binomial: 2 × (C(6,5) + C(6,6)) / 2⁶ = 14/64.
    result = side_sign_test(["kefir"] * 5 + ["carrier", "neither"])
    assert (result.kefir, result.carrier, result.neither, result.judged) == (5, 1, 1, 7)
    assert result.p_value == pytest.approx(14 / 64, abs=1e-12)
    assert result.reason is None


def test_an_even_split_gives_p_of_one():
    result = side_sign_test(["kefir", "carrier", "kefir", "carrier"])
    assert result.p_value == pytest.approx(1.0)


def test_all_six_days_for_one_side_give_the_smallest_p():
    # 2 × (1/2)⁶ = 1/32.
    assert side_sign_test(["carrier"] * 6).p_value == pytest.approx(1 / 32)


def test_no_preference_means_no_test_and_says_why():
    result = side_sign_test(["neither", "neither"])
    assert (result.p_value, result.reason, result.neither) == (None, NO_PREFERENCE, 2)


def test_an_unknown_judgement_is_refused():
    with pytest.raises(PhotoError, match=f"^{NOT_A_JUDGEMENT}$"):
        side_sign_test(["kefir", "left"])
