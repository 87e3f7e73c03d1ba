"""The demo practitioner, with consent from both demo participants, given the way a
participant gives it: an invitation code, accepted by the practitioner."""

from datetime import datetime, timedelta

from skingarden.accounts import two_factor
from skingarden.accounts.models import User
from skingarden.demo.credentials import DemoCredentials
from skingarden.demo.people import TIME_ZONE
from skingarden.programmes.models import Programme
from skingarden.sharing import services as sharing

PRACTITIONER_EMAIL = "demo-practitioner@example.org"
ACCESS_DAYS = 180


def demo_practitioner(
    *, credentials: DemoCredentials, clients: list[User], now: datetime
) -> User:
    """The practitioner, enrolled in two-factor sign-in with the kept TOTP secret
    (its recovery codes are made as for anyone, and shown to no one), and a consent
    from each client for all their programmes (call inside a transaction, after
    removing any earlier one)."""
    practitioner = sharing.practitioner_signup(
        email=PRACTITIONER_EMAIL,
        password=credentials.password,
        name="Dr Sam Okafor",
        profession="General practitioner",
        time_zone=TIME_ZONE,
    )
    two_factor.authenticator_enrol(
        user=practitioner, secret=credentials.totp_secret, now=now
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
