"""The reminder e-mail.

It says only that it is time to log, with links: never an answer, a score, a dose,
a condition or an instrument's name (POEM names eczema). E-mail crosses servers the
participant and we do not control, and sits in inboxes others may read, so nothing
in it should reveal their health.
"""

from collections.abc import Collection
from uuid import UUID

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from skingarden.reminders.rules import Kind

# The subject follows the most pressing kind in the e-mail.
SUBJECTS = {
    Kind.NUDGE: "Skin Garden: pick up your log again",
    Kind.DAILY: "Skin Garden: time for today's log",
    Kind.INSTRUMENTS: "Skin Garden: a questionnaire is due today",
}
DEFAULT_SITE_URL = "http://127.0.0.1:8000"


def site_url() -> str:
    """The site's address for links in e-mails (there is no request to ask)."""
    return str(getattr(settings, "SITE_URL", DEFAULT_SITE_URL)).rstrip("/")


def reminder_links(*, programme_code: UUID, unsubscribe_token: str) -> dict[str, str]:
    base = site_url()
    return {
        "log": base + reverse("programmes:checkin_today", args=[programme_code]),
        "days": base + reverse("programmes:checkin_list", args=[programme_code]),
        "today": base + reverse("programmes:dashboard"),
        "settings": base + reverse("reminders:settings"),
        "unsubscribe": base
        + reverse("reminders:unsubscribe", args=[unsubscribe_token]),
    }


def reminder_message(
    *,
    email: str,
    kinds: Collection[Kind],
    programme_code: UUID,
    unsubscribe_token: str,
) -> EmailMessage:
    """One e-mail for everything due for one participant in one sweep, with the
    headers that let mail clients unsubscribe with one POST (RFC 8058)."""
    links = reminder_links(
        programme_code=programme_code, unsubscribe_token=unsubscribe_token
    )
    context = {"links": links, **{kind.value: kind in kinds for kind in Kind}}
    subject = next(SUBJECTS[kind] for kind in SUBJECTS if kind in kinds)
    return EmailMessage(
        subject=subject,
        body=render_to_string("reminders/email/reminder.txt", context),
        to=[email],
        headers={
            "List-Unsubscribe": f"<{links['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )
