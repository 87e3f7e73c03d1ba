"""Two-factor sign-in: an authenticator app (TOTP) with single-use recovery codes.

A practitioner must use it; a participant may switch it on. Either way the person's
sessions count as signed in only once a code has passed in them: the session then
holds the person's id under ``SESSION_KEY`` (``second_factor_passed`` asks), and
accounts.middleware sends every other request to the code page (or, for a
practitioner with no authenticator yet, to enrolment).

Every code check goes through one throttle (accounts/throttles.py): five wrong codes
in 15 minutes refuse all codes for 15 minutes. A TOTP code is accepted once: its time
step must be later than the last one accepted.
"""

import hashlib
import secrets
from base64 import b32encode
from collections.abc import Callable
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpRequest

from skingarden.accounts import throttles, totp
from skingarden.accounts.models import Authenticator, RecoveryCode, User

CODE_REFUSED = (
    "That code did not work. Enter the newest code your app shows (each works "
    "once). After five wrong codes, codes are refused for 15 minutes."
)
RECOVERY_CODE_REFUSED = (
    "That recovery code did not work (each works once). After five wrong codes, "
    "codes are refused for 15 minutes."
)
ALREADY_ON = "Two-factor sign-in is already on for this account."
NOT_STARTED = "Start setting up two-factor sign-in again: no app is waiting."
NOT_ON = "Two-factor sign-in is not on for this account."
SECRET_INVALID = "That is not a base32 secret of at least 112 bits."  # noqa: S105 - a message
RECOVERY_CODE_COUNT = 10
RECOVERY_CODE_BYTES = 10  # 80 bits: 16 base32 letters
SESSION_KEY = "skingarden_second_factor"


# Sessions ----------------------------------------------------------------------------


def second_factor_required(user: User) -> bool:
    return user.is_practitioner or user.two_factor_enabled


def second_factor_passed(request: HttpRequest) -> bool:
    """Whether a code passed in this session, for the person now signed in."""
    user = request.user
    return user.is_authenticated and request.session.get(SESSION_KEY) == str(user.pk)


def session_signed_in(request: HttpRequest) -> bool:
    """Whether this session is fully signed in: password, and the second factor
    when the person has or needs one (what the API asks of a session)."""
    user = request.user
    if not isinstance(user, User):
        return False
    return not second_factor_required(user) or second_factor_passed(request)


def second_factor_mark_passed(request: HttpRequest) -> None:
    """Record in the session that a code passed; a new session key, as at sign-in,
    so that a key learnt before cannot ride on the higher trust."""
    request.session.cycle_key()
    request.session[SESSION_KEY] = str(request.user.pk)


def second_factor_forget(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)


def allowed_before_second_factor[V: Callable[..., object]](view: V) -> V:
    """Mark a view that a session waiting for its second factor may reach."""
    view.allowed_before_second_factor = True  # type: ignore[attr-defined]  # the middleware's marker
    return view


# Enrolment ---------------------------------------------------------------------------


def authenticator_start(*, user: User) -> Authenticator:
    """The authenticator waiting to be confirmed (made with a new secret the first
    time), for the enrolment page."""
    authenticator, _ = Authenticator.objects.get_or_create(
        user=user, defaults={"secret": totp.new_secret()}
    )
    if authenticator.confirmed_at is not None:
        raise ValidationError(ALREADY_ON)
    return authenticator


def enrolment_qr(*, authenticator: Authenticator) -> str:
    uri = totp.provisioning_uri(authenticator.secret, account=authenticator.user.email)
    return totp.qr_data_uri(uri)


def authenticator_confirm(*, user: User, code: str, now: datetime) -> list[str]:
    """Switch two-factor sign-in on with the first code from the app; returns the
    recovery codes, to be shown once."""
    authenticator = Authenticator.objects.filter(user=user).first()
    if authenticator is None or authenticator.confirmed_at is not None:
        raise ValidationError(ALREADY_ON if authenticator else NOT_STARTED)
    _check_code(user=user, code=code, now=now, refused=CODE_REFUSED)
    return _switch_on(user=user, now=now)


@transaction.atomic
def authenticator_enrol(*, user: User, secret: str, now: datetime) -> list[str]:
    """Switch two-factor sign-in on with a secret already in the person's app (the
    demo practitioner's, kept with its password); returns the recovery codes."""
    if not totp.is_secret(secret):
        raise ValidationError(SECRET_INVALID)
    Authenticator.objects.update_or_create(
        user=user, defaults={"secret": secret, "confirmed_at": None, "last_step": 0}
    )
    return _switch_on(user=user, now=now)


