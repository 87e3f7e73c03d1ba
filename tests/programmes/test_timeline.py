import unittest
from datetime import date, timedelta

from skingarden.programmes.dosing import Decision
from skingarden.programmes.plan import DEFAULT_RAMP, lay_out_phases
from skingarden.programmes.timeline import (
    DayLog,
    PauseWindow,
    build_timeline,
    weekly_slots,
)

START = date(2026, 3, 2)
PHASES = lay_out_phases(start=START, baseline_days=7, follow_up_days=7)


def build(today, logs=(), **kwargs):
    by_day = {log.date: log for log in logs}
    return build_timeline(
        phases=PHASES,
        today=today,
        logs=by_day,
        ramp=DEFAULT_RAMP,
        target_ml=40,
        **kwargs,
    )


def log(offset, kefir=None, gut=None):
    return DayLog(START + timedelta(days=offset), kefir, gut)


class TimelineTests(unittest.TestCase):
    def test_position_on_the_first_kefir_day(self):
        timeline = build(date(2026, 3, 9))
        self.assertEqual((timeline.day_number, timeline.total_days), (8, 35))
        self.assertEqual(timeline.current_phase.kind.value, "ramp")
        self.assertEqual(
            (
                timeline.kefir_day(date(2026, 3, 9)),
                timeline.planned_ml(date(2026, 3, 9)),
            ),
            (1, 10),
        )

    def test_adherence_counts_today_only_once_logged(self):
        logs = [log(7, kefir=10), log(8, kefir=5), log(9, kefir=0)]
        timeline = build(
            date(2026, 3, 12), logs
        )  # kefir days 1-4, day 4 not logged yet
        a = timeline.adherence
        self.assertEqual((a.days_elapsed, a.days_logged, a.missing_days), (10, 3, 7))
        self.assertEqual(
            (
                a.doses_planned,
                a.doses_taken,
                a.doses_partial,
                a.doses_missed,
                a.doses_unlogged,
            ),
            (3, 1, 1, 1, 0),
        )

    def test_an_open_pause_plans_no_kefir_until_the_end(self):
        timeline = build(
            date(2026, 3, 12), pauses=[PauseWindow(date(2026, 3, 12), None)]
        )
        self.assertEqual(timeline.planned_ml(date(2026, 3, 11)), 10)
        self.assertEqual(timeline.planned_ml(date(2026, 3, 20)), 0)

    def test_future_scores_are_ignored(self):
        logs = [log(10, gut=3), log(11, gut=3)]
        timeline = build(date(2026, 3, 12), logs)
        self.assertEqual(timeline.plan.events, ())

    def test_recorded_step_back_is_kept(self):
        timeline = build(
            date(2026, 3, 20), recorded={date(2026, 3, 12): Decision.STEP_BACK}
        )
        self.assertEqual(timeline.planned_ml(date(2026, 3, 13)), 10)


class PoemScheduleTests(unittest.TestCase):
    def test_due_on_day_1_kefir_days_7_14_21_and_end_of_follow_up(self):
        slots = weekly_slots(PHASES)
        self.assertEqual(
            [(s.label, s.due_on.isoformat()) for s in slots],
            [
                ("Baseline (no kefir), day 1", "2026-03-02"),
                ("Kefir day 7", "2026-03-15"),
                ("Kefir day 14", "2026-03-22"),
                ("Kefir day 21", "2026-03-29"),
                ("End of follow-up (no kefir)", "2026-04-05"),
            ],
        )

    def test_a_slot_is_open_for_three_days(self):
        slot = weekly_slots(PHASES)[1]
        self.assertEqual(
            [slot.is_open_on(slot.due_on + timedelta(days=n)) for n in (-1, 0, 2, 3)],
            [False, True, True, False],
        )

    def test_without_baseline_the_first_poem_is_kefir_day_1(self):
        slots = weekly_slots(lay_out_phases(start=START, baseline_days=0))
        self.assertEqual(slots[0].due_on, START)
        self.assertEqual(len(slots), 4)
