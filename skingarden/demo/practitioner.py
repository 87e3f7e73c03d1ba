"""The demo practitioner, with consent from both demo participants, given the way a
participant gives it: an invitation code, accepted by the practitioner."""

from datetime import datetime, timedelta

from skingarden.accounts.models import User
from skingarden.demo.people import TIME_ZONE
from skingarden.programmes.models import Programme
from skingarden.sharing import services as sharing

PRACTITIONER_EMAIL = "demo-practitioner@example.org"
ACCESS_DAYS = 180


def demo_practitioner(*, password: str, clients: list[User], now: datetime) -> User:
    """The practitioner, and a consent from each client for all their programmes
    (call inside a transaction, after removing any earlier one)."""
    practitioner = sharing.practitioner_signup(
        email=PRACTITIONER_EMAIL,
        password=password,
        name="Dr Sam Okafor",
        profession="General practitioner",
        time_zone=TIME_ZONE,
    )
    for client in clients:
        today = now.astimezone(client.profile.zone).date()
        _, secret = sharing.invitation_create(
            participant=client,
            programmes=list(Programme.objects.filter(owner=client)),
            access_until=today + timedelta(days=ACCESS_DAYS),
            now=now,
        )
        sharing.invitation_accept(
            practitioner=practitioner, secret=secret, address=None, now=now
        )
    return practitioner
