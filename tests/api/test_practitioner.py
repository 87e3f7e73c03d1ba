"""A practitioner's token reads only what a consent shares now, audited as on the
practitioner's pages, and never writes."""

from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.api import auth
from skingarden.programmes.models import CheckIn
from skingarden.sharing import services as sharing
from skingarden.sharing.models import AccessEvent, Consent
from tests.api.base import API, ApiTestCase, day_values, make_token
from tests.sharing.helpers import make_practitioner, share


class PractitionerTokenTests(ApiTestCase):
    pat: User
    consent: Consent
    pat_token: str

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.pat = make_practitioner("pat@example.org")
        cls.consent = share(cls.alice, cls.pat, cls.programme)
        cls.pat_token = make_token(cls.pat, "read")

    def test_it_reads_a_shared_programme_and_the_read_is_audited(self):
        response = self.api_get(f"{self.programme_url}/checkins", self.pat_token)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(len(response.json()), 9)
        event = AccessEvent.objects.get(participant=self.alice)
        self.assertEqual(
            (event.action, event.detail, event.programme_id),
            ("api", "checkins", self.programme.pk),
        )

    def test_its_list_is_what_is_shared_now(self):
        body = self.api_get(f"{API}/programmes", self.pat_token).json()
        self.assertEqual([row["code"] for row in body], [str(self.programme.code)])
        self.assertEqual(body[0]["shared_by"], "alice@example.org")

    def test_a_programme_not_shared_is_404(self):
        url = f"{API}/programmes/{self.charlie_programme.code}"
        response = self.api_get(url, self.pat_token)
        self.assertError(response, 404, "No such client or programme.")
        self.assertFalse(AccessEvent.objects.exists())

    def test_after_revocation_it_is_404(self):
        sharing.consent_revoke(consent=self.consent, now=timezone.now())
        response = self.api_get(self.programme_url, self.pat_token)
        self.assertError(response, 404, "No such client or programme.")
        self.assertEqual(self.api_get(f"{API}/programmes", self.pat_token).json(), [])

    def test_it_cannot_write_even_a_shared_programme(self):
        response = self.api_put(
            self.day_url(), day_values(), self.pat_token, HTTP_IF_NONE_MATCH="*"
        )
        self.assertError(response, 403, auth.READ_ONLY)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())
        self.assertFalse(AccessEvent.objects.exists())
