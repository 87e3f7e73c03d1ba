"""The demo: two participants and a practitioner full of realistic, simulated data,
made through the real services. `skingarden demo` (and `make run`) builds it;
running it again resets the data but keeps each account's password.

- demo@example.org: a finished 7 + 21-day eczema programme;
- demo-split@example.org: half way through a split-body topical programme;
- demo-practitioner@example.org: a practitioner both participants share with.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.services import account_erase
from skingarden.demo.finished import DEMO_EMAIL, finished_participant
from skingarden.demo.practitioner import PRACTITIONER_EMAIL, demo_practitioner
from skingarden.demo.split import SPLIT_EMAIL, split_participant

DEMO_EMAILS = (DEMO_EMAIL, SPLIT_EMAIL, PRACTITIONER_EMAIL)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str

    @property
    def line(self) -> str:
        """How `skingarden demo` prints it."""
        return f"{self.email} password: {self.password}"


@transaction.atomic
def demo_build(
    *, passwords: dict[str, str], today: date | None = None, now: datetime | None = None
) -> list[DemoAccount]:
    """Replace the demo accounts and everything in them; ``passwords`` by address."""
    now = now or timezone.now()
    today = today or now.date()
    for user in User.objects.filter(email__in=DEMO_EMAILS):
        account_erase(user=user)
    finished = finished_participant(password=passwords[DEMO_EMAIL], today=today)
    split = split_participant(password=passwords[SPLIT_EMAIL], today=today)
    demo_practitioner(
        password=passwords[PRACTITIONER_EMAIL], clients=[finished, split], now=now
    )
    return [DemoAccount(email, passwords[email]) for email in DEMO_EMAILS]


def demo_create(*, password: str, today: date | None = None) -> User:
    """Every demo account with one password; returns the finished participant (for
    tests and benchmarks that want a realistic finished programme)."""
    demo_build(passwords=dict.fromkeys(DEMO_EMAILS, password), today=today)
    return User.objects.get(email=DEMO_EMAIL)


__all__ = ["DEMO_EMAIL", "DEMO_EMAILS", "DemoAccount", "demo_build", "demo_create"]
