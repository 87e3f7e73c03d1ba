"""The pooled page in a real Chromium (issue 12 §4): the forest plot fits its card
on a desktop (1280 px) and on a phone (390 px), with one legend, and the page
updates by itself when a client's report is ready."""

import pytest
from django.utils import timezone

from skingarden.accounts import totp, two_factor
from skingarden.programmes.models import Programme
from skingarden.reports.models import Report
from skingarden.test import PASSWORD
from tests.sharing.helpers import make_practitioner, share
from tests.sharing.test_pooled import EFFECTS, finished_with_report

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


SECRET = totp.new_secret()


def practitioner_with_clients(count: int) -> None:
    pat = make_practitioner("pat@example.org")
    two_factor.authenticator_enrol(user=pat, secret=SECRET, now=timezone.now())
    for number, (effect, se) in enumerate(EFFECTS[:count]):
        person, programme = finished_with_report(
            f"client-with-a-long-address-{number}@example.org", effect, se
        )
        share(person, pat, programme)


def log_in(page) -> None:
    page.goto("/accounts/login/")
    page.fill("#id_username", "pat@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/accounts/two-factor/code/**")
    page.fill("#id_code", totp.code_at(SECRET, timezone.now()))
    page.click("main button[type=submit]")
    page.wait_for_url("**/clients/")


def forest_fit(page):
    page.wait_for_selector(".forest .chart[data-rendered]", timeout=20_000)
    assert page.get_attribute(".forest .chart", "data-rendered") == "true"
    return page.evaluate(
        """() => {
          const card = document.querySelector(".pooled-group");
          const svg = document.querySelector(".forest svg");
          return {
            card: card.getBoundingClientRect().right,
            chart: svg.getBoundingClientRect().right,
            cardOverflow: card.scrollWidth - card.clientWidth,
            legends: svg.querySelectorAll(".role-legend").length
              + document.querySelectorAll(".forest-legend").length,
          };
        }"""
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_the_forest_plot_fits_its_card(page, screenshots, width):
    practitioner_with_clients(4)
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page)
    page.goto("/clients/pooled/")
    fit = forest_fit(page)
    page.screenshot(path=str(screenshots / f"pooled-{width}.png"), full_page=True)
    assert fit["chart"] <= fit["card"], fit
    assert fit["cardOverflow"] <= 0, fit
    assert fit["legends"] == 1, fit
    assert page.console_errors == []


def test_the_page_updates_itself_when_a_report_is_ready(page):
    practitioner_with_clients(3)
    Programme.objects.filter(owner__email__endswith="-0@example.org").update(
        revision=99
    )
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page)
    page.goto("/clients/pooled/")
    assert "1 client's results are being computed." in page.inner_text(
        "#pooled-pending"
    )
    # What the worker does: the report is built for the new revision.
    programme = Programme.objects.get(owner__email__endswith="-0@example.org")
    report = Report.objects.get(programme=programme)
    Report.objects.filter(pk=report.pk).update(
        key=report.key, status=Report.Status.READY, effect=finished_effect(programme)
    )
    page.wait_for_selector(".forest .chart[data-rendered]", timeout=20_000)
    assert page.query_selector("#pooled-pending") is None
    assert page.console_errors == []


def finished_effect(programme):
    """The effect the first client's report carries (tests.sharing.test_pooled)."""
    effect, se = EFFECTS[0]
    return {
        "measure": "worst_itch",
        "unit": "points",
        "lower_is_better": True,
        "estimate": effect,
        "ci_low": effect - 1.96 * se,
        "ci_high": effect + 1.96 * se,
        "standard_error": se,
    }
