"""Which reminders are due: the pure rules, with no database."""

import unittest
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from skingarden.programmes.plan import lay_out_phases
from skingarden.programmes.timeline import DueSlot
from skingarden.reminders.rules import (
    InstrumentSlot,
    Kind,
    ParticipantDay,
    Preferences,
    reminders_due,
)

LONDON = ZoneInfo("Europe/London")
START = date(2026, 6, 1)  # day 1 of a 7-day baseline, then 21 kefir days
ALL_ON = Preferences(daily=True, nudge=True, instruments=True, at=time(19, 0))


def participant(day, *, at=time(19, 30), **overrides):
    values = {
        "local_now": datetime.combine(day, at, tzinfo=LONDON),
        "preferences": ALL_ON,
        "phases": lay_out_phases(start=START, baseline_days=7),
        "instrument_slots": (),
        "answered": frozenset(),
        "last_logged": day - timedelta(days=1),
        "last_sent": {},
    }
    values.update(overrides)
    return ParticipantDay(**values)


class DailyReminderTests(unittest.TestCase):
    def test_it_is_due_from_the_chosen_time_when_today_is_not_logged(self):
        day = date(2026, 6, 5)
        self.assertEqual(reminders_due(participant(day, at=time(19, 0))), (Kind.DAILY,))
        self.assertEqual(reminders_due(participant(day, at=time(18, 59, 59))), ())

    def test_nothing_when_today_is_already_logged(self):
        day = date(2026, 6, 5)
        self.assertEqual(reminders_due(participant(day, last_logged=day)), ())

    def test_it_goes_once_per_local_date(self):
        day = date(2026, 6, 5)
        sent = {Kind.DAILY: day}
        self.assertEqual(reminders_due(participant(day, last_sent=sent)), ())
        yesterday = {Kind.DAILY: day - timedelta(days=1)}
        self.assertEqual(
            reminders_due(participant(day, last_sent=yesterday)), (Kind.DAILY,)
        )

    def test_only_on_programme_days(self):
        before, last = START - timedelta(days=1), date(2026, 6, 28)
        self.assertEqual(reminders_due(participant(before, last_logged=None)), ())
        self.assertEqual(reminders_due(participant(last)), (Kind.DAILY,))
        self.assertEqual(reminders_due(participant(last + timedelta(days=1))), ())

    def test_it_is_off_when_the_participant_turned_it_off(self):
        off = Preferences(daily=False, nudge=True, instruments=True, at=time(19, 0))
        self.assertEqual(
            reminders_due(participant(date(2026, 6, 5), preferences=off)), ()
        )


class NudgeTests(unittest.TestCase):
    def test_after_two_missed_days_a_nudge_replaces_the_daily_reminder(self):
        day = date(2026, 6, 10)
        due = reminders_due(participant(day, last_logged=day - timedelta(days=3)))
        self.assertEqual(due, (Kind.NUDGE,))

    def test_one_missed_day_is_not_enough(self):
        day = date(2026, 6, 10)
        due = reminders_due(participant(day, last_logged=day - timedelta(days=2)))
        self.assertEqual(due, (Kind.DAILY,))

    def test_never_on_day_one_or_two_of_the_programme(self):
        for day, expected in (
            (START, (Kind.DAILY,)),
            (START + timedelta(days=1), (Kind.DAILY,)),
            (START + timedelta(days=2), (Kind.NUDGE,)),
        ):
            with self.subTest(day=day):
                self.assertEqual(
                    reminders_due(participant(day, last_logged=None)), expected
                )

    def test_once_per_gap_then_the_daily_reminder_again(self):
        day = date(2026, 6, 12)
        last_logged = date(2026, 6, 7)
        nudged = {Kind.NUDGE: date(2026, 6, 10)}
        due = reminders_due(participant(day, last_logged=last_logged, last_sent=nudged))
        self.assertEqual(due, (Kind.DAILY,))

    def test_a_new_gap_after_a_log_earns_a_new_nudge(self):
        day = date(2026, 6, 20)
        nudged = {Kind.NUDGE: date(2026, 6, 10)}
        last_logged = date(2026, 6, 17)
        due = reminders_due(participant(day, last_logged=last_logged, last_sent=nudged))
        self.assertEqual(due, (Kind.NUDGE,))

    def test_the_day_of_a_nudge_gets_no_daily_reminder_as_well(self):
        day = date(2026, 6, 10)
        nudged = {Kind.NUDGE: day}
        due = reminders_due(
            participant(day, last_logged=date(2026, 6, 7), last_sent=nudged)
        )
        self.assertEqual(due, ())

    def test_with_nudges_off_the_daily_reminder_goes_as_usual(self):
        off = Preferences(daily=True, nudge=False, instruments=True, at=time(19, 0))
        day = date(2026, 6, 10)
        due = reminders_due(
            participant(day, last_logged=date(2026, 6, 1), preferences=off)
        )
        self.assertEqual(due, (Kind.DAILY,))


class InstrumentReminderTests(unittest.TestCase):
    def setUp(self):
        self.day = date(2026, 6, 14)  # kefir day 7
        self.slots = (
            InstrumentSlot("poem", DueSlot("Kefir day 7", self.day)),
            InstrumentSlot("dlqi", DueSlot("Last day", date(2026, 6, 28))),
        )

    def test_due_on_the_due_day_even_when_the_day_is_logged(self):
        due = reminders_due(
            participant(self.day, last_logged=self.day, instrument_slots=self.slots)
        )
        self.assertEqual(due, (Kind.INSTRUMENTS,))

    def test_it_goes_with_the_daily_reminder(self):
        due = reminders_due(participant(self.day, instrument_slots=self.slots))
        self.assertEqual(due, (Kind.DAILY, Kind.INSTRUMENTS))

    def test_not_when_answered_or_not_due_today(self):
        answered = frozenset({("poem", self.day)})
        due = reminders_due(
            participant(self.day, instrument_slots=self.slots, answered=answered)
        )
        self.assertEqual(due, (Kind.DAILY,))
        next_day = self.day + timedelta(days=1)
        due = reminders_due(participant(next_day, instrument_slots=self.slots))
        self.assertEqual(due, (Kind.DAILY,))


class ClockChangeTests(unittest.TestCase):
    def test_a_time_the_spring_clock_change_skips_is_still_reminded(self):
        # On 29 March 2026 London's clocks jump from 01:00 to 02:00: 01:30 never
        # happens, and the reminder goes as soon as the local time has passed it.
        start = date(2026, 3, 23)
        phases = lay_out_phases(start=start, baseline_days=7)
        early = Preferences(daily=True, nudge=True, instruments=True, at=time(1, 30))
        for utc_hour, expected in ((0, ()), (1, (Kind.DAILY,))):
            moment = datetime(2026, 3, 29, utc_hour, 5, tzinfo=UTC).astimezone(LONDON)
            with self.subTest(local=moment.time()):
                day = participant(
                    moment.date(), phases=phases, preferences=early, local_now=moment
                )
                self.assertEqual(reminders_due(day), expected)
