"""Switch off someone's two-factor sign-in when they have lost both their phone and
their recovery codes. Check who is asking first: this removes the second factor.
Their sessions end; a practitioner is asked to set up a new app at the next sign-in."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from skingarden.accounts import two_factor
from skingarden.accounts.models import User

NO_SUCH_ACCOUNT = "No account uses that e-mail address."
NOT_ON = "Two-factor sign-in is not on for that account; nothing changed."


class Command(BaseCommand):
    help = "Switch off an account's two-factor sign-in (lost phone and recovery codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")

    def handle(self, *args: Any, **options: Any) -> None:
        email = User.objects.normalize_email(options["email"])
        user = User.objects.filter(email=email).first()
        if user is None:
            raise CommandError(NO_SUCH_ACCOUNT)
        if not user.two_factor_enabled:
            raise CommandError(NOT_ON)
        two_factor.authenticator_reset(user=user)
        self.stdout.write(
            f"Two-factor sign-in is off for {email}; their sessions have ended."
        )
