"""Issue 14 §6: a participant logs a day with the keyboard alone (Tab, arrows,
Space, Enter), starting from the skip link; and the accessibility check itself
finds a violation where there is one (so a clean walk means something)."""

import pytest

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import CheckIn
from skingarden.test import PASSWORD, make_participant, make_programme
from tests.e2e.axe_install import axe_script
from tests.e2e.test_accessibility import RUN_AXE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = "selector => document.activeElement.matches(selector)"


def tab_to(page, selector: str, most: int = 250) -> None:
    """Press Tab until the focus is on ``selector``."""
    for _ in range(most):
        if page.evaluate(FOCUSED, selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def choose(page, field: str, value: int) -> None:
    """A 0-n scale with the keyboard: Tab into the group, Space ticks the first
    choice, each right arrow moves one step up."""
    tab_to(page, f"#field-{field} input[type=radio]")
    page.keyboard.press("Space")
    for _ in range(value):
        page.keyboard.press("ArrowRight")


def test_a_day_is_logged_with_the_keyboard_alone(page):
    user = make_participant("keys@example.org")
    today = user_today(user=user)
    programme = make_programme(user, start=today, today=today)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/accounts/login/")
    page.fill("#id_username", "keys@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")

    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED, "a.skip-link")
    assert page.is_visible("a.skip-link")  # shown when it has the focus
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"
    tab_to(page, "main a.button.wide")  # "Log today", the first link in main
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/log/{today.isoformat()}/")

    choose(page, "worst_itch", 6)
    choose(page, "sleep_loss", 2)
    choose(page, "gut_discomfort", 1)
    choose(page, "energy", 7)
    tab_to(page, "#id_no_red_flags")
    page.keyboard.press("Space")
    tab_to(page, ".sticky-save button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/today/")

    checkin = CheckIn.objects.get(programme=programme, date=today)
    assert (
        checkin.worst_itch,
        checkin.sleep_loss,
        checkin.gut_discomfort,
        checkin.energy,
    ) == (6, 2, 1, 7)
    assert "Today is logged." in page.inner_text("main")
    assert page.console_errors == []


def test_a_refused_log_is_summed_up_at_the_top_with_links_to_the_fields(page):
    user = make_participant("summary@example.org")
    today = user_today(user=user)
    programme = make_programme(user, start=today, today=today)
    page.goto("/accounts/login/")
    page.fill("#id_username", "summary@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")
    page.goto(f"/programmes/{programme.code}/log/{today.isoformat()}/")
    page.click(".sticky-save button[type=submit]")  # nothing answered
    summary = page.locator(".error-summary")
    # The log form first checks the connection (js/offline/checkin.js), then posts.
    summary.wait_for()
    page.wait_for_load_state()
    assert page.evaluate("() => document.activeElement.className") == "error-summary"
    first = summary.locator("a").first
    target = first.get_attribute("href")
    first.click()
    assert page.evaluate("() => '#' + document.activeElement.id") == target
    assert not CheckIn.objects.filter(programme=programme).exists()


def test_the_check_finds_a_known_violation(chromium):
    context = chromium.new_context(bypass_csp=True)
    page = context.new_page()
    page.set_content(
        '<html lang="en"><head><title>A</title></head>'
        '<body><main><img src="x.png"></main></body></html>'
    )
    found = page.evaluate(RUN_AXE, axe_script())
    context.close()
    assert [problem.split(" ")[0] for problem in found] == ["image-alt"], found
