"""From a programme's logs to the analysis core's inputs (pure: no database)."""

import math
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from skingarden.programmes import plan, protocol
from skingarden.reports import series

START = date(2026, 3, 2)
PHASES = plan.lay_out_phases(start=START, baseline_days=7, follow_up_days=7)
SCREEN = protocol.ScreenRecord("a-screen", "clear", START, (), "")


def locked_protocol() -> protocol.LockedProtocol:
    return protocol.build_protocol(
        conditions=["eczema"],
        primary="worst_itch",
        threshold=3.0,
        baseline_days=7,
        onset_lag=6,
        follow_up_days=0,
        topical=protocol.TopicalArm(enabled=False),
        screen=SCREEN,
    )


def day(n: int) -> date:
    return START + timedelta(days=n)


def planned(d: date) -> int:
    """10 ml in the ramp's first 3 days, then 20, then 40 (protocol defaults)."""
    kefir = (d - day(7)).days
    if kefir < 0 or kefir >= 21:
        return 0
    return 10 if kefir < 3 else 20 if kefir < 6 else 40


def test_every_day_gets_its_analysis_phase_and_unlogged_days_stay_empty():
    logs = {
        day(n): {"worst_itch": n % 10, "kefir_ml": planned(day(n))} for n in range(35)
    }
    del logs[day(3)]
    records = series.day_records(
        phases=PHASES,
        as_of=day(40),
        logs=logs,
        planned_ml=planned,
        measure="worst_itch",
        onset_lag=6,
    )
    labels = [r.phase for r in records]
    # 7 baseline, 6 lag (the ramp), 15 kefir, 7 follow-up = 35 programme days.
    assert (
        labels
        == ["baseline"] * 7 + ["lag"] * 6 + ["intervention"] * 15 + ["follow_up"] * 7
    )
    assert records[3].value is None and records[3].adherent is None
    assert [r.value for r in records[:3]] == [0, 1, 2]


def test_the_lag_can_differ_from_the_ramp():
    records = series.day_records(
        phases=PHASES,
        as_of=day(40),
        logs={},
        planned_ml=planned,
        measure="worst_itch",
        onset_lag=2,
    )
    assert [r.phase for r in records[7:10]] == ["lag", "lag", "intervention"]


def test_today_counts_only_once_logged():
    kwargs: dict[str, Any] = {
        "phases": PHASES,
        "planned_ml": planned,
        "measure": "worst_itch",
        "onset_lag": 6,
    }
    unlogged = series.day_records(as_of=day(9), logs={}, **kwargs)
    assert unlogged[-1].day == day(8)
    logged = series.day_records(
        as_of=day(9), logs={day(9): {"worst_itch": 4}}, **kwargs
    )
    assert logged[-1].day == day(9) and logged[-1].value == 4


def test_adherence_is_the_planned_dose_taken_in_full():
    logs: dict[date, dict[str, Any]] = {
        day(20): {"kefir_ml": 40},
        day(21): {"kefir_ml": 30},
        day(22): {"kefir_ml": 60},
        day(23): {"kefir_ml": None},
    }
    records = series.day_records(
        phases=PHASES,
        as_of=day(24),
        logs=logs,
        planned_ml=planned,
        measure="worst_itch",
        onset_lag=6,
    )
    flags = {r.day: r.adherent for r in records}
    assert [flags[day(n)] for n in (20, 21, 22, 23)] == [True, False, True, None]
    # A day with no kefir planned (a stop or pause) is never adherent.
    assert series._adherent({"kefir_ml": 0}, 0) is False


def test_outcomes_follow_the_protocol():
    snapshot = protocol.build_protocol(
        conditions=["eczema", "acne"],
        primary="worst_itch",
        threshold=2.5,
        baseline_days=7,
        onset_lag=4,
        follow_up_days=0,
        topical=protocol.TopicalArm(enabled=False),
        screen=SCREEN,
    )
    outcomes = series.outcomes(snapshot)
    first = outcomes[0]
    assert (first.spec.measure, first.spec.threshold, first.spec.lag) == (
        "worst_itch",
        2.5,
        4,
    )
    assert first.primary and first.spec.lower_is_better
    by_measure = {o.spec.measure: o for o in outcomes[1:]}
    assert list(by_measure) == [
        "sleep_loss",
        "new_spots",
        "gut_discomfort",
        "stool_form",
        "bowel_movements",
        "energy",
    ]
    # new spots as a secondary keeps its protocol default threshold (1 spot a day);
    # sleep has no published one, so it is read by direction alone.
    assert by_measure["new_spots"].spec.threshold == 1.0
    assert by_measure["new_spots"].spec.kind == "count"
    assert math.isinf(by_measure["sleep_loss"].spec.threshold)
    assert not by_measure["sleep_loss"].has_threshold
    assert by_measure["energy"].better == "higher"
    assert by_measure["stool_form"].better is None


def test_the_randomisation_test_runs_only_if_kefir_started_on_the_drawn_day():
    draw = protocol.randomised_start_record(list(range(7, 15)), 9)
    snapshot = replace(locked_protocol(), baseline_days=9, randomised_start=draw)
    design, note = series.random_start(snapshot, 9, baseline_cut=False)
    assert design is not None and note == ""
    assert (tuple(design.admissible_starts), design.observed_start) == (
        tuple(range(7, 15)),
        9,
    )
    for index, cut in ((9, True), (8, False)):
        design, note = series.random_start(snapshot, index, baseline_cut=cut)
        assert design is None
        assert "no longer applies" in note
    assert series.random_start(locked_protocol(), 7, False) == (None, "")