@transaction.atomic
def _switch_on(*, user: User, now: datetime) -> list[str]:
    Authenticator.objects.filter(user=user).update(confirmed_at=now)
    user.two_factor_enabled = True
    user.save(update_fields=["two_factor_enabled"])
    return _recovery_codes_replace(user=user)


# Codes -------------------------------------------------------------------------------


def second_factor_check(*, user: User, code: str, now: datetime) -> None:
    """Accept a code from the person's confirmed app, or raise CODE_REFUSED."""
    if not user.two_factor_enabled:
        raise ValidationError(NOT_ON)
    _check_code(user=user, code=code, now=now, refused=CODE_REFUSED)


def recovery_code_use(*, user: User, code: str, now: datetime) -> int:
    """Spend one recovery code in place of an app code; returns how many are left."""
    if not user.two_factor_enabled:
        raise ValidationError(NOT_ON)
    _refuse_when_locked(user=user, now=now, refused=RECOVERY_CODE_REFUSED)
    if not _spend_recovery_code(user=user, code=code, now=now):
        _count_failure(user=user, now=now)
        raise ValidationError(RECOVERY_CODE_REFUSED)
    return recovery_codes_left(user=user)


def recovery_codes_renew(*, user: User, code: str, now: datetime) -> list[str]:
    """New recovery codes for a current app code; the old ones stop working."""
    second_factor_check(user=user, code=code, now=now)
    return _recovery_codes_replace(user=user)


def authenticator_remove(*, user: User, code: str, now: datetime) -> None:
    """Switch two-factor sign-in off (a practitioner is then asked to set up an app
    again before anything else)."""
    second_factor_check(user=user, code=code, now=now)
    _switch_off(user=user)


def authenticator_reset(*, user: User) -> None:
    """Switch two-factor sign-in off without a code, for an operator helping someone
    who lost both their phone and their recovery codes (``skingarden manage
    two_factor_reset``); the person's sessions end, so every device signs in again."""
    from django.contrib.sessions.models import Session

    _switch_off(user=user)
    doomed = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()


@transaction.atomic
def _switch_off(*, user: User) -> None:
    Authenticator.objects.filter(user=user).delete()
    RecoveryCode.objects.filter(user=user).delete()
    user.two_factor_enabled = False
    user.save(update_fields=["two_factor_enabled"])


def recovery_codes_left(*, user: User) -> int:
    return RecoveryCode.objects.filter(user=user, used_at=None).count()


def recovery_code_digest(code: str) -> str:
    normal = "".join(code.lower().replace("-", "").split())
    return hashlib.sha256(normal.encode()).hexdigest()


def _check_code(*, user: User, code: str, now: datetime, refused: str) -> None:
    _refuse_when_locked(user=user, now=now, refused=refused)
    if not _accept_step(user=user, code=code, now=now):
        _count_failure(user=user, now=now)
        raise ValidationError(refused)


def _refuse_when_locked(*, user: User, now: datetime, refused: str) -> None:
    """While locked, no code is checked and nothing more is counted, so the lock
    ends 15 minutes after it began."""
    if throttles.codes_locked(user=user, now=now):
        raise ValidationError(refused)


def _count_failure(*, user: User, now: datetime) -> None:
    # Never inside a transaction that the refusal rolls back: the count must stay.
    throttles.code_failure_record(user=user, now=now)


@transaction.atomic
def _accept_step(*, user: User, code: str, now: datetime) -> bool:
    """Accept the code if it matches a step later than the last one accepted; the
    row lock makes two requests with one code race for a single acceptance."""
    authenticator = Authenticator.objects.select_for_update().filter(user=user).first()
    if authenticator is None:
        return False
    step = totp.matching_step(
        authenticator.secret, code, when=now, after=authenticator.last_step
    )
    if step is None:
        return False
    authenticator.last_step = step
    authenticator.save(update_fields=["last_step"])
    return True


@transaction.atomic
def _spend_recovery_code(*, user: User, code: str, now: datetime) -> bool:
    spent = RecoveryCode.objects.filter(
        user=user, digest=recovery_code_digest(code), used_at=None
    ).update(used_at=now)
    return spent == 1


@transaction.atomic
def _recovery_codes_replace(*, user: User) -> list[str]:
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.filter(user=user).delete()
    RecoveryCode.objects.bulk_create(
        RecoveryCode(user=user, digest=recovery_code_digest(code)) for code in codes
    )
    return codes


def _new_recovery_code() -> str:
    letters = b32encode(secrets.token_bytes(RECOVERY_CODE_BYTES)).decode().lower()
    return "-".join(letters[n : n + 4] for n in range(0, len(letters), 4))
