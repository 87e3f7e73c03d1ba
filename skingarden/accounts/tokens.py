"""Personal access tokens for the API: made on the settings page, shown once, kept
as a SHA-256 digest, read-only or read-write, with an expiry, the time last used and
revocation (docs/api.md).

A person who has (or, as a practitioner, needs) two-factor sign-in makes tokens only
from a session in which a code has passed, and a practitioner's tokens only read:
what they read is still limited, request by request, by the consents they hold.
"""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404

from skingarden.accounts.models import ApiToken, User
from skingarden.accounts.two_factor import second_factor_required

# A prefix makes a leaked token recognisable (secret scanners, logs) and lets the
# API tell a token from anything else sent as a bearer credential.
TOKEN_PREFIX = "sgp_"  # noqa: S105 - a prefix, not a secret
TOKEN_BYTES = 30  # 240 bits: 40 URL-safe characters
LIFETIME_DAYS = (7, 30, 90, 365)
MAX_ACTIVE_TOKENS = 20
# Writing the time of use on every request would make each read a write; once a
# minute is precise enough for "last used".
LAST_USED_PRECISION = timedelta(minutes=1)

NAME_REQUIRED = "Give the token a name, so you can tell it from others later."
LIFETIME_UNKNOWN = "Choose how long the token lasts: 7, 30, 90 or 365 days."
SCOPE_UNKNOWN = "Choose read only, or read and write."
PRACTITIONER_READ_ONLY = (
    "A practitioner's token can only read: practitioners see their clients' data "
    "and never change it."
)
SECOND_FACTOR_FIRST = (
    "Sign in with your two-factor code in this session before making a token."
)
TOO_MANY = (
    f"You have {MAX_ACTIVE_TOKENS} tokens that still work. Revoke one you no longer "
    "use first."
)
NOT_FOUND = "No such token."


@dataclass(frozen=True)
class NewToken:
    """A token just made, with the only copy of its secret."""

    token: ApiToken
    secret: str


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@transaction.atomic
def token_create(
    *,
    user: User,
    name: str,
    scope: str,
    lifetime_days: int,
    now: datetime,
    second_factor_passed: bool,
) -> NewToken:
    """Make a token for ``user``; ``second_factor_passed`` says whether the session
    asking has passed its two-factor code (needed when the person has or needs one)."""
    if second_factor_required(user) and not second_factor_passed:
        raise ValidationError(SECOND_FACTOR_FIRST)
    name = name.strip()
    errors = _choice_errors(user, name, scope, lifetime_days)
    if errors:
        raise ValidationError(errors)
    # Locks the person's row, so two requests cannot both pass the count.
    User.objects.select_for_update().filter(pk=user.pk).first()
    if tokens_active_count(user=user, now=now) >= MAX_ACTIVE_TOKENS:
        raise ValidationError(TOO_MANY)
    secret = TOKEN_PREFIX + secrets.token_urlsafe(TOKEN_BYTES)
    token = ApiToken(
        user=user,
        name=name,
        digest=token_digest(secret),
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=lifetime_days),
    )
    token.full_clean()
    token.save()
    return NewToken(token, secret)


def _choice_errors(
    user: User, name: str, scope: str, lifetime_days: int
) -> dict[str, str]:
    errors = {}
    if not name:
        errors["name"] = NAME_REQUIRED
    if scope not in ApiToken.Scope.values:
        errors["scope"] = SCOPE_UNKNOWN
    elif user.is_practitioner and scope != ApiToken.Scope.READ:
        errors["scope"] = PRACTITIONER_READ_ONLY
    if lifetime_days not in LIFETIME_DAYS:
        errors["lifetime_days"] = LIFETIME_UNKNOWN
    return errors


@transaction.atomic
def token_revoke(*, user: User, code: UUID | str, now: datetime) -> ApiToken:
    """Revoke one of the person's tokens (revoking it again changes nothing)."""
    token = token_get_for_user(user=user, code=code)
    if token.revoked_at is None:
        token.revoked_at = now
        token.save(update_fields=["revoked_at"])
    return token


def token_get_for_user(*, user: User, code: UUID | str) -> ApiToken:
    """The person's token, or 404 whether it is missing or someone else's."""
    try:
        wanted = code if isinstance(code, UUID) else UUID(code)
    except ValueError:
        raise Http404(NOT_FOUND) from None
    token = ApiToken.objects.filter(user=user, code=wanted).first()
    if token is None:
        raise Http404(NOT_FOUND)
    return token


def tokens_for_user(*, user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user))


def tokens_active_count(*, user: User, now: datetime) -> int:
    return ApiToken.objects.filter(
        user=user, revoked_at__isnull=True, expires_at__gt=now
    ).count()


def token_authenticate(*, secret: str, now: datetime) -> ApiToken | None:
    """The token ``secret`` names if it still works (not revoked, not expired, its
    person active), with its time of use recorded; else None."""
    if not secret.startswith(TOKEN_PREFIX):
        return None
    token = (
        ApiToken.objects.select_related("user")
        .filter(digest=token_digest(secret))
        .first()
    )
    if token is None or not token.is_usable(now) or not token.user.is_active:
        return None
    last = token.last_used_at
    if last is None or now - last >= LAST_USED_PRECISION:
        token.last_used_at = now
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token
