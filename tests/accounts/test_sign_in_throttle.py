"""Sign-in resists guessing (issue 11 §1): 5 failures in 15 minutes lock one account
from one client address for 15 minutes, 50 lock the client address; one message; the
right password during a lock does not sign in; records hold no password and go with
the account. Limits from accounts/throttles.py, which quotes the issue."""

from datetime import timedelta

from django.contrib.auth import SESSION_KEY
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts import throttles
from skingarden.accounts.models import ThrottleEvent
from skingarden.accounts.services import account_erase
from skingarden.accounts.sign_in import SIGN_IN_REFUSED, sign_in_check
from skingarden.test import PASSWORD, BaseTestCase

HOME = "198.51.100.7"
ELSEWHERE = "203.0.113.9"
Kind = ThrottleEvent.Kind


class SignInViewTests(BaseTestCase):
    def post(self, password, email="alice@example.org", address=HOME):
        return self.client.post(
            reverse("accounts:login"),
            {"username": email, "password": password},
            REMOTE_ADDR=address,
        )

    def assert_refused(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"].non_field_errors(), [SIGN_IN_REFUSED])
        self.assertNotIn(SESSION_KEY, self.client.session)

    def test_five_wrong_passwords_lock_and_the_right_one_is_then_refused(self):
        for _ in range(5):
            self.assert_refused(self.post("wrong guess"))
        self.assert_refused(self.post(PASSWORD))
        self.assertEqual(
            ThrottleEvent.objects.filter(kind=Kind.SIGN_IN_LOCKED).count(), 1
        )

    def test_four_wrong_passwords_do_not_lock_and_a_success_forgets_them(self):
        for _ in range(4):
            self.assert_refused(self.post("wrong guess"))
        self.assertRedirects(
            self.post(PASSWORD),
            reverse("programmes:dashboard"),
            fetch_redirect_response=False,
        )
        self.assertFalse(
            ThrottleEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).exists()
        )

    def test_the_lock_holds_one_address_only(self):
        for _ in range(5):
            self.post("wrong guess")
        response = self.post(PASSWORD, address=ELSEWHERE)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.alice.pk))

    def test_an_unknown_address_is_counted_and_answered_alike(self):
        for _ in range(5):
            self.assert_refused(self.post("x", email="nobody@example.org"))
        self.assertEqual(
            ThrottleEvent.objects.filter(kind=Kind.SIGN_IN_LOCKED).count(), 1
        )

    def test_a_hundred_guesses_check_five_passwords(self):
        checked = 0
        for _ in range(100):
            before = ThrottleEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).count()
            self.assert_refused(self.post("wrong guess"))
            checked += (
                ThrottleEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).count() > before
            )
        self.assertEqual(checked, 5)

    def test_the_form_keeps_a_safe_next_and_drops_another_site(self):
        page = self.client.get(reverse("accounts:login") + "?next=/programmes/")
        self.assertContains(page, 'name="next" value="/programmes/"')
        response = self.client.post(
            reverse("accounts:login"),
            {
                "username": "alice@example.org",
                "password": PASSWORD,
                "next": "https://evil.example/",
            },
        )
        self.assertRedirects(
            response, reverse("programmes:dashboard"), fetch_redirect_response=False
        )

    def test_get_only_shows_the_form_and_put_is_refused(self):
        self.assertEqual(self.client.get(reverse("accounts:login")).status_code, 200)
        self.assertEqual(self.client.put(reverse("accounts:login")).status_code, 405)
        self.assertFalse(ThrottleEvent.objects.exists())


