"""Reset mail and sign-up floods (issue 11 §1): at most 3 reset mails an hour to one
address and 20 asked for from one client address, the page answering the same; at
most 10 sign-up tries an hour from one client address, practitioners' included.
Limits from accounts/throttles.py, which quotes the issue."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from skingarden.accounts import throttles
from skingarden.accounts.models import ThrottleEvent, User
from skingarden.accounts.services import EMAIL_TAKEN
from skingarden.accounts.views import SIGN_UP_PAUSED
from skingarden.test import PASSWORD, BaseTestCase

HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


class ResetMailTests(BaseTestCase):
    def ask(self, email="alice@example.org", address=HOME):
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("accounts:password_reset"),
                {"email": email},
                REMOTE_ADDR=address,
            )
        self.assertRedirects(response, reverse("accounts:password_reset_done"))

    def test_three_mails_an_hour_to_one_address_and_the_same_answer_after(self):
        for n in range(5):
            self.ask(address=f"192.0.2.{n}")
        self.assertEqual(DBTaskResult.objects.count(), 3)

    def test_twenty_asked_for_an_hour_from_one_client_address(self):
        people = [f"p{n}@example.org" for n in range(21)]
        for email in people:
            User.objects.create_user(email, PASSWORD)
        for email in people:
            self.ask(email=email)
        self.assertEqual(DBTaskResult.objects.count(), 20)
        self.ask(email="alice@example.org", address=ELSEWHERE)
        self.assertEqual(DBTaskResult.objects.count(), 21)

    def test_the_allowance_comes_back_after_an_hour(self):
        start = timezone.now()
        claims = [
            throttles.reset_mail_claim(email="alice@example.org", address=HOME, now=at)
            for at in (start, start, start, start, start + timedelta(minutes=61))
        ]
        self.assertEqual(claims, [True, True, True, False, True])


class SignUpThrottleTests(BaseTestCase):
    def sign_up(self, email, address=HOME, url="accounts:signup", **extra):
        return self.client.post(
            reverse(url),
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "time_zone": "Europe/London",
                **extra,
            },
            REMOTE_ADDR=address,
        )

    def test_ten_tries_an_hour_from_one_address_then_nothing_is_created(self):
        for n in range(10):
            self.assertEqual(self.sign_up(f"new{n}@example.org").status_code, 302)
            self.client.logout()
        response = self.sign_up("eleventh@example.org")
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.context["form"].non_field_errors(), [SIGN_UP_PAUSED])
        self.assertFalse(User.objects.filter(email="eleventh@example.org").exists())
        self.assertEqual(self.sign_up("other@example.org", ELSEWHERE).status_code, 302)

    def test_a_taken_address_keeps_its_message_and_counts_as_a_try(self):
        response = self.sign_up("alice@example.org")
        self.assertEqual(response.context["form"].errors["email"], [EMAIL_TAKEN])
        self.assertEqual(ThrottleEvent.objects.filter(kind="sign_up").count(), 1)
        for _ in range(9):
            self.sign_up("alice@example.org")
        response = self.sign_up("alice@example.org")
        self.assertEqual(response.context["form"].non_field_errors(), [SIGN_UP_PAUSED])
        self.assertNotIn("email", response.context["form"].errors)

    def test_practitioner_sign_ups_share_the_limit(self):
        for n in range(10):
            self.sign_up(f"new{n}@example.org")
            self.client.logout()
        response = self.sign_up(
            "gp@example.org",
            url="sharing:signup",
            name="Dr Sam Lee",
            profession="General practitioner",
        )
        self.assertEqual(response.status_code, 429)
        self.assertEqual(response.context["form"].non_field_errors(), [SIGN_UP_PAUSED])
        self.assertFalse(User.objects.filter(email="gp@example.org").exists())

    def test_an_invalid_form_is_not_counted(self):
        self.client.post(reverse("accounts:signup"), {"email": "x@example.org"})
        self.assertFalse(ThrottleEvent.objects.exists())
