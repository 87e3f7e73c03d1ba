"""Issue 14 §4 and §6 in a real Chromium: every page a visitor, a participant and a
practitioner can reach, found by following the links from their first page, has
no serious or critical axe-core violation at 390 px and at 1280 px, and none
scrolls sideways at 360 px. One page of each kind is visited (a link's numbers,
dates and codes are what make pages of a kind differ)."""

import re
from collections import deque
from urllib.parse import urldefrag, urlsplit

import pytest
from django.utils import timezone

from skingarden.accounts import totp
from skingarden.test import PASSWORD
from tests.e2e.axe_install import axe_script

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS_AXE = (390, 1280)
NARROWEST = 360
# Addresses that are not pages of ours to check: the API (JSON; its documentation
# page is Swagger UI's own markup), the admin, and the sign-out (it would end the walk).
SKIPPED = re.compile(r"^/(api/|admin/|accounts/logout/)")
KIND = [
    (re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"), "U"),
    (re.compile(r"\d{4}-\d{2}-\d{2}"), "D"),
    (re.compile(r"\d+"), "N"),
]
RUN_AXE = """async (source) => {
  if (!window.axe) { (0, eval)(source); }
  const result = await axe.run(document, { resultTypes: ["violations"] });
  return result.violations
    .filter(v => v.impact === "serious" || v.impact === "critical")
    .map(v => v.id + " (" + v.impact + "): "
      + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
}"""
SIDEWAYS = """() => {
  const page = document.scrollingElement;
  return page.scrollWidth - page.clientWidth;
}"""


def kind_of(path: str) -> str:
    for pattern, placeholder in KIND:
        path = pattern.sub(placeholder, path)
    return path


def walk(page, start: str, limit: int = 60) -> dict[str, list[str]]:
    """Visit one page of each kind reachable from ``start``; return each page's
    problems (empty lists for pages without any)."""
    source = axe_script()
    origin = urlsplit(page.url or "http://x").netloc
    queue, seen = deque([start]), {kind_of(start)}
    problems: dict[str, list[str]] = {}
    while queue and len(problems) < limit:
        path = queue.popleft()
        # Every page answers HEAD: downloads and pictures are left alone.
        head = page.request.head(path)
        if "text/html" not in head.headers.get("content-type", ""):
            continue
        page.goto(path)
        problems[path] = check(page, source)
        for link in page.eval_on_selector_all("a[href]", "as => as.map(a => a.href)"):
            address = urlsplit(urldefrag(link)[0])
            if address.scheme not in ("http", "https"):
                continue
            if origin != "x" and address.netloc != urlsplit(page.url).netloc:
                continue
            target = address.path + (f"?{address.query}" if address.query else "")
            if SKIPPED.match(address.path) or kind_of(target) in seen:
                continue
            seen.add(kind_of(target))
            queue.append(target)
    return problems


def check(page, source: str) -> list[str]:
    found = []
    for width in WIDTHS_AXE:
        page.set_viewport_size({"width": width, "height": 900})
        found += [f"{width} px: {v}" for v in page.evaluate(RUN_AXE, source)]
    page.set_viewport_size({"width": NARROWEST, "height": 900})
    sideways = page.evaluate(SIDEWAYS)
    if sideways > 0:
        found.append(f"{NARROWEST} px: scrolls sideways by {sideways} px")
    return found


def assert_clean(problems: dict[str, list[str]], at_least: int) -> None:
    assert len(problems) >= at_least, sorted(problems)
    bad = {path: found for path, found in problems.items() if found}
    assert bad == {}, "\n".join(
        f"{path}\n  " + "\n  ".join(found) for path, found in bad.items()
    )


@pytest.fixture
def demo():
    """The demo accounts, with the participants' reports built (as the worker
    would), and the practitioner's TOTP secret."""
    from skingarden.demo import DEMO_EMAILS, PRACTITIONER_EMAIL, demo_build
    from skingarden.demo.credentials import DemoCredentials
    from skingarden.programmes.models import Programme
    from skingarden.reports import services

    secret = totp.new_secret()
    credentials = {email: DemoCredentials(PASSWORD) for email in DEMO_EMAILS}
    credentials[PRACTITIONER_EMAIL] = DemoCredentials(PASSWORD, secret)
    demo_build(credentials=credentials)
    for programme in Programme.objects.all():
        today = timezone.localdate()
        report = services.report_request(programme=programme, today=today)
        services.report_build(report_id=report.pk, key=report.key)
    return secret


@pytest.fixture
def axe_page(chromium, live_server):
    # The site's Content-Security-Policy forbids the injected axe script.
    context = chromium.new_context(base_url=live_server.url, bypass_csp=True)
    page = context.new_page()
    yield page
    context.close()


def log_in(page, email: str) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_every_page_a_visitor_reaches(axe_page):
    assert_clean(walk(axe_page, "/"), at_least=8)


def test_every_page_a_participant_reaches(axe_page, demo):
    from skingarden.demo.split import SPLIT_EMAIL

    log_in(axe_page, SPLIT_EMAIL)
    axe_page.wait_for_url("**/today/")
    assert_clean(walk(axe_page, "/today/"), at_least=20)


def test_every_page_a_practitioner_reaches(axe_page, demo):
    from skingarden.demo import PRACTITIONER_EMAIL

    log_in(axe_page, PRACTITIONER_EMAIL)
    axe_page.wait_for_url("**/two-factor/code/**")
    axe_page.fill("#id_code", totp.code_at(demo, timezone.now()))
    axe_page.click("main button[type=submit]")
    axe_page.wait_for_url("**/clients/")
    assert_clean(walk(axe_page, "/clients/"), at_least=8)
