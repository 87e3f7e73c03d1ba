"""Personas for sharing: Pat, a practitioner Alice invited; Quinn, a practitioner
no one invited."""

from datetime import timedelta

from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.programmes.services import amendments
from skingarden.sharing import services
from skingarden.sharing.models import Consent
from skingarden.test import PASSWORD, BaseTestCase, make_programme


def make_practitioner(email: str, name: str = "Pat Doe") -> User:
    return services.practitioner_signup(
        email=email,
        password=PASSWORD,
        name=name,
        profession="Dermatology nurse",
        time_zone="Europe/London",
    )


def share(participant: User, practitioner: User, *programmes: Programme) -> Consent:
    """Invite and accept, through the services."""
    now = timezone.now()
    today = now.astimezone(participant.profile.zone).date()
    _, secret = services.invitation_create(
        participant=participant,
        programmes=list(programmes),
        access_until=today + timedelta(days=30),
        now=now,
    )
    return services.invitation_accept(
        practitioner=practitioner, secret=secret, address="192.0.2.1", now=now
    )


class SharingTestCase(BaseTestCase):
    pat: User
    quinn: User
    consent: Consent

    @classmethod
    def setUpTestData(cls) -> None:
        super().setUpTestData()
        cls.pat = make_practitioner("pat@example.org")
        cls.quinn = make_practitioner("quinn@example.org", name="Quinn Roe")
        cls.consent = share(cls.alice, cls.pat, cls.programme)


def second_programme(participant: User, first: Programme) -> Programme:
    """Abandon the participant's open programme and start another, to test that
    sharing one programme does not share the other."""
    today = timezone.now().astimezone(participant.profile.zone).date()
    amendments.programme_abandon(programme=first, why="Moved house", today=today)
    return make_programme(participant, start=today + timedelta(days=2), today=today)
