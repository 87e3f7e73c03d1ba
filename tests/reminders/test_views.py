"""The reminders page, the calendar links and the unsubscribe link: each changes
only its owner's settings, and a wrong token is a 404 that changes nothing."""

from datetime import time

import icalendar
from django.test import Client, TestCase
from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.reminders.forms import TIME_INVALID, TIME_REQUIRED
from skingarden.reminders.models import ReminderSettings
from skingarden.test import BaseTestCase, make_participant
from tests.reminders.helpers import settings_for

SETTINGS_URL = reverse("reminders:settings")
VALID = {
    "daily_enabled": "on",
    "reminder_time": "07:45",
    "instruments_enabled": "on",
}


def state(user):
    settings = ReminderSettings.objects.filter(user=user).first()
    if settings is None:
        return None
    return (
        settings.daily_enabled,
        settings.reminder_time,
        settings.nudge_enabled,
        settings.instruments_enabled,
        settings.unsubscribe_token,
        settings.calendar_token,
    )


class SettingsPageTests(BaseTestCase):
    def setUp(self):
        self.charlie_settings = settings_for(self.charlie, reminder_time=time(6, 0))
        self.charlie_before = state(self.charlie)

    def test_it_shows_the_defaults_before_anything_is_saved(self):
        self.login(self.alice)
        with self.assertNumQueries(4):
            response = self.client.get(SETTINGS_URL)
        self.assertContains(response, 'value="19:00"')
        self.assertContains(response, "They are on until you change them here.")
        self.assertContains(response, "Your time zone: Europe/London.")
        self.assertContains(response, "Turn the calendar feed on")
        self.assertNotIn("unsafe-inline", response["Content-Security-Policy"])
        self.assertIsNone(state(self.alice))

    def test_it_saves_the_choices(self):
        self.login(self.alice)
        response = self.client.post(SETTINGS_URL, VALID)
        self.assertRedirects(response, SETTINGS_URL)
        settings = ReminderSettings.objects.get(user=self.alice)
        self.assertEqual(state(self.alice)[:4], (True, time(7, 45), False, True))
        self.assertEqual(len(settings.unsubscribe_token), 43)
        self.assertEqual(state(self.charlie), self.charlie_before)

    def test_a_bad_time_is_refused_and_nothing_is_saved(self):
        self.login(self.alice)
        settings_for(self.alice)
        before = state(self.alice)
        for value, message in (
            ("25:00", TIME_INVALID),
            ("7pm", TIME_INVALID),
            ("", TIME_REQUIRED),
        ):
            with self.subTest(value=value):
                response = self.client.post(
                    SETTINGS_URL, {**VALID, "reminder_time": value}
                )
                self.assertContains(response, message, status_code=400)
                self.assertEqual(state(self.alice), before)

    def test_a_stranger_changes_only_their_own_settings(self):
        settings_for(self.alice)
        alice_before = state(self.alice)
        self.login(self.charlie)
        self.client.post(SETTINGS_URL, {**VALID, "reminder_time": "21:15"})
        self.assertEqual(state(self.alice), alice_before)
        self.assertEqual(state(self.charlie)[1], time(21, 15))

    def test_anonymous_visitors_are_sent_to_log_in_and_change_nothing(self):
        response = self.client.post(SETTINGS_URL, VALID)
        self.assertRedirects(
            response, f"{reverse('accounts:login')}?next={SETTINGS_URL}"
        )
        self.assertIsNone(state(self.alice))

    def test_other_methods_are_refused(self):
        self.login(self.alice)
        self.assertEqual(self.client.put(SETTINGS_URL).status_code, 405)
        for name in ("reminders:calendar_renew", "reminders:calendar_revoke"):
            self.assertEqual(self.client.get(reverse(name)).status_code, 405)
        self.assertIsNone(state(self.alice))


