import unittest
from datetime import date

from skingarden.programmes import plan
from skingarden.programmes.plan import PhaseKind, PlannedPhase

START = date(2026, 3, 2)


def kinds(phases):
    return [(p.kind.value, p.start.isoformat(), p.end.isoformat()) for p in phases]


class LayOutTests(unittest.TestCase):
    def test_default_programme_is_7_baseline_then_6_ramp_then_15_kefir_days(self):
        phases = plan.lay_out_phases(start=START, baseline_days=7)
        self.assertEqual(
            kinds(phases),
            [
                ("baseline", "2026-03-02", "2026-03-08"),
                ("ramp", "2026-03-09", "2026-03-14"),
                ("intervention", "2026-03-15", "2026-03-29"),
            ],
        )

    def test_no_baseline_starts_the_ramp_on_day_1_and_follow_up_comes_last(self):
        phases = plan.lay_out_phases(start=START, baseline_days=0, follow_up_days=7)
        self.assertEqual(
            [p.kind for p in phases],
            [PhaseKind.RAMP, PhaseKind.INTERVENTION, PhaseKind.FOLLOW_UP],
        )
        self.assertEqual(phases[-1].days, 7)
        self.assertEqual(sum(p.days for p in phases if p.kind.takes_kefir), 21)


class AmendmentTests(unittest.TestCase):
    def setUp(self):
        self.phases = plan.lay_out_phases(
            start=START, baseline_days=7, follow_up_days=7
        )

    def test_extension_goes_after_the_kefir_and_pushes_the_follow_up(self):
        extended = plan.extend(self.phases, 14)
        self.assertEqual(
            kinds(extended)[3:],
            [
                ("extension", "2026-03-30", "2026-04-12"),
                ("follow_up", "2026-04-13", "2026-04-19"),
            ],
        )

    def test_shortening_the_baseline_pulls_every_later_phase_earlier(self):
        shorter = plan.shorten_baseline(self.phases, 4)
        self.assertEqual(
            kinds(shorter)[:2],
            [
                ("baseline", "2026-03-02", "2026-03-05"),
                ("ramp", "2026-03-06", "2026-03-11"),
            ],
        )
        self.assertEqual(shorter[-1].end, date(2026, 4, 2))  # 5 April, 3 days earlier

    def test_the_baseline_cannot_be_lengthened(self):
        with self.assertRaises(ValueError):
            plan.shorten_baseline(self.phases, 7)

    def test_stopping_kefir_truncates_and_starts_the_follow_up_that_day(self):
        stopped = plan.stop_kefir(self.phases, date(2026, 3, 20), follow_up_days=7)
        self.assertEqual(
            kinds(stopped),
            [
                ("baseline", "2026-03-02", "2026-03-08"),
                ("ramp", "2026-03-09", "2026-03-14"),
                ("intervention", "2026-03-15", "2026-03-19"),
                ("follow_up", "2026-03-20", "2026-03-26"),
            ],
        )

    def test_stopping_inside_the_ramp_drops_the_later_kefir_phase(self):
        stopped = plan.stop_kefir(self.phases, date(2026, 3, 10), follow_up_days=0)
        self.assertEqual(
            kinds(stopped),
            [
                ("baseline", "2026-03-02", "2026-03-08"),
                ("ramp", "2026-03-09", "2026-03-09"),
            ],
        )

    def test_follow_up_can_be_removed_and_added(self):
        without = plan.with_follow_up(self.phases, 0)
        self.assertNotIn(PhaseKind.FOLLOW_UP, [p.kind for p in without])
        again = plan.with_follow_up(without, 7)
        self.assertEqual(
            again[-1],
            PlannedPhase(PhaseKind.FOLLOW_UP, date(2026, 3, 30), date(2026, 4, 5)),
        )


class BaselineCostTests(unittest.TestCase):
    def test_three_days_widen_the_interval_by_38_percent(self):
        # sqrt(1/3 + 1/15) / sqrt(1/7 + 1/15) = 0.6325 / 0.4577 = 1.382
        cost = plan.baseline_cost(3, onset_lag=6)
        self.assertEqual((cost.comparison_days, cost.percent_wider), (15, 38))

    def test_the_default_costs_nothing_and_none_makes_comparison_impossible(self):
        self.assertEqual(plan.baseline_cost(7, onset_lag=6).percent_wider, 0)
        self.assertIsNone(plan.baseline_cost(0, onset_lag=6).percent_wider)
