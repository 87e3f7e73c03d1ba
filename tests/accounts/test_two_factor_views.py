"""Two-factor pages: a participant switches it on from their account, signs in with
password then code (or a recovery code), gets new codes and switches it off."""

import re

from django.contrib.auth import SESSION_KEY as USER_KEY
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts import totp, two_factor
from skingarden.accounts.models import Authenticator, RecoveryCode
from skingarden.accounts.two_factor import CODE_REFUSED, NOT_ON, SESSION_KEY
from skingarden.accounts.two_factor_views import MOVE_TO_NEW_APP, SWITCHED_OFF
from skingarden.test import PASSWORD, BaseTestCase
from tests.sharing.helpers import make_practitioner

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed base32 secret for the tests
DASHBOARD = "/today/"
CODE_PAGES = (
    "accounts:two_factor",
    "accounts:two_factor_enrol",
    "accounts:two_factor_verify",
    "accounts:two_factor_recovery",
    "accounts:two_factor_recovery_codes",
    "accounts:two_factor_remove",
)


def now_code(secret=SECRET):
    return totp.code_at(secret, timezone.now())


class EnrolmentPageTests(BaseTestCase):
    def test_a_participant_switches_it_on_from_their_account(self):
        self.login(self.alice)
        page = self.client.get(reverse("accounts:two_factor"))
        self.assertContains(page, reverse("accounts:two_factor_enrol"))
        page = self.client.get(reverse("accounts:two_factor_enrol"))
        secret = Authenticator.objects.get(user=self.alice).secret
        self.assertContains(page, 'src="data:image/svg+xml')
        self.assertContains(page, " ".join(re.findall("....", secret)))
        self.assertContains(page, 'autocomplete="one-time-code"')
        self.assertContains(page, 'inputmode="numeric"')
        self.assertContains(page, '<label for="id_code">')
        self.assertEqual(
            page["Cache-Control"],
            "max-age=0, no-cache, no-store, must-revalidate, private",
        )
        shown = self.client.post(
            reverse("accounts:two_factor_enrol"), {"code": now_code(secret)}
        )
        codes = re.findall(
            r"<code>([a-z2-7]{4}(?:-[a-z2-7]{4}){3})</code>", shown.content.decode()
        )
        self.assertEqual(len(codes), 10)
        self.alice.refresh_from_db()
        self.assertTrue(self.alice.two_factor_enabled)
        self.assertEqual(self.client.session[SESSION_KEY], str(self.alice.pk))
        self.assertEqual(RecoveryCode.objects.filter(user=self.alice).count(), 10)
        self.assertRedirects(
            self.client.get(reverse("accounts:two_factor_enrol")),
            reverse("accounts:two_factor"),
        )

    def test_a_wrong_first_code_leaves_it_off(self):
        self.login(self.alice)
        self.client.get(reverse("accounts:two_factor_enrol"))
        response = self.client.post(
            reverse("accounts:two_factor_enrol"), {"code": "12"}
        )
        self.assertContains(response, CODE_REFUSED, status_code=400)
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.two_factor_enabled)

    def test_a_half_signed_in_session_cannot_replace_the_app(self):
        two_factor.authenticator_enrol(
            user=self.alice, secret=SECRET, now=timezone.now()
        )
        self.login(self.alice, second_factor=False)
        response = self.client.get(reverse("accounts:two_factor_enrol"))
        self.assertRedirects(
            response, reverse("accounts:two_factor"), fetch_redirect_response=False
        )
        self.assertEqual(Authenticator.objects.get(user=self.alice).secret, SECRET)


class SignInWithCodeTests(BaseTestCase):
    def setUp(self):
        self.codes = two_factor.authenticator_enrol(
            user=self.alice, secret=SECRET, now=timezone.now()
        )

    def sign_in(self):
        response = self.client.post(
            reverse("accounts:login"),
            {"username": "alice@example.org", "password": PASSWORD},
        )
        self.assertRedirects(response, DASHBOARD, fetch_redirect_response=False)

    def test_the_password_alone_leads_to_the_code_page_and_the_code_in(self):
        self.sign_in()
        verify = reverse("accounts:two_factor_verify")
        self.assertRedirects(self.client.get(DASHBOARD), f"{verify}?next={DASHBOARD}")
        response = self.client.post(verify, {"code": now_code(), "next": DASHBOARD})
        self.assertRedirects(response, DASHBOARD, fetch_redirect_response=False)
        self.assertEqual(self.client.get(DASHBOARD).status_code, 200)

    def test_a_wrong_code_keeps_the_session_half_signed_in(self):
        self.sign_in()
        response = self.client.post(
            reverse("accounts:two_factor_verify"), {"code": "1"}
        )
        self.assertContains(response, CODE_REFUSED, status_code=400)
        self.assertNotIn(SESSION_KEY, self.client.session)
        self.assertEqual(self.client.session[USER_KEY], str(self.alice.pk))

    def test_a_code_cannot_be_used_twice(self):
        code = now_code()
        self.sign_in()
        self.client.post(reverse("accounts:two_factor_verify"), {"code": code})
        self.client.post(reverse("accounts:logout"))
        self.sign_in()
        response = self.client.post(
            reverse("accounts:two_factor_verify"), {"code": code}
        )
        self.assertContains(response, CODE_REFUSED, status_code=400)

    def test_a_recovery_code_signs_in_once(self):
        self.sign_in()
        response = self.client.post(
            reverse("accounts:two_factor_recovery"),
            {"code": self.codes[0]},
            follow=True,
        )
        self.assertContains(response, "You used a recovery code; 9 left.")
        self.client.post(reverse("accounts:logout"))
        self.sign_in()
        response = self.client.post(
            reverse("accounts:two_factor_recovery"), {"code": self.codes[0]}
        )
        self.assertContains(response, two_factor.RECOVERY_CODE_REFUSED, status_code=400)

    def test_the_code_page_keeps_next_on_this_site_only(self):
        self.sign_in()
        response = self.client.post(
            reverse("accounts:two_factor_verify"),
            {"code": now_code(), "next": "https://evil.example/"},
        )
        self.assertRedirects(response, DASHBOARD, fetch_redirect_response=False)


