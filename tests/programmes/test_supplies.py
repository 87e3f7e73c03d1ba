import unittest
from datetime import date

from skingarden.programmes.plan import DEFAULT_RAMP, lay_out_phases
from skingarden.programmes.supplies import batch, supply_plan
from skingarden.programmes.timeline import build_timeline

START = date(2026, 3, 2)  # a Monday


class SupplyTests(unittest.TestCase):
    def test_a_fresh_plan_needs_690_ml_by_shopping_week(self):
        timeline = build_timeline(
            phases=lay_out_phases(start=START, baseline_days=7),
            today=START,
            logs={},
            ramp=DEFAULT_RAMP,
            target_ml=40,
        )
        plan = supply_plan(timeline)
        # 3 x 10 + 3 x 20 + 15 x 40
        self.assertEqual((plan.total_ml, plan.remaining_ml), (690, 690))
        self.assertEqual(
            [(w.monday.isoformat(), w.days, w.ml) for w in plan.weeks],
            [("2026-03-09", 7, 130), ("2026-03-16", 7, 280), ("2026-03-23", 7, 280)],
        )

    def test_a_batch_splits_by_weight(self):
        mix = batch(batch_g=20, kefir_parts=1, carrier_parts=3)
        self.assertEqual(
            (mix.kefir_g, mix.carrier_g, mix.kefir_ml, mix.kefir_percent),
            (5.0, 15.0, 4.9, 25.0),
        )

    def test_a_zero_ratio_is_refused(self):
        with self.assertRaises(ValueError):
            batch(batch_g=10, kefir_parts=0, carrier_parts=4)
