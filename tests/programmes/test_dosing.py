"""The ramp and the gut-discomfort rule (product brief; evidence-safety.md §2d)."""

import unittest
from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from skingarden.programmes.dosing import Decision, DoseChange, plan_doses

DAY1 = date(2026, 3, 9)
DAYS = [DAY1 + timedelta(days=n) for n in range(21)]


def day(number):
    return DAY1 + timedelta(days=number - 1)


def doses(plan):
    return [plan.planned_ml(d) for d in DAYS]


def scores(**by_day):
    return {day(int(key[1:])): value for key, value in by_day.items()}


class RampTests(unittest.TestCase):
    def test_comfortable_gut_follows_the_10_20_40_ramp(self):
        plan = plan_doses(DAYS, gut_scores={})
        self.assertEqual(doses(plan), [10] * 3 + [20] * 3 + [40] * 15)
        self.assertEqual((plan.events, plan.stopped_on), ((), None))

    def test_two_high_days_running_step_the_dose_back_from_the_next_day(self):
        plan = plan_doses(DAYS, gut_scores=scores(d4=2, d5=3))
        self.assertEqual(
            doses(plan)[:12], [10, 10, 10, 20, 20, 10, 10, 10, 20, 20, 20, 40]
        )
        event = plan.events[0]
        self.assertEqual(
            (
                event.decision,
                event.decided_on,
                event.effective_on,
                event.from_ml,
                event.to_ml,
            ),
            (Decision.STEP_BACK, day(5), day(6), 20, 10),
        )

    def test_one_high_day_or_high_days_with_a_gap_do_nothing(self):
        plan = plan_doses(DAYS, gut_scores=scores(d4=3, d6=3, d8=2))
        self.assertEqual(plan.events, ())

    def test_an_unlogged_day_breaks_a_run(self):
        plan = plan_doses(DAYS, gut_scores=scores(d4=2, d5=None, d6=2))
        self.assertEqual(plan.events, ())

    def test_still_high_on_the_last_two_of_three_lower_days_stops_kefir(self):
        plan = plan_doses(DAYS, gut_scores=scores(d8=2, d9=2, d11=2, d12=2))
        self.assertEqual(
            [e.decision for e in plan.events], [Decision.STEP_BACK, Decision.STOP]
        )
        self.assertEqual(plan.stopped_on, day(13))
        self.assertEqual(doses(plan)[9:13], [20, 20, 20, 0])
        self.assertTrue(all(ml == 0 for ml in doses(plan)[12:]))

    def test_settling_within_the_three_days_resumes_the_ramp(self):
        plan = plan_doses(DAYS, gut_scores=scores(d8=2, d9=2, d10=2, d11=1, d12=2))
        self.assertEqual([e.decision for e in plan.events], [Decision.STEP_BACK])
        self.assertEqual(doses(plan)[9:13], [20, 20, 20, 40])

    def test_at_the_lowest_step_the_dose_holds_and_is_watched(self):
        plan = plan_doses(DAYS, gut_scores=scores(d1=2, d2=2, d4=2, d5=2))
        self.assertEqual((plan.events[0].from_ml, plan.events[0].to_ml), (10, 10))
        self.assertEqual(plan.stopped_on, day(6))


class HistoryAndAmendmentTests(unittest.TestCase):
    def test_recorded_decisions_are_replayed_even_if_scores_were_edited_later(self):
        plan = plan_doses(DAYS, gut_scores={}, recorded={day(5): Decision.STEP_BACK})
        self.assertEqual(doses(plan)[5], 10)
        self.assertEqual(plan.events[0].decided_on, day(5))

    def test_no_new_decision_is_derived_on_or_before_the_last_recorded_one(self):
        plan = plan_doses(
            DAYS, gut_scores=scores(d2=2, d3=2), recorded={day(5): Decision.STEP_BACK}
        )
        self.assertEqual([e.decided_on for e in plan.events], [day(5)])

    def test_paused_days_plan_nothing_and_do_not_advance_the_ramp(self):
        plan = plan_doses(DAYS, gut_scores={}, paused=frozenset({day(2), day(3)}))
        self.assertEqual(doses(plan)[:7], [10, 0, 0, 10, 10, 20, 20])

    def test_a_dose_change_sets_the_target_and_caps_lower_steps(self):
        plan = plan_doses(DAYS, gut_scores={}, dose_changes=[DoseChange(day(5), 15)])
        self.assertEqual(doses(plan)[:8], [10, 10, 10, 20, 15, 15, 15, 15])
        bigger = plan_doses(DAYS, gut_scores={}, dose_changes=[DoseChange(day(10), 60)])
        self.assertEqual(doses(bigger)[8:11], [40, 60, 60])


class DosePropertyTests(unittest.TestCase):
    @given(st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=21, max_size=21))
    def test_doses_never_exceed_the_target_and_stop_means_zero_after(self, raw):
        plan = plan_doses(DAYS, gut_scores=dict(zip(DAYS, raw, strict=True)))
        planned = doses(plan)
        self.assertTrue(all(ml in (0, 10, 20, 40) for ml in planned))
        if plan.stopped_on is not None:
            self.assertTrue(
                all(plan.planned_ml(d) == 0 for d in DAYS if d >= plan.stopped_on)
            )
        else:
            self.assertTrue(all(ml > 0 for ml in planned))

    @given(st.lists(st.integers(0, 1), min_size=21, max_size=21))
    def test_scores_below_2_never_change_the_ramp(self, raw):
        plan = plan_doses(DAYS, gut_scores=dict(zip(DAYS, raw, strict=True)))
        self.assertEqual(doses(plan), [10] * 3 + [20] * 3 + [40] * 15)
