"""The API's interactive documentation in a real Chromium: Swagger UI from our own
files, started without an inline script, draws every operation under the strict
Content-Security-Policy (a refused script or style would be a console error)."""

import uuid

import pytest

from tests.e2e.test_journey import log_in_as_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_draws_every_operation_under_the_csp(page, screenshots):
    log_in_as_demo(page)
    schema = page.request.get("/api/v1/openapi.json").json()
    expected = sum(len(methods) for methods in schema["paths"].values())
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    assert page.locator(".opblock").count() == expected
    assert page.console_errors == []
    page.screenshot(path=str(screenshots / "api-docs.png"))


def test_try_it_out_uses_the_session_and_its_csrf_token(page):
    """What the docs page's request interceptor does for a write: the session's
    CSRF token in X-CSRFToken; without it the same write is refused."""
    log_in_as_demo(page)
    page.goto("/api/v1/docs")
    page.wait_for_selector(".opblock", timeout=20_000)
    url = f"/api/v1/programmes/{uuid.UUID(int=0)}/report/retry"
    statuses = page.evaluate(
        """async (url) => {
            const token = document.cookie.match(/csrftoken=([^;]+)/)[1];
            const bare = await fetch(url, {method: "POST"});
            const headers = {"X-CSRFToken": token};
            const signed = await fetch(url, {method: "POST", headers: headers});
            return [bare.status, signed.status];
        }""",
        url,
    )
    # Without the token: 403; with it, past the check to the (missing) programme.
    assert statuses == [403, 404]
