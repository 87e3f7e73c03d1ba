"""Inviting a practitioner in a real Chromium: the code is grouped and the copy
button (our script, under the strict CSP) puts it on the clipboard, and the code
typed back loosely is accepted."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from skingarden.sharing import services
from skingarden.sharing.models import Consent
from skingarden.test import PASSWORD, make_participant, make_programme
from tests.sharing.helpers import make_practitioner

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_code_is_copied_and_accepted_as_typed(page):
    alice = make_participant("alice@example.org")
    today = timezone.now().astimezone(alice.profile.zone).date()
    make_programme(alice, start=today, today=today)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto("/accounts/login/")
    page.fill("#id_username", "alice@example.org")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/today/")

    page.goto("/sharing/")
    page.check("input[name=programmes]")
    until = today + timedelta(days=20)
    page.fill("#id_access_until", until.isoformat())
    page.click("text=Create the invitation")
    code = page.inner_text("#invitation-code")
    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}", code)
    assert f"until the end of {until:%-d %b %Y}." in page.inner_text("main")

    page.click("text=Copy the code")
    page.wait_for_selector("text=Copied")
    assert page.evaluate("() => navigator.clipboard.readText()") == code
    assert page.console_errors == []

    typed = code.lower().replace("-", " ")
    consent = services.invitation_accept(
        practitioner=make_practitioner("pat@example.org"),
        secret=typed,
        address="127.0.0.1",
        now=timezone.now(),
    )
    assert Consent.objects.get(pk=consent.pk).participant == alice
