"""Signing in with a password, throttled (the limits are in accounts/throttles.py)."""

from datetime import datetime

from django.contrib.auth import authenticate
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from skingarden.accounts import throttles
from skingarden.accounts.models import User

# One message for a wrong address, a wrong password and a lock, so that none of them
# tells a guesser anything.
SIGN_IN_REFUSED = (
    "That e-mail address and password do not match an account, or signing in has "
    "been paused here for 15 minutes after too many tries. Check both and try again "
    "later, or reset your password."
)


def sign_in_check(
    *,
    request: HttpRequest | None,
    email: str,
    password: str,
    address: str,
    now: datetime,
) -> User:
    """The person these credentials belong to, or SIGN_IN_REFUSED. While the pair or
    the client address is locked the password is not even checked, so the right one
    does not sign in."""
    if throttles.sign_in_locked(email=email, address=address, now=now):
        raise ValidationError(SIGN_IN_REFUSED)
    user = authenticate(request, username=email, password=password)
    if not isinstance(user, User):
        throttles.sign_in_failure_record(email=email, address=address, now=now)
        raise ValidationError(SIGN_IN_REFUSED)
    throttles.sign_in_success_record(email=email, address=address)
    return user
