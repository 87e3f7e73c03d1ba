"""The calendar feed against the programme's plan: phase starts from its Phase rows,
one dose event per kefir day with the planned millilitres at the reminder time in
the participant's zone, questionnaire due days, and UIDs that survive a change."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
from django.test import TestCase

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import DEFAULT_RAMP, DEFAULT_TARGET_ML
from skingarden.programmes.services import amendments
from skingarden.reminders import services
from skingarden.reminders.feed import calendar_feed_for
from skingarden.reminders.models import ReminderSettings
from skingarden.test import make_participant
from tests.reminders.helpers import NOW, START, participant, settings_for

LOS_ANGELES = ZoneInfo("America/Los_Angeles")
KEFIR_START = date(2026, 6, 12)


def parse(body):
    return icalendar.Calendar.from_ical(body)


def events_by_kind(calendar, prefix):
    return [event for event in calendar.events if str(event.uid).startswith(prefix)]


class CalendarFeedTests(TestCase):
    user: User
    programme: Programme
    feed_settings: ReminderSettings

    @classmethod
    def setUpTestData(cls):
        cls.user, cls.programme = participant(
            "alice@example.org", time_zone="America/Los_Angeles"
        )
        cls.feed_settings = services.calendar_feed_renew(user=cls.user)

    def feed(self, now=NOW):
        self.feed_settings.refresh_from_db()
        return parse(calendar_feed_for(settings=self.feed_settings, now=now))

    def test_phase_starts_are_all_day_events_on_the_phase_rows_dates(self):
        phases = events_by_kind(self.feed(), "phase-")
        rows = list(self.programme.phases.order_by("position"))
        self.assertEqual(
            [(event.start, event.end) for event in phases],
            [(row.start_date, row.start_date + timedelta(days=1)) for row in rows],
        )
        self.assertEqual(
            [str(event["SUMMARY"]) for event in phases],
            [
                "Baseline starts (no kefir)",
                "Kefir starts: ramp-up",
                "Kefir: full dose starts",
            ],
        )
        self.assertEqual(
            [row.start_date for row in rows],
            [START, KEFIR_START, date(2026, 6, 18)],
        )

    def test_one_dose_per_kefir_day_with_the_planned_millilitres(self):
        doses = events_by_kind(self.feed(), "dose-")
        expected_ml = [step.ml for step in DEFAULT_RAMP for _ in range(step.days)] + [
            DEFAULT_TARGET_ML
        ] * 15
        self.assertEqual(expected_ml[:7], [10, 10, 10, 20, 20, 20, 40])
        self.assertEqual(
            [str(event["SUMMARY"]) for event in doses],
            [f"Kefir: {ml} ml" for ml in expected_ml],
        )
        days = [KEFIR_START + timedelta(days=n) for n in range(21)]
        self.assertEqual([event.start.date() for event in doses], days)
        self.assertEqual(
            days[-1], self.programme.phases.order_by("position")[2].end_date
        )

    def test_doses_are_at_the_reminder_time_in_the_participants_zone(self):
        settings_for(self.user, reminder_time=time(8, 30))
        first = events_by_kind(self.feed(), "dose-")[0]
        self.assertEqual(first.start, datetime(2026, 6, 12, 8, 30, tzinfo=LOS_ANGELES))
        self.assertEqual(first.start.utcoffset(), timedelta(hours=-7))
        self.assertEqual(first.end - first.start, timedelta(minutes=15))
        self.assertEqual(first["DTSTART"].params["TZID"], "America/Los_Angeles")
        self.assertEqual(
            [str(zone["TZID"]) for zone in self.feed().walk("VTIMEZONE")],
            ["America/Los_Angeles"],
        )

    def test_questionnaires_are_all_day_events_on_their_due_days(self):
        due = events_by_kind(self.feed(), "instrument-")
        self.assertEqual(
            [(str(event["SUMMARY"]), event.start) for event in due],
            [
                ("POEM due", START),
                ("POEM due", KEFIR_START + timedelta(days=6)),
                ("POEM due", KEFIR_START + timedelta(days=13)),
                ("POEM due", KEFIR_START + timedelta(days=20)),
            ],
        )

    def test_uids_stay_the_same_when_the_plan_grows(self):
        before = {str(event.uid): event.start for event in self.feed().events}
        self.assertEqual(len(before), 3 + 21 + 4)
        amendments.programme_extend(
            programme=self.programme,
            days=7,
            why="Still improving",
            today=date(2026, 6, 20),
        )
        after = {str(event.uid): event.start for event in self.feed().events}
        self.assertEqual({uid: after[uid] for uid in before}, before)
        added = sorted(set(after) - set(before))
        self.assertEqual(len(added), 1 + 7 + 1)
        self.assertIn(f"phase-extension-1-{self.programme.code}@skingarden", added)

    def test_the_feed_is_the_same_on_every_fetch(self):
        first = {str(event.uid) for event in self.feed().events}
        self.assertEqual(first, {str(event.uid) for event in self.feed().events})
        self.assertEqual(len(first), len(self.feed().events))

    def test_before_any_programme_the_calendar_is_empty(self):
        newcomer = make_participant("new@example.org")
        settings = services.calendar_feed_renew(user=newcomer)
        calendar = parse(calendar_feed_for(settings=settings, now=NOW))
        self.assertEqual(calendar.events, [])
        self.assertEqual(
            str(calendar["PRODID"]), "-//Skin Garden//Programme calendar//EN"
        )
