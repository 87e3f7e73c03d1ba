"""Personas and requests for the API's tests: Alice (a programme 10 days in) with a
read-write and a read-only token, Charlie (a stranger with a programme starting
today) with his own read-write token."""

import json
from datetime import timedelta
from typing import Any

from django.test import Client
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.tokens import token_create
from skingarden.test import BaseTestCase

API = "/api/v1"


def make_token(user: User, scope: str = "read_write", **overrides: Any) -> str:
    made = token_create(
        user=user,
        name=overrides.pop("name", "phone"),
        scope=scope,
        lifetime_days=overrides.pop("lifetime_days", 30),
        now=overrides.pop("now", timezone.now()),
        second_factor_passed=overrides.pop("second_factor_passed", True),
    )
    return made.secret


def bearer(token: str) -> dict[str, Any]:
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


class ApiTestCase(BaseTestCase):
    alice_token: str
    alice_read_token: str
    charlie_token: str

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.alice_token = make_token(cls.alice)
        cls.alice_read_token = make_token(cls.alice, "read", name="spreadsheet")
        cls.charlie_token = make_token(cls.charlie)

    @property
    def programme_url(self) -> str:
        return f"{API}/programmes/{self.programme.code}"

    def day_url(self, days_ago: int = 0) -> str:
        day = self.today - timedelta(days=days_ago)
        return f"{self.programme_url}/checkins/{day.isoformat()}"

    def api_get(self, url: str, token: str | None = None, **headers: Any) -> Any:
        auth = bearer(token or self.alice_token)
        return self.client.get(url, **auth, **headers)

    def api_put(
        self, url: str, body: Any, token: str | None = None, **headers: Any
    ) -> Any:
        auth = bearer(token or self.alice_token)
        data = json.dumps(body)
        return self.client.put(
            url, data, content_type="application/json", **auth, **headers
        )

    def api_post(
        self, url: str, body: Any = None, token: str | None = None, **headers: Any
    ) -> Any:
        auth = bearer(token or self.alice_token)
        data = json.dumps(body if body is not None else {})
        return self.client.post(
            url, data, content_type="application/json", **auth, **headers
        )

    def assertError(
        self,
        response: Any,
        status: int,
        message: str,
        fields: dict[str, str] | None = None,
    ) -> None:
        """The one error shape, with the exact message (and fields, when given)."""
        self.assertEqual(response.status_code, status, response.content)
        self.assertEqual(response["Content-Type"], "application/json")
        body = response.json()
        self.assertEqual(set(body), {"error", "fields"})
        self.assertEqual(body["error"], message)
        if fields is not None:
            self.assertEqual(body["fields"], fields)


def csrf_client() -> Client:
    return Client(enforce_csrf_checks=True)


def day_values(**overrides: Any) -> dict[str, Any]:
    """A valid day for Alice's programme (worst itch is her primary outcome)."""
    values: dict[str, Any] = {
        "worst_itch": 4,
        "sleep_loss": 2,
        "kefir_ml": 10,
        "gut_discomfort": 0,
        "products": ["emollient"],
        "tags": ["stress"],
        "red_flags": [],
        "note": "Itchy after the gym.",
    }
    values.update(overrides)
    return values
