"""Personal access tokens: the service (shown once, stored hashed, scopes, the
second factor, expiry, revocation) and the API tokens page."""

from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts import tokens
from skingarden.accounts.models import ApiToken
from skingarden.test import BaseTestCase
from tests.sharing.helpers import make_practitioner


class TokenServiceTests(BaseTestCase):
    def make(self, user=None, **overrides):
        arguments: dict[str, Any] = {
            "user": user or self.alice,
            "name": "phone",
            "scope": "read_write",
            "lifetime_days": 30,
            "now": timezone.now(),
            "second_factor_passed": False,
        }
        arguments.update(overrides)
        return tokens.token_create(**arguments)

    def test_it_keeps_only_a_digest_of_the_secret(self):
        now = timezone.now()
        made = self.make(now=now)
        stored = ApiToken.objects.get(pk=made.token.pk)
        self.assertTrue(made.secret.startswith(tokens.TOKEN_PREFIX))
        self.assertEqual(len(made.secret), len(tokens.TOKEN_PREFIX) + 40)
        self.assertEqual(stored.digest, tokens.token_digest(made.secret))
        self.assertNotIn(made.secret, str(ApiToken.objects.values().get()))
        self.assertEqual(stored.expires_at, now + timedelta(days=30))
        self.assertEqual(stored.scope, "read_write")

    def test_it_refuses_bad_choices_and_writes_nothing(self):
        with self.assertRaises(ValidationError) as caught:
            self.make(name="  ", scope="admin", lifetime_days=1000)
        self.assertEqual(
            caught.exception.message_dict,
            {
                "name": [tokens.NAME_REQUIRED],
                "scope": [tokens.SCOPE_UNKNOWN],
                "lifetime_days": [tokens.LIFETIME_UNKNOWN],
            },
        )
        self.assertFalse(ApiToken.objects.exists())

    def test_a_practitioner_token_only_reads(self):
        pat = make_practitioner("pat@example.org")
        with self.assertRaisesMessage(ValidationError, tokens.PRACTITIONER_READ_ONLY):
            self.make(pat, second_factor_passed=True)
        made = self.make(pat, scope="read", second_factor_passed=True)
        self.assertEqual(made.token.scope, "read")

    def test_a_practitioner_needs_the_second_factor_first(self):
        pat = make_practitioner("pat@example.org")
        with self.assertRaisesMessage(ValidationError, tokens.SECOND_FACTOR_FIRST):
            self.make(pat, scope="read", second_factor_passed=False)
        self.assertFalse(ApiToken.objects.exists())

    def test_at_most_twenty_working_tokens(self):
        for n in range(tokens.MAX_ACTIVE_TOKENS):
            self.make(name=f"t{n}")
        with self.assertRaisesMessage(ValidationError, tokens.TOO_MANY):
            self.make(name="one more")
        ApiToken.objects.filter(name="t0").update(revoked_at=timezone.now())
        self.make(name="one more")

    def test_revoking_a_strangers_token_is_404(self):
        made = self.make()
        with self.assertRaises(Http404):
            tokens.token_revoke(
                user=self.charlie, code=made.token.code, now=timezone.now()
            )
        self.assertIsNone(ApiToken.objects.get().revoked_at)

    def test_authenticate_refuses_revoked_and_expired_tokens(self):
        now = timezone.now()
        made = self.make(now=now, lifetime_days=7)
        self.assertEqual(
            tokens.token_authenticate(secret=made.secret, now=now), made.token
        )
        later = now + timedelta(days=7)
        self.assertIsNone(tokens.token_authenticate(secret=made.secret, now=later))
        tokens.token_revoke(user=self.alice, code=made.token.code, now=now)
        self.assertIsNone(tokens.token_authenticate(secret=made.secret, now=now))


class TokenPageTests(BaseTestCase):
    url = reverse("accounts:tokens")

    def alices_token(self) -> tokens.NewToken:
        return tokens.token_create(
            user=self.alice,
            name="phone",
            scope="read",
            lifetime_days=7,
            now=timezone.now(),
            second_factor_passed=False,
        )

    def test_it_shows_a_new_token_once_and_stores_its_digest(self):
        self.login(self.alice)
        response = self.client.post(
            self.url, {"name": "phone", "scope": "read_write", "lifetime_days": "90"}
        )
        self.assertEqual(response.status_code, 200)
        secret = response.context["made"].secret
        self.assertContains(response, secret)
        self.assertIn("no-store", response["Cache-Control"])
        stored = ApiToken.objects.get(user=self.alice)
        self.assertEqual(stored.digest, tokens.token_digest(secret))
        listing = self.client.get(self.url)
        self.assertContains(listing, "phone")
        self.assertNotContains(listing, secret)

    def test_a_refused_form_is_400_and_writes_nothing(self):
        self.login(self.alice)
        response = self.client.post(self.url, {"name": "", "scope": "read"})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(ApiToken.objects.exists())

    def test_a_practitioner_is_offered_read_only(self):
        pat = make_practitioner("pat@example.org")
        self.login(pat)
        response = self.client.get(self.url)
        self.assertEqual(
            [value for value, _ in response.context["form"].fields["scope"].choices],
            ["read"],
        )

    def test_revoking_from_the_page(self):
        made = self.alices_token()
        self.login(self.alice)
        revoke = reverse("accounts:token_revoke", args=[made.token.code])
        self.assertEqual(self.client.get(revoke).status_code, 405)
        response = self.client.post(revoke)
        self.assertRedirects(response, self.url)
        made.token.refresh_from_db()
        self.assertIsNotNone(made.token.revoked_at)

    def test_a_stranger_cannot_revoke(self):
        made = self.alices_token()
        self.login(self.charlie)
        revoke = reverse("accounts:token_revoke", args=[made.token.code])
        self.assertEqual(self.client.post(revoke).status_code, 404)
        made.token.refresh_from_db()
        self.assertIsNone(made.token.revoked_at)

    def test_anonymous_is_sent_to_sign_in(self):
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])
