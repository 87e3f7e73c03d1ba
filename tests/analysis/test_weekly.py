"""Weekly POEM (skingarden/analysis/weekly.py): each change from the first score
against POEM's MCID (3 points; Gaunt DM et al. Allergy 2016;71:1620) and its
week-to-week recall noise (5.7 points; Duverdier et al. Clin Exp Allergy 2024),
both read from the POEM definition."""

from datetime import date

from skingarden.analysis.weekly import WeeklyPoint, weekly_summary
from skingarden.instruments import definitions

POEM = definitions.load("poem")
MCID, NOISE = POEM.mcid["value"], POEM.raw["noise"]["value"]


def points(*totals: float) -> list[WeeklyPoint]:
    return [
        WeeklyPoint(date(2026, 3, 2 + 7 * k), f"week {k}", total)
        for k, total in enumerate(totals)
    ]


def test_the_definition_gives_mcid_3_and_noise_5_7():
    assert (MCID, NOISE) == (3, 5.7)


def test_each_change_is_read_against_the_mcid_and_the_noise():
    summary = weekly_summary(
        "poem", "POEM", points(16, 14, 12, 9, 19), mcid=MCID, noise=NOISE
    )
    assert summary.first is not None and summary.first.total == 16
    assert [c.change for c in summary.changes] == [-2, -4, -7, 3]
    assert [(c.beyond_mcid, c.beyond_noise) for c in summary.changes] == [
        (False, False),
        (True, False),
        (True, True),
        (True, False),
    ]
    # The measure's words first (one decimal, docs/analysis.md §14), then which
    # way that is.
    assert [c.reading for c in summary.changes] == [
        "2.0 points lower (better): smaller than a change people notice",
        "4.0 points lower (better): as big as a change people notice, but within "
        "the 5.7 points the score can move between weeks on its own",
        "7.0 points lower (better): larger than a change people notice",
        "3.0 points higher (worse): as big as a change people notice, but within "
        "the 5.7 points the score can move between weeks on its own",
    ]


def test_a_change_of_exactly_the_mcid_counts_and_of_the_noise_does_not_exceed_it():
    summary = weekly_summary("poem", "POEM", points(10.0, 7.0, 4.3), mcid=3, noise=5.7)
    assert [c.beyond_mcid for c in summary.changes] == [True, True]
    assert summary.changes[1].beyond_noise is False  # 5.7 is not beyond 5.7


def test_points_are_put_in_date_order_and_no_change_is_said_plainly():
    summary = weekly_summary(
        "poem", "POEM", points(12, 12, 8)[::-1], mcid=MCID, noise=NOISE
    )
    assert summary.first is not None and summary.first.total == 12
    assert summary.changes[0].reading == "no change from the first score"


def test_higher_is_better_reads_a_rise_as_better():
    summary = weekly_summary(
        "x", "X", points(10, 14), mcid=3, noise=None, lower_is_better=False
    )
    assert (
        summary.changes[0].reading
        == "4.0 points higher (better): larger than a change people notice"
    )


def test_no_points_give_an_empty_summary():
    summary = weekly_summary("poem", "POEM", [], mcid=MCID, noise=NOISE)
    assert (summary.first, summary.changes) == (None, ())