class SettingsPageTests(BaseTestCase):
    def setUp(self):
        self.codes = two_factor.authenticator_enrol(
            user=self.alice, secret=SECRET, now=timezone.now()
        )
        self.login(self.alice)

    def test_it_counts_the_codes_left(self):
        two_factor.recovery_code_use(
            user=self.alice, code=self.codes[0], now=timezone.now()
        )
        self.assertContains(
            self.client.get(reverse("accounts:two_factor")),
            "You have <strong>9</strong> unused recovery codes left.",
        )

    def test_new_recovery_codes_for_a_current_code(self):
        response = self.client.post(
            reverse("accounts:two_factor_recovery_codes"), {"code": now_code()}
        )
        self.assertContains(response, "This is the only time these codes are shown.")
        old = two_factor.recovery_code_digest(self.codes[0])
        self.assertFalse(RecoveryCode.objects.filter(digest=old).exists())

    def test_switching_off_needs_a_current_code(self):
        response = self.client.post(
            reverse("accounts:two_factor_remove"), {"code": "1"}
        )
        self.assertContains(response, CODE_REFUSED, status_code=400)
        self.assertTrue(Authenticator.objects.filter(user=self.alice).exists())
        response = self.client.post(
            reverse("accounts:two_factor_remove"), {"code": now_code()}, follow=True
        )
        self.assertContains(response, SWITCHED_OFF)
        self.alice.refresh_from_db()
        self.assertFalse(self.alice.two_factor_enabled)

    def test_a_stranger_cannot_touch_alices_app_with_her_code(self):
        self.login(self.charlie)
        response = self.client.post(
            reverse("accounts:two_factor_remove"), {"code": now_code()}
        )
        self.assertContains(response, NOT_ON, status_code=400)
        self.assertNotContains(
            self.client.get(reverse("accounts:two_factor")), "unused recovery code"
        )
        self.assertTrue(Authenticator.objects.filter(user=self.alice).exists())
        self.assertEqual(RecoveryCode.objects.filter(user=self.alice).count(), 10)

    def test_wrong_methods_are_refused(self):
        self.assertEqual(
            self.client.get(reverse("accounts:two_factor_remove")).status_code, 405
        )
        self.assertEqual(
            self.client.put(reverse("accounts:two_factor_verify")).status_code, 405
        )
        self.assertEqual(
            self.client.post(reverse("accounts:two_factor")).status_code, 405
        )

    def test_the_anonymous_are_sent_to_sign_in(self):
        self.client.logout()
        for name in CODE_PAGES:
            with self.subTest(name):
                response = self.client.get(reverse(name))
                self.assertEqual(response.status_code, 302)
                self.assertTrue(
                    response["Location"].startswith(reverse("accounts:login"))
                )


class PractitionerMovesAppTests(BaseTestCase):
    def test_removing_the_app_leads_straight_to_setting_up_a_new_one(self):
        pat = make_practitioner("pat@example.org")
        two_factor.authenticator_enrol(user=pat, secret=SECRET, now=timezone.now())
        self.login(pat)
        page = self.client.get(reverse("accounts:two_factor"))
        self.assertContains(page, "Move to a new app")
        self.assertNotContains(page, "Switch off")
        response = self.client.post(
            reverse("accounts:two_factor_remove"), {"code": now_code()}, follow=True
        )
        self.assertRedirects(response, reverse("accounts:two_factor_enrol"))
        self.assertContains(response, MOVE_TO_NEW_APP)
        self.assertRedirects(
            self.client.get(reverse("sharing:clients")),
            f"{reverse('accounts:two_factor_enrol')}?next={reverse('sharing:clients')}",
        )
