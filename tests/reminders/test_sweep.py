"""The sweep: who is due at a given instant, in their own time zone; each reminder
claimed once in the sent log and e-mailed once, in a fixed number of queries."""

from datetime import date, time
from unittest import mock

from django.core import mail
from django.test import TestCase, override_settings
from django_tasks_db.models import DBTaskResult

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.reminders import selectors, services
from skingarden.reminders.models import ReminderSent, ReminderSettings
from skingarden.test import make_checkin
from tests.reminders.helpers import NOW, START, at, participant, settings_for

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def sent_rows():
    return sorted(
        (row.user.email, row.kind, row.local_date)
        for row in ReminderSent.objects.select_related("user")
    )


@override_settings(TASKS=IMMEDIATE)
class TimeZoneTests(TestCase):
    london: User
    auckland: User
    los_angeles: User

    @classmethod
    def setUpTestData(cls):
        cls.london, _ = participant("london@example.org")
        cls.auckland, _ = participant(
            "auckland@example.org",
            time_zone="Pacific/Auckland",
            logged_until=date(2026, 6, 10),
        )
        cls.los_angeles, _ = participant(
            "la@example.org", time_zone="America/Los_Angeles"
        )

    def sweep(self, now):
        with self.captureOnCommitCallbacks(execute=True):
            return services.reminders_sweep(now=now)

    def test_at_one_instant_only_those_past_their_local_time_are_reminded(self):
        self.assertEqual(self.sweep(NOW), 1)
        self.assertEqual(
            sent_rows(), [("london@example.org", "daily", date(2026, 6, 10))]
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["london@example.org"])

    def test_each_is_reminded_on_their_own_date_at_their_own_time(self):
        self.sweep(NOW)
        # 07:05 UTC on 11 June is 19:05 in Auckland, 08:05 in London and five
        # past midnight in Los Angeles.
        self.assertEqual(self.sweep(at(date(2026, 6, 11), 7, 5)), 1)
        # 02:00 UTC on 11 June is 19:00 on 10 June in Los Angeles.
        self.assertEqual(self.sweep(at(date(2026, 6, 11), 2, 0)), 1)
        self.assertEqual(
            sent_rows(),
            [
                ("auckland@example.org", "daily", date(2026, 6, 11)),
                ("la@example.org", "daily", date(2026, 6, 10)),
                ("london@example.org", "daily", date(2026, 6, 10)),
            ],
        )
        self.assertEqual(
            [message.to for message in mail.outbox],
            [["london@example.org"], ["auckland@example.org"], ["la@example.org"]],
        )

    def test_a_participant_who_logged_today_gets_nothing(self):
        programme = Programme.objects.get(owner=self.london)
        make_checkin(programme, date(2026, 6, 10))
        self.assertEqual(self.sweep(NOW), 0)
        self.assertEqual(sent_rows(), [])
        self.assertEqual(len(mail.outbox), 0)


@override_settings(TASKS=IMMEDIATE)
class SweepTests(TestCase):
    alice: User
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.alice, cls.programme = participant("alice@example.org")

    def sweep(self, now=NOW):
        with self.captureOnCommitCallbacks(execute=True):
            return services.reminders_sweep(now=now)

    def test_the_first_reminder_writes_the_default_settings(self):
        self.assertFalse(ReminderSettings.objects.filter(user=self.alice).exists())
        self.sweep()
        settings = ReminderSettings.objects.get(user=self.alice)
        self.assertEqual(
            (settings.daily_enabled, settings.nudge_enabled, settings.reminder_time),
            (True, True, time(19, 0)),
        )
        self.assertEqual(len(settings.unsubscribe_token), 43)
        self.assertIsNone(settings.calendar_token)

    def test_a_second_sweep_the_same_day_sends_nothing(self):
        self.sweep()
        self.assertEqual(self.sweep(at(date(2026, 6, 10), 21, 0)), 0)
        self.assertEqual(ReminderSent.objects.count(), 1)
        self.assertEqual(len(mail.outbox), 1)

    def test_overlapping_sweeps_send_once(self):
        # Both sweeps read who is due before either has claimed anything.
        stale = selectors.sweep_candidates(now=NOW)
        self.sweep()
        with mock.patch.object(selectors, "sweep_candidates", return_value=stale):
            self.assertEqual(self.sweep(), 1)  # due, but the claim is refused
        self.assertEqual(
            sent_rows(), [("alice@example.org", "daily", date(2026, 6, 10))]
        )
        self.assertEqual(len(mail.outbox), 1)

    def test_nothing_before_the_chosen_time(self):
        settings_for(self.alice, reminder_time=time(20, 0))
        self.assertEqual(self.sweep(), 0)
        self.assertEqual(self.sweep(at(date(2026, 6, 10), 19, 0)), 1)  # 20:00 BST

    def test_nothing_for_a_participant_who_turned_reminders_off(self):
        settings_for(
            self.alice,
            daily_enabled=False,
            nudge_enabled=False,
            instruments_enabled=False,
        )
        self.assertEqual(self.sweep(), 0)
        self.assertEqual(sent_rows(), [])

    def test_nothing_once_the_programme_is_closed_or_the_account_inactive(self):
        Programme.objects.filter(pk=self.programme.pk).update(status="completed")
        self.assertEqual(self.sweep(), 0)
        Programme.objects.filter(pk=self.programme.pk).update(status="active")
        self.alice.is_active = False
        self.alice.save(update_fields=["is_active"])
        self.assertEqual(self.sweep(), 0)
        self.assertEqual(sent_rows(), [])

    def test_two_days_without_a_log_bring_one_nudge_per_gap(self):
        self.programme.checkins.filter(date__gte=date(2026, 6, 8)).delete()
        self.sweep()
        self.assertEqual(
            sent_rows(), [("alice@example.org", "nudge", date(2026, 6, 10))]
        )
        self.assertEqual(mail.outbox[0].subject, "Skin Garden: pick up your log again")
        self.sweep(at(date(2026, 6, 11), 18, 30))
        self.assertEqual(sent_rows()[0][1:], ("daily", date(2026, 6, 11)))

    def test_a_questionnaire_due_day_brings_one_e_mail_for_both_kinds(self):
        # Day 1 (5 June): POEM is due and the day is not logged yet.
        self.programme.checkins.all().delete()
        self.sweep(at(START, 18, 30))
        self.assertEqual(
            sent_rows(),
            [
                ("alice@example.org", "daily", START),
                ("alice@example.org", "instruments", START),
            ],
        )
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].subject, "Skin Garden: time for today's log")
        self.assertIn("questionnaires is due today", mail.outbox[0].body)


class SweepQueryCountTests(TestCase):
    def assert_sweep_queries(self, expected_reminders):
        with self.assertNumQueries(10), self.captureOnCommitCallbacks(execute=True):
            due = services.reminders_sweep(now=NOW)
        self.assertEqual(due, expected_reminders)
        self.assertEqual(ReminderSent.objects.count(), expected_reminders)
        self.assertEqual(
            DBTaskResult.objects.filter(task_path__endswith="send_reminders").count(), 1
        )

    def test_one_participant(self):
        participant("p0@example.org")
        self.assert_sweep_queries(1)

    def test_twenty_participants_take_as_many_queries_as_one(self):
        for number in range(20):
            participant(
                f"p{number}@example.org", logged_until=date(2026, 6, 9 - number % 3)
            )
        self.assert_sweep_queries(20)
