"""The photo schedule laid on a programme's phases (issue 13 §1): by default days 1,
4 and 7 of the baseline, every 7 kefir days and the last day, so that the baseline
and the kefir weeks each get at least three sessions."""

import unittest
from datetime import date

from skingarden.photos.schedule import photo_slots
from skingarden.programmes.plan import extend, lay_out_phases, shorten_baseline
from skingarden.programmes.protocol import DEFAULT_SCHEDULE, PhotoSchedule

START = date(2026, 3, 2)  # a Monday: day 1


def slots(schedule=DEFAULT_SCHEDULE, **layout):
    phases = lay_out_phases(start=START, baseline_days=7, **layout)
    return [
        (slot.due_on.isoformat(), slot.closes_on.isoformat(), slot.label)
        for slot in photo_slots(schedule, phases)
    ]


class PhotoScheduleTests(unittest.TestCase):
    def test_the_default_on_the_default_programme(self):
        # Baseline 2-8 March, ramp 9-14, kefir phase 15-29 (kefir days 1-21).
        self.assertEqual(
            slots(),
            [
                ("2026-03-02", "2026-03-04", "baseline day 1"),
                ("2026-03-05", "2026-03-07", "baseline day 4"),
                ("2026-03-08", "2026-03-08", "baseline day 7"),  # the baseline ends
                ("2026-03-15", "2026-03-17", "kefir day 7"),
                ("2026-03-22", "2026-03-24", "kefir day 14"),
                ("2026-03-29", "2026-03-29", "kefir day 21, the last day"),
            ],
        )

    def test_a_follow_up_gets_its_own_last_day(self):
        found = slots(follow_up_days=7)
        self.assertEqual(found[-2], ("2026-03-29", "2026-03-29", "kefir day 21"))
        self.assertEqual(found[-1], ("2026-04-05", "2026-04-05", "the last day"))

    def test_a_window_closes_before_the_next_session(self):
        schedule = PhotoSchedule(baseline_days=(1, 2), every_kefir_days=7)
        found = slots(schedule)
        self.assertEqual(found[0], ("2026-03-02", "2026-03-02", "baseline day 1"))
        self.assertEqual(found[1], ("2026-03-03", "2026-03-05", "baseline day 2"))

    def test_days_past_the_baseline_have_no_session_and_phases_move_them(self):
        phases = shorten_baseline(lay_out_phases(start=START, baseline_days=7), 5)
        labels = [slot.label for slot in photo_slots(DEFAULT_SCHEDULE, phases)]
        self.assertEqual(
            labels[:3], ["baseline day 1", "baseline day 4", "kefir day 7"]
        )
        longer = extend(lay_out_phases(start=START, baseline_days=7), 14)
        found = photo_slots(DEFAULT_SCHEDULE, longer)
        self.assertEqual(
            [slot.label for slot in found[-3:]],
            ["kefir day 21", "kefir day 28", "kefir day 35, the last day"],
        )

    def test_no_phases_no_sessions(self):
        self.assertEqual(photo_slots(DEFAULT_SCHEDULE, []), [])