class CalendarLinkTests(BaseTestCase):
    def feed_url(self, token):
        return reverse("reminders:calendar_feed", args=[token])

    def renew(self, user):
        self.login(user)
        response = self.client.post(reverse("reminders:calendar_renew"))
        self.assertRedirects(response, SETTINGS_URL)
        return ReminderSettings.objects.get(user=user).calendar_token

    def test_turning_the_feed_on_shows_its_secret_address(self):
        token = self.renew(self.alice)
        self.assertEqual(len(token), 43)
        page = self.client.get(SETTINGS_URL)
        self.assertContains(page, f'value="http://testserver{self.feed_url(token)}"')
        self.assertContains(page, "Give it a new address")

    def test_the_feed_is_served_without_logging_in_as_a_calendar(self):
        token = self.renew(self.alice)
        response = Client().get(self.feed_url(token))
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("no-store", response["Cache-Control"])
        calendar = icalendar.Calendar.from_ical(response.content)
        uids = {str(event.uid) for event in calendar.events}
        self.assertIn(f"phase-baseline-1-{self.programme.code}@skingarden", uids)
        self.assertNotIn(
            f"phase-baseline-1-{self.charlie_programme.code}@skingarden", uids
        )

    def test_a_new_address_stops_the_old_one(self):
        old = self.renew(self.alice)
        new = self.renew(self.alice)
        self.assertNotEqual(old, new)
        self.assertEqual(Client().get(self.feed_url(old)).status_code, 404)
        self.assertEqual(Client().get(self.feed_url(new)).status_code, 200)

    def test_turning_it_off_stops_the_address(self):
        token = self.renew(self.alice)
        response = self.client.post(reverse("reminders:calendar_revoke"))
        self.assertRedirects(response, SETTINGS_URL)
        self.assertIsNone(ReminderSettings.objects.get(user=self.alice).calendar_token)
        self.assertEqual(Client().get(self.feed_url(token)).status_code, 404)

    def test_a_wrong_token_is_a_404(self):
        self.renew(self.alice)
        for token in ("x" * 43, "", "a" * 500):
            with self.subTest(token=token[:5]):
                url = f"/reminders/calendar/{token}.ics"
                self.assertEqual(Client().get(url).status_code, 404)

    def test_a_stranger_cannot_touch_alices_feed(self):
        token = self.renew(self.alice)
        charlie_token = self.renew(self.charlie)
        self.client.post(reverse("reminders:calendar_revoke"))  # as charlie
        self.assertEqual(
            ReminderSettings.objects.get(user=self.alice).calendar_token, token
        )
        self.assertEqual(Client().get(self.feed_url(charlie_token)).status_code, 404)
        self.assertEqual(Client().get(self.feed_url(token)).status_code, 200)

    def test_anonymous_visitors_cannot_turn_a_feed_on(self):
        response = Client().post(reverse("reminders:calendar_renew"))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(ReminderSettings.objects.exists())


class UnsubscribeTests(TestCase):
    alice: User
    charlie: User

    @classmethod
    def setUpTestData(cls):
        cls.alice = make_participant("alice@example.org")
        cls.charlie = make_participant("charlie@example.org")

    def setUp(self):
        self.alice_settings = settings_for(self.alice, calendar_token="c" * 43)
        self.charlie_before = state(settings_for(self.charlie).user)
        self.url = reverse(
            "reminders:unsubscribe", args=[self.alice_settings.unsubscribe_token]
        )
        # A mail client's one-click POST carries no CSRF token.
        self.client = Client(enforce_csrf_checks=True)

    def test_the_link_asks_first_and_changes_nothing(self):
        before = state(self.alice)
        response = self.client.get(self.url)
        self.assertContains(response, "Stop reminder e-mails")
        self.assertContains(response, "alice@example.org")
        self.assertEqual(state(self.alice), before)

    def test_one_post_turns_every_reminder_e_mail_off(self):
        response = self.client.post(
            self.url,
            "List-Unsubscribe=One-Click",
            content_type="application/x-www-form-urlencoded",
        )
        self.assertContains(response, "You will get no more reminder e-mails")
        self.assertEqual(state(self.alice)[:4], (False, time(19, 0), False, False))
        self.assertEqual(state(self.alice)[5], "c" * 43)  # the feed is its own choice
        self.assertEqual(state(self.charlie), self.charlie_before)

    def test_a_wrong_token_is_a_404_and_changes_nothing(self):
        before = state(self.alice)
        wrong = reverse("reminders:unsubscribe", args=["not-the-token"])
        self.assertEqual(self.client.get(wrong).status_code, 404)
        self.assertEqual(self.client.post(wrong).status_code, 404)
        self.assertEqual(state(self.alice), before)
        self.assertEqual(state(self.charlie), self.charlie_before)

    def test_a_strangers_link_unsubscribes_only_the_stranger(self):
        token = ReminderSettings.objects.get(user=self.charlie).unsubscribe_token
        self.client.post(reverse("reminders:unsubscribe", args=[token]))
        self.assertEqual(state(self.alice)[:4], (True, time(19, 0), True, True))
        self.assertEqual(state(self.charlie)[:4], (False, time(19, 0), False, False))

    def test_other_methods_are_refused(self):
        self.assertEqual(self.client.put(self.url).status_code, 405)
        self.assertTrue(ReminderSettings.objects.get(user=self.alice).daily_enabled)
