"""The reminder e-mail: links and one-click unsubscribe headers, and no health data."""

from datetime import date

from django.core import mail
from django.test import Client, TestCase, override_settings

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.reminders import services
from skingarden.reminders.models import ReminderSettings
from tests.reminders.helpers import NOW, START, at, participant

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SITE = "https://garden.example.org"


@override_settings(TASKS=IMMEDIATE, SITE_URL=SITE + "/")
class ReminderMailTests(TestCase):
    user: User
    programme: Programme

    @classmethod
    def setUpTestData(cls):
        cls.user, cls.programme = participant("alice@example.org")

    def sweep(self, now=NOW):
        with self.captureOnCommitCallbacks(execute=True):
            services.reminders_sweep(now=now)
        self.assertEqual(len(mail.outbox), 1)
        return mail.outbox[0]

    def unsubscribe_url(self):
        token = ReminderSettings.objects.get(user=self.user).unsubscribe_token
        return f"{SITE}/reminders/unsubscribe/{token}/"

    def test_the_daily_reminder_says_it_is_time_to_log_with_links(self):
        message = self.sweep()
        code = self.programme.code
        self.assertEqual(message.subject, "Skin Garden: time for today's log")
        self.assertEqual(
            message.body,
            "Hello,\n\nIt is time for today's Skin Garden log:\n\n"
            f"{SITE}/programmes/{code}/log/\n\n"
            "This e-mail only says that it is time to log. It never carries your "
            "answers, scores or doses, because e-mail passes through other "
            "companies' servers on its way to you.\n\n"
            f"Change the time or the kind of reminders: {SITE}/reminders/\n"
            f"Stop all reminder e-mails: {self.unsubscribe_url()}\n",
        )

    def test_it_carries_one_click_unsubscribe_headers(self):
        message = self.sweep()
        self.assertEqual(
            message.extra_headers["List-Unsubscribe"], f"<{self.unsubscribe_url()}>"
        )
        self.assertEqual(
            message.extra_headers["List-Unsubscribe-Post"], "List-Unsubscribe=One-Click"
        )
        # What a mail client does with them: one POST, no cookie, no CSRF token.
        path = self.unsubscribe_url().removeprefix(SITE)
        response = Client(enforce_csrf_checks=True).post(
            path,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertEqual(response.status_code, 200)
        settings = ReminderSettings.objects.get(user=self.user)
        self.assertFalse(settings.daily_enabled or settings.nudge_enabled)

    def test_no_health_data_in_any_kind_of_reminder(self):
        # Day 1 with no logs brings the daily reminder and POEM's due day; a later
        # gap brings the nudge.
        self.programme.checkins.all().delete()
        first = self.sweep(at(START, 18, 30))
        mail.outbox.clear()
        nudge = self.sweep(at(date(2026, 6, 8), 18, 30))
        self.assertIn("questionnaires is due today", first.body)
        self.assertIn("no Skin Garden log for the last two days", nudge.body)
        for message in (first, nudge):
            text = (message.subject + message.body).lower()
            for word in ("poem", "eczema", "itch", " ml", "kefir", "score:", "dose:"):
                with self.subTest(word=word):
                    self.assertNotIn(word, text)
