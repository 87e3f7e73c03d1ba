"""The journey in a real Chromium: sign up, screen, start, log, see it charted."""

import re

import pytest

from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse  # noqa: F401 - app registry
from skingarden.programmes.models import CheckIn

PASSWORD = "a long enough phrase 42"

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


CHART_DRAWN = """() => {
  const img = document.querySelector("#programme-chart img");
  return img !== null && img.complete && img.naturalWidth > 0;
}"""
# The rows the chart was drawn from: its spec, whose URL sits beside the picture's.
CHART_DATA = """async () => {
  const picture = document.querySelector("#programme-chart img").currentSrc;
  const response = await fetch(picture.replace(/chart-[a-z]+[.]svg$/, "chart.json"));
  return (await response.json()).datasets.daily;
}"""


def chart_rows(page):
    """Wait for the dashboard's chart (a picture drawn on the server) to load, then
    read the rows it was drawn from."""
    page.wait_for_function(CHART_DRAWN, timeout=20_000)
    # The page's own requests (htmx fragments) first: the test server shares one
    # in-memory SQLite connection between its threads, so a request of ours on top
    # of the page's could interleave with them.
    page.wait_for_load_state("networkidle")
    return page.evaluate(CHART_DATA)


def log_in_as_demo(page):
    """Create the demo account and log in to it on a desktop-sized page."""
    from skingarden.demo import DEMO_EMAIL, demo_create

    demo_create(password=PASSWORD, photos=False)  # the charts, not the photos
    page.set_viewport_size({"width": 1000, "height": 900})
    page.goto("/accounts/login/")
    page.fill("#id_username", DEMO_EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")


def test_sign_up_screen_start_log_and_see_today_in_the_chart(page, screenshots):
    page.goto("/accounts/signup/")
    page.fill("#id_email", "journey@example.org")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.click("main button[type=submit]")

    page.wait_for_url("**/accounts/profile/")
    page.check("input[name=conditions][value=eczema]")
    page.fill("#id_birth_year", "1988")
    page.click("main button[type=submit]")

    page.wait_for_url("**/accounts/safety/")
    for radio in page.query_selector_all("input[type=radio][value=no]"):
        radio.check()
    page.check("input[name=adult][value=yes]")
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/safety/result/")
    assert "Cleared to start" in page.inner_text("main")

    page.click("text=Continue")
    page.click("text=Set up my programme")
    page.click("main button[type=submit]")  # the defaults: start today, 7-day baseline
    page.wait_for_url(re.compile(r".*/programmes/[0-9a-f-]{36}/$"))
    assert "Locked protocol" in page.inner_text("main")

    page.goto("/today/")
    page.click("text=Log today")
    page.click("#field-worst_itch label:has-text('7')")
    page.click("#field-sleep_loss label:has-text('4')")
    page.click("#field-gut_discomfort label:has-text('1')")
    page.click("#field-energy label:has-text('6')")
    page.check("#id_no_red_flags")
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")
    assert "Today is logged." in page.inner_text("main")

    user = User.objects.get(email="journey@example.org")
    checkin = CheckIn.objects.get(owner=user)
    assert (
        checkin.worst_itch,
        checkin.sleep_loss,
        checkin.gut_discomfort,
        checkin.energy,
    ) == (7, 4, 1, 6)

    rows = chart_rows(page)
    today = checkin.date.isoformat()
    todays = {row["measure"]: row["value"] for row in rows if row["date"] == today}
    assert todays == {
        "Worst itch": 7,
        "Sleep lost": 4,
        "Gut discomfort": 1,
        "Energy": 6,
    }
    summary = page.inner_text("#chart-summary")
    assert summary.startswith("Worst itch: 1 of 1 days logged;"), summary
    assert page.console_errors == []
    page.screenshot(path=str(screenshots / "journey-dashboard.png"), full_page=True)


def test_the_demo_dashboard_draws_its_chart(page, screenshots):
    log_in_as_demo(page)
    rows = chart_rows(page)
    logged = [
        row
        for row in rows
        if row["measure"] == "Worst itch" and row["value"] is not None
    ]
    assert len(logged) == 25
    assert page.console_errors == []
    page.screenshot(path=str(screenshots / "dashboard.png"), full_page=True)


def test_the_report_shows_its_progress_then_itself(page, settings, screenshots):
    """The page polls while the worker builds the report, then reloads into it."""
    from skingarden.reports.models import Report
    from skingarden.reports.services import report_build

    log_in_as_demo(page)
    page.click("text=Read your report")
    page.wait_for_selector("#report-progress progress")
    report = Report.objects.get()
    assert report.status == "queued"
    report_build(report_id=report.pk, key=report.key)  # what the worker does
    page.wait_for_selector("#report img.chart-image", timeout=30_000)
    drawn = page.eval_on_selector_all(
        "#report img.chart-image", "images => images.map(i => i.naturalWidth > 0)"
    )
    assert drawn and all(drawn), drawn
    assert page.is_visible("text=Download the PDF")
    assert "N-of-1 trial" in page.inner_text("#title")
    assert page.console_errors == []
    page.screenshot(path=str(screenshots / "report.png"), full_page=False)


def test_a_practitioner_signs_in_with_password_then_app_code(page):
    """The demo practitioner, as `skingarden demo` prints it: password, then the
    code an authenticator app makes from the printed secret."""
    from django.utils import timezone

    from skingarden.accounts import totp
    from skingarden.demo import DEMO_EMAILS, PRACTITIONER_EMAIL, demo_build
    from skingarden.demo.credentials import DemoCredentials

    secret = totp.new_secret()
    credentials = {email: DemoCredentials(PASSWORD) for email in DEMO_EMAILS}
    credentials[PRACTITIONER_EMAIL] = DemoCredentials(PASSWORD, secret)
    demo_build(credentials=credentials, photos=False)
    page.goto("/accounts/login/")
    page.fill("#id_username", PRACTITIONER_EMAIL)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.goto("/clients/")
    page.wait_for_url("**/accounts/two-factor/code/?next=/clients/")
    assert page.get_attribute("#id_code", "autocomplete") == "one-time-code"
    page.fill("#id_code", totp.code_at(secret, timezone.now()))
    page.click("main button[type=submit]")
    page.wait_for_url("**/clients/")
    assert "demo@example.org" in page.inner_text("main")
    assert page.console_errors == []