class SignInCheckTests(BaseTestCase):
    """The service, with time passed in."""

    def check(self, password, *, at, email="alice@example.org", address=HOME):
        return sign_in_check(
            request=None, email=email, password=password, address=address, now=at
        )

    def guess_wrong(self, times, *, at, **where):
        for _ in range(times):
            with self.assertRaisesMessage(Exception, SIGN_IN_REFUSED):
                self.check("wrong guess", at=at, **where)

    def test_the_lock_lasts_fifteen_minutes_from_the_fifth_failure(self):
        start = timezone.now()
        self.guess_wrong(4, at=start)
        self.guess_wrong(
            1, at=start + timedelta(minutes=10)
        )  # the fifth: locked until 25
        self.guess_wrong(1, at=start + timedelta(minutes=24, seconds=59))
        with self.assertRaisesMessage(Exception, SIGN_IN_REFUSED):
            self.check(PASSWORD, at=start + timedelta(minutes=24, seconds=59))
        user = self.check(PASSWORD, at=start + timedelta(minutes=25, seconds=1))
        self.assertEqual(user, self.alice)

    def test_failures_older_than_the_window_do_not_count(self):
        start = timezone.now()
        self.guess_wrong(4, at=start)
        self.guess_wrong(4, at=start + timedelta(minutes=16))
        self.assertEqual(
            self.check(PASSWORD, at=start + timedelta(minutes=16)), self.alice
        )

    def test_fifty_failures_from_one_address_lock_it_for_every_account(self):
        now = timezone.now()
        for n in range(50):
            self.guess_wrong(1, at=now, email=f"guess{n}@example.org")
        with self.assertRaisesMessage(Exception, SIGN_IN_REFUSED):
            self.check(PASSWORD, at=now)  # Alice never failed from here
        self.assertEqual(self.check(PASSWORD, at=now, address=ELSEWHERE), self.alice)
        self.assertEqual(
            self.check(PASSWORD, at=now + timedelta(minutes=15, seconds=1)), self.alice
        )

    def test_forty_nine_failures_from_one_address_leave_it_open(self):
        now = timezone.now()
        for n in range(49):
            self.guess_wrong(1, at=now, email=f"guess{n}@example.org")
        self.assertEqual(self.check(PASSWORD, at=now), self.alice)

    def test_records_hold_no_password_and_no_email_address(self):
        self.guess_wrong(5, at=timezone.now())
        stored = list(ThrottleEvent.objects.values_list("kind", "account", "address"))
        self.assertEqual(len(stored), 6)  # five failures and the lock
        for kind, account, address in stored:
            self.assertEqual(account, throttles.account_key("alice@example.org"))
            self.assertEqual(address, HOME)
            self.assertNotIn("wrong guess", f"{kind}{account}{address}")
            self.assertNotIn("alice", account)

    def test_the_account_key_ignores_case_and_spaces(self):
        self.assertEqual(
            throttles.account_key(" Alice@Example.org "),
            throttles.account_key("alice@example.org"),
        )

    def test_records_older_than_an_hour_are_deleted_by_the_next_write(self):
        start = timezone.now()
        self.guess_wrong(1, at=start, email="someone@example.org")
        self.guess_wrong(1, at=start + timedelta(minutes=61))
        self.assertEqual(
            list(ThrottleEvent.objects.values_list("account", flat=True)),
            [throttles.account_key("alice@example.org")],
        )

    def test_deleting_the_account_deletes_its_records_only(self):
        now = timezone.now()
        self.guess_wrong(5, at=now)
        self.guess_wrong(2, at=now, email="charlie@example.org")
        account_erase(user=self.alice)
        self.assertEqual(
            set(ThrottleEvent.objects.values_list("account", flat=True)),
            {throttles.account_key("charlie@example.org")},
        )


class DeletionTests(BaseTestCase):
    def test_deleting_the_account_leaves_no_sign_in_record_app_or_code(self):
        from skingarden.accounts import two_factor
        from tests.accounts.test_deletion import every_row_as_text

        now = timezone.now()
        secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed base32 secret
        codes = two_factor.authenticator_enrol(user=self.alice, secret=secret, now=now)
        for _ in range(5):
            self.client.post(
                reverse("accounts:login"),
                {"username": "alice@example.org", "password": "wrong guess"},
            )
        throttles.reset_mail_claim(email="alice@example.org", address=HOME, now=now)
        throttles.sign_up_claim(email="alice@example.org", address=HOME, now=now)
        key = throttles.account_key("alice@example.org")
        traces = (key, secret, two_factor.recovery_code_digest(codes[0]))
        before = every_row_as_text()
        for trace in traces:
            self.assertIn(trace, before)
        self.login(self.alice)
        self.client.post(
            reverse("accounts:delete"), {"password": PASSWORD, "confirm": "on"}
        )
        after = every_row_as_text()
        for trace in traces:
            with self.subTest(trace=trace):
                self.assertNotIn(trace, after)
