"""A practitioner session counts as signed in only once its second factor passed
(issue 11 §1): until then every practitioner page, read or write, sends it to set up
an app (none yet) or to enter a code (an app set up), shows nothing of a client and
changes nothing."""

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts import two_factor
from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent, Consent
from tests.sharing.helpers import SharingTestCase
from tests.sharing.test_access import client_urls

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # a fixed base32 secret for the tests


class PractitionerNeedsSecondFactorTests(SharingTestCase):
    def practitioner_urls(self):
        return [
            reverse("sharing:clients"),
            reverse("sharing:accept"),
            reverse("sharing:accept_link", args=["some-code"]),
            reverse("sharing:pooled"),
            reverse("accounts:two_factor"),
            reverse("programmes:dashboard"),
            reverse("accounts:delete"),
            *client_urls(self.consent, self.programme),
        ]

    def assert_every_page_sends_to(self, step):
        target = reverse(f"accounts:two_factor_{step}")
        for url in self.practitioner_urls():
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertRedirects(
                    response, f"{target}?next={url}", fetch_redirect_response=False
                )
                self.assertNotContains(response, "alice@example.org", status_code=302)

    def assert_nothing_written_by_posts(self):
        events, consents = AccessEvent.objects.count(), Consent.objects.count()
        _, secret = services.invitation_create(
            participant=self.charlie,
            programmes=[self.charlie_programme],
            access_until=self.today.replace(year=self.today.year + 1),
            now=timezone.now(),
        )
        args = [self.consent.code, self.programme.code, "easi"]
        posts = {
            reverse("sharing:accept"): {"code": secret},
            reverse("sharing:client_rating", args=args): {
                "rated_on": self.today.isoformat(),
                "age_years": "30",
            },
            reverse("accounts:delete"): {"password": "x", "confirm": "on"},
        }
        for url, data in posts.items():
            with self.subTest(url=url):
                self.assertEqual(self.client.post(url, data).status_code, 302)
        self.assertEqual(Consent.objects.count(), consents)
        self.assertEqual(AccessEvent.objects.count(), events)
        self.assertFalse(
            InstrumentResponse.objects.filter(rated_by="clinician").exists()
        )
        self.assertTrue(User.objects.filter(pk=self.pat.pk).exists())

    def test_without_an_app_every_page_sends_to_set_one_up(self):
        self.login(self.pat, second_factor=False)
        self.assert_every_page_sends_to("enrol")
        self.assert_nothing_written_by_posts()

    def test_with_an_app_but_no_code_yet_every_page_asks_for_the_code(self):
        two_factor.authenticator_enrol(user=self.pat, secret=SECRET, now=timezone.now())
        self.login(self.pat, second_factor=False)
        self.assert_every_page_sends_to("verify")
        self.assert_nothing_written_by_posts()

    def test_a_stranger_practitioner_is_sent_to_set_up_and_learns_nothing(self):
        self.login(self.quinn, second_factor=False)
        url = reverse("sharing:client", args=[self.consent.code])
        response = self.client.get(url)
        self.assertRedirects(
            response,
            f"{reverse('accounts:two_factor_enrol')}?next={url}",
            fetch_redirect_response=False,
        )
        self.login(self.quinn)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_passed_session_reaches_the_pages(self):
        self.login(self.pat)
        self.assertEqual(self.client.get(reverse("sharing:clients")).status_code, 200)

    def test_a_code_passed_for_someone_else_does_not_count(self):
        self.client.force_login(self.pat)
        session = self.client.session
        session[two_factor.SESSION_KEY] = str(self.quinn.pk)
        session.save()
        response = self.client.get(reverse("sharing:clients"))
        self.assertEqual(response.status_code, 302)

    def test_log_out_and_the_code_pages_stay_reachable(self):
        self.login(self.pat, second_factor=False)
        self.assertEqual(self.client.get(reverse("accounts:logout")).status_code, 200)
        enrol = self.client.get(reverse("accounts:two_factor_enrol"))
        self.assertEqual(enrol.status_code, 200)
        self.client.post(reverse("accounts:logout"))
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_a_participant_without_two_factor_is_not_asked(self):
        self.login(self.alice, second_factor=False)
        self.assertEqual(self.client.get(reverse("sharing:privacy")).status_code, 200)


class SessionSignedInTests(SharingTestCase):
    """The question the API will ask of a session."""

    def request_for(self, user, passed):
        self.login(user, second_factor=passed)
        request = HttpRequest()
        request.user = user
        request.session = self.client.session
        return request

    def test_a_practitioner_is_signed_in_only_after_the_second_factor(self):
        self.assertFalse(
            two_factor.session_signed_in(self.request_for(self.pat, False))
        )
        self.assertTrue(two_factor.session_signed_in(self.request_for(self.pat, True)))
        self.assertTrue(
            two_factor.second_factor_passed(self.request_for(self.pat, True))
        )

    def test_a_participant_without_two_factor_is_signed_in_with_the_password(self):
        request = self.request_for(self.alice, False)
        self.assertTrue(two_factor.session_signed_in(request))
        self.assertFalse(two_factor.second_factor_passed(request))

    def test_a_participant_with_two_factor_needs_it_too(self):
        two_factor.authenticator_enrol(
            user=self.alice, secret=SECRET, now=timezone.now()
        )
        self.assertFalse(
            two_factor.session_signed_in(self.request_for(self.alice, False))
        )
