"""Who may call the API: tokens (missing, wrong, revoked, expired, read-only), the
browser session with its CSRF check and second factor, and the rate limit."""

from datetime import timedelta

from django.test import override_settings
from django.utils import timezone

from skingarden.accounts.models import ApiToken
from skingarden.api import auth, errors
from skingarden.api.views import checkins as checkin_views
from skingarden.programmes.models import CheckIn
from skingarden.reports.models import Report
from tests.api.base import API, ApiTestCase, csrf_client, day_values, make_token
from tests.sharing.helpers import make_practitioner


class TokenAuthenticationTests(ApiTestCase):
    def test_no_token_is_401_with_a_bearer_challenge(self):
        response = self.client.get(f"{API}/me")
        self.assertError(response, 401, auth.SIGN_IN_REQUIRED)
        self.assertEqual(response["WWW-Authenticate"], 'Bearer realm="api"')

    def test_a_wrong_token_is_401(self):
        response = self.api_get(f"{API}/me", "sgp_not-a-real-token")
        self.assertError(response, 401, auth.TOKEN_REFUSED)

    def test_another_scheme_is_401(self):
        response = self.client.get(f"{API}/me", HTTP_AUTHORIZATION="Basic abc")
        self.assertError(response, 401, auth.NOT_BEARER)

    def test_a_revoked_token_is_401(self):
        ApiToken.objects.filter(user=self.alice).update(revoked_at=timezone.now())
        response = self.api_get(f"{API}/me")
        self.assertError(response, 401, auth.TOKEN_REFUSED)

    def test_an_expired_token_is_401(self):
        made_long_ago = timezone.now() - timedelta(days=8)
        token = make_token(self.alice, lifetime_days=7, now=made_long_ago)
        response = self.api_get(f"{API}/me", token)
        self.assertError(response, 401, auth.TOKEN_REFUSED)

    def test_a_token_of_a_deactivated_person_is_401(self):
        self.alice.is_active = False
        self.alice.save(update_fields=["is_active"])
        response = self.api_get(f"{API}/me")
        self.assertError(response, 401, auth.TOKEN_REFUSED)

    def test_use_is_recorded_at_most_once_a_minute(self):
        self.api_get(f"{API}/me")
        token = ApiToken.objects.get(user=self.alice, name="phone")
        first = token.last_used_at
        self.assertIsNotNone(first)
        self.api_get(f"{API}/me")
        token.refresh_from_db()
        self.assertEqual(token.last_used_at, first)

    def test_me_says_what_the_token_may_do(self):
        body = self.api_get(f"{API}/me", self.alice_read_token).json()
        self.assertEqual(body["email"], "alice@example.org")
        self.assertEqual(body["role"], "participant")
        self.assertEqual(body["auth"]["method"], "token")
        self.assertFalse(body["auth"]["can_write"])
        self.assertEqual(body["auth"]["token_name"], "spreadsheet")

    def test_a_read_only_token_cannot_retry_a_report(self):
        response = self.api_post(
            f"{self.programme_url}/report/retry", token=self.alice_read_token
        )
        self.assertError(response, 403, auth.READ_ONLY)
        self.assertFalse(Report.objects.filter(programme=self.programme).exists())


class SessionAuthenticationTests(ApiTestCase):
    def test_a_signed_in_session_reads(self):
        self.login(self.alice)
        response = self.client.get(f"{API}/me")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["auth"]["method"], "session")

    def test_a_write_without_the_csrf_token_is_403(self):
        client = csrf_client()
        client.force_login(self.alice)
        response = client.put(
            self.day_url(),
            day_values(),
            content_type="application/json",
            HTTP_IF_NONE_MATCH="*",
        )
        self.assertError(response, 403, auth.CSRF_FAILED)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_write_with_the_csrf_token_saves(self):
        client = csrf_client()
        client.force_login(self.alice)
        client.get(f"{API}/docs")  # sets the CSRF cookie, as the docs page does
        token = client.cookies["csrftoken"].value
        response = client.put(
            self.day_url(),
            day_values(),
            content_type="application/json",
            HTTP_IF_NONE_MATCH="*",
            HTTP_X_CSRFTOKEN=token,
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(CheckIn.objects.get(date=self.today).form_version, "api-1")

    def test_a_session_waiting_for_its_second_factor_is_401(self):
        pat = make_practitioner("pat@example.org")
        self.login(pat, second_factor=False)
        response = self.client.get(f"{API}/me")
        self.assertError(response, 401, auth.SIGN_IN_REQUIRED)

    def test_a_practitioner_session_after_the_second_factor_reads_only(self):
        pat = make_practitioner("pat@example.org")
        self.login(pat)
        body = self.client.get(f"{API}/me").json()
        self.assertEqual(body["role"], "practitioner")
        self.assertFalse(body["auth"]["can_write"])

    def test_a_bad_token_is_not_replaced_by_the_session(self):
        self.login(self.alice)
        response = self.api_get(f"{API}/me", "sgp_wrong")
        self.assertError(response, 401, auth.TOKEN_REFUSED)


class RateLimitTests(ApiTestCase):
    @override_settings(SKINGARDEN_API_RATE_PER_MINUTE=2)
    def test_the_third_request_in_a_minute_is_429(self):
        for _ in range(2):
            self.assertEqual(self.api_get(f"{API}/me").status_code, 200)
        response = self.api_get(f"{API}/me")
        self.assertError(response, 429, "Too many requests.")
        self.assertLessEqual(int(response["Retry-After"]), 60)
        # Another token has its own allowance.
        other = self.api_get(f"{API}/me", self.alice_read_token)
        self.assertEqual(other.status_code, 200)


class ErrorShapeTests(ApiTestCase):
    """Each status in the one documented shape (400, 412 and 428 are in
    test_checkins, 404 for strangers in each resource's tests)."""

    def test_every_documented_error_uses_the_error_schema(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        error_ref = "#/components/schemas/ErrorOut"
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                for status, answer in operation["responses"].items():
                    if int(status) < 400:
                        continue
                    with self.subTest(operation=f"{method} {path}", status=status):
                        content = answer["content"]["application/json"]["schema"]
                        self.assertEqual(content, {"$ref": error_ref})

    def test_every_operation_documents_the_rate_limit(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        for path, operations in schema["paths"].items():
            for method, operation in operations.items():
                with self.subTest(operation=f"{method} {path}"):
                    answer = operation["responses"]["429"]
                    self.assertIn("Retry-After", answer["headers"])

    @override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=100)
    def test_a_body_too_large_is_413_and_writes_nothing(self):
        body = day_values(note="x" * 500)
        response = self.api_put(self.day_url(), body, HTTP_IF_NONE_MATCH="*")
        self.assertError(response, 413, errors.TOO_LARGE)
        self.assertFalse(CheckIn.objects.filter(date=self.today).exists())

    def test_a_malformed_code_is_400_naming_it(self):
        response = self.api_get(f"{API}/programmes/not-a-code")
        self.assertError(response, 400, errors.INVALID_INPUT)
        self.assertEqual(list(response.json()["fields"]), ["code"])

    def test_the_put_documents_412_and_428(self):
        schema = self.client.get(f"{API}/openapi.json").json()
        put = schema["paths"][f"{API}/programmes/{{code}}/checkins/{{day}}"]["put"]
        self.assertTrue({"200", "201", "412", "428"} <= set(put["responses"]))
        self.assertEqual(
            put["responses"]["200"]["headers"]["ETag"]["schema"]["pattern"],
            checkin_views.ETAG_PATTERN,
        )
