"""The demo: two participants and a practitioner full of realistic, simulated data,
made through the real services. `skingarden demo` (and `make run`) builds it;
running it again resets the data but keeps each account's password.

- demo@example.org: a finished 7 + 21-day eczema programme;
- demo-split@example.org: half way through a split-body topical programme;
  both participants with generated photos of their sites at every scheduled
  session so far (demo/photos.py); demo@ and the practitioner have rated
  demo@'s photos blind, and the practitioner has judged demo-split@'s pairs
  (demo/ratings.py);
- demo-practitioner@example.org: a practitioner both participants share with,
  enrolled in two-factor sign-in with a TOTP secret kept beside its password.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.services import account_erase
from skingarden.accounts.totp import new_secret
from skingarden.demo.credentials import DemoCredentials
from skingarden.demo.finished import DEMO_EMAIL, finished_participant
from skingarden.demo.photos import demo_photos_erase
from skingarden.demo.practitioner import PRACTITIONER_EMAIL, demo_practitioner
from skingarden.demo.ratings import demo_ratings
from skingarden.demo.split import SPLIT_EMAIL, split_participant

DEMO_EMAILS = (DEMO_EMAIL, SPLIT_EMAIL, PRACTITIONER_EMAIL)


@dataclass(frozen=True)
class DemoAccount:
    email: str
    password: str
    totp_secret: str = ""

    @property
    def line(self) -> str:
        """How `skingarden demo` prints it: the TOTP secret too, for an account
        with two-factor sign-in, to add to any authenticator app."""
        line = f"{self.email} password: {self.password}"
        return f"{line} totp: {self.totp_secret}" if self.totp_secret else line


@transaction.atomic
def demo_build(
    *,
    credentials: Mapping[str, DemoCredentials],
    today: date | None = None,
    now: datetime | None = None,
    photos: bool = True,
) -> list[DemoAccount]:
    """Replace the demo accounts and everything in them; ``credentials`` by address
    (the practitioner's with its TOTP secret). ``photos=False`` leaves the photo
    sessions out (for tests that do not look at them: they are most of the time)."""
    now = now or timezone.now()
    today = today or now.date()
    demo_photos_erase(emails=DEMO_EMAILS)
    for user in User.objects.filter(email__in=DEMO_EMAILS):
        account_erase(user=user)
    finished = finished_participant(
        password=credentials[DEMO_EMAIL].password, today=today, photos=photos
    )
    split = split_participant(
        password=credentials[SPLIT_EMAIL].password, today=today, photos=photos
    )
    practitioner = demo_practitioner(
        credentials=credentials[PRACTITIONER_EMAIL], clients=[finished, split], now=now
    )
    if photos:
        demo_ratings(finished=finished, split=split, practitioner=practitioner, now=now)
    return [
        DemoAccount(email, credentials[email].password, credentials[email].totp_secret)
        for email in DEMO_EMAILS
    ]


def demo_create(
    *, password: str, today: date | None = None, photos: bool = True
) -> User:
    """Every demo account with one password (and a new TOTP secret for the
    practitioner); returns the finished participant (for tests and benchmarks that
    want a realistic finished programme)."""
    credentials = dict.fromkeys(DEMO_EMAILS, DemoCredentials(password))
    credentials[PRACTITIONER_EMAIL] = DemoCredentials(password, new_secret())
    demo_build(credentials=credentials, today=today, photos=photos)
    return User.objects.get(email=DEMO_EMAIL)


__all__ = [
    "DEMO_EMAIL",
    "DEMO_EMAILS",
    "PRACTITIONER_EMAIL",
    "DemoAccount",
    "demo_build",
    "demo_create",
]
