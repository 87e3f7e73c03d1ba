"""Limits on guessing and on mail and account floods, and the records that keep them.

- Sign-in: 5 failures in 15 minutes for one account from one client address lock
  that pair for 15 minutes; 50 failures in 15 minutes from one client address, over
  any accounts, lock the address for 15 minutes. While locked, no password is checked
  and nothing more is counted, so a lock ends 15 minutes after it began.
- Second-factor codes: 5 wrong codes in 15 minutes lock the account's codes for 15
  minutes, from any address (the password was right: only the code is guessed).
- Password-reset mail: at most 3 an hour to one address and 20 an hour asked for from
  one client address.
- Sign-up: at most 10 tries an hour from one client address.

Windows slide: a limit counts the events of the last window, each at its own time.
Records name an account by a keyed hash of its e-mail address (``account_key``), so
the table holds no address and no password, and a client by the address
``skingarden.lib.http.client_address`` gives. Each write deletes every record older
than an hour (the longest window); deleting an account deletes its records at once.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils.crypto import salted_hmac

from skingarden.accounts.models import ThrottleEvent, User

Kind = ThrottleEvent.Kind


@dataclass(frozen=True)
class Limit:
    count: int
    window: timedelta


SIGN_IN_PER_ACCOUNT_AND_ADDRESS = Limit(5, timedelta(minutes=15))
SIGN_IN_PER_ADDRESS = Limit(50, timedelta(minutes=15))
SIGN_IN_LOCK = timedelta(minutes=15)
CODES_PER_ACCOUNT = Limit(5, timedelta(minutes=15))
CODE_LOCK = timedelta(minutes=15)
RESET_MAILS_PER_ACCOUNT = Limit(3, timedelta(hours=1))
RESET_MAILS_PER_ADDRESS = Limit(20, timedelta(hours=1))
SIGN_UPS_PER_ADDRESS = Limit(10, timedelta(hours=1))
KEPT_FOR = timedelta(hours=1)
WHOLE_ADDRESS = ""  # the account of a lock on every account from one address

KEY_SALT = "skingarden.accounts.throttles.account_key"


def account_key(email: str) -> str:
    """A keyed hash of the normalised address: equal for equal addresses, useless
    without the server's SECRET_KEY."""
    normal = User.objects.normalize_email(email)
    return salted_hmac(KEY_SALT, normal, algorithm="sha256").hexdigest()


def sign_in_locked(*, email: str, address: str, now: datetime) -> bool:
    locks = _since(Kind.SIGN_IN_LOCKED, now - SIGN_IN_LOCK).filter(address=address)
    return locks.filter(
        Q(account=account_key(email)) | Q(account=WHOLE_ADDRESS)
    ).exists()


@transaction.atomic
def sign_in_failure_record(*, email: str, address: str, now: datetime) -> None:
    """Count a wrong password (or unknown address); lock the pair or the whole
    client address when this failure reaches its limit."""
    key = account_key(email)
    _record(Kind.SIGN_IN_FAILED, account=key, address=address, now=now)
    failures = _since(Kind.SIGN_IN_FAILED, now - SIGN_IN_PER_ADDRESS.window)
    pair = failures.filter(account=key, address=address)
    if pair.count() >= SIGN_IN_PER_ACCOUNT_AND_ADDRESS.count:
        _record(Kind.SIGN_IN_LOCKED, account=key, address=address, now=now)
    if failures.filter(address=address).count() >= SIGN_IN_PER_ADDRESS.count:
        _record(Kind.SIGN_IN_LOCKED, account=WHOLE_ADDRESS, address=address, now=now)


def sign_in_success_record(*, email: str, address: str) -> None:
    """A right password forgets this pair's failures (not the address's)."""
    ThrottleEvent.objects.filter(
        kind=Kind.SIGN_IN_FAILED, account=account_key(email), address=address
    ).delete()


def codes_locked(*, user: User, now: datetime) -> bool:
    locks = _since(Kind.CODE_LOCKED, now - CODE_LOCK)
    return locks.filter(account=account_key(user.email)).exists()


@transaction.atomic
def code_failure_record(*, user: User, now: datetime) -> None:
    key = account_key(user.email)
    _record(Kind.CODE_FAILED, account=key, address="", now=now)
    failures = _since(Kind.CODE_FAILED, now - CODES_PER_ACCOUNT.window)
    if failures.filter(account=key).count() >= CODES_PER_ACCOUNT.count:
        _record(Kind.CODE_LOCKED, account=key, address="", now=now)


@transaction.atomic
def reset_mail_claim(*, email: str, address: str, now: datetime) -> bool:
    """Whether a reset mail to ``email`` may go now; counted when it may."""
    key = account_key(email)
    recent = _since(Kind.RESET_MAIL, now - RESET_MAILS_PER_ACCOUNT.window)
    if (
        recent.filter(account=key).count() >= RESET_MAILS_PER_ACCOUNT.count
        or recent.filter(address=address).count() >= RESET_MAILS_PER_ADDRESS.count
    ):
        return False
    _record(Kind.RESET_MAIL, account=key, address=address, now=now)
    return True


@transaction.atomic
def sign_up_claim(*, email: str, address: str, now: datetime) -> bool:
    """Whether this client address may try a sign-up now; counted when it may."""
    recent = _since(Kind.SIGN_UP, now - SIGN_UPS_PER_ADDRESS.window)
    if recent.filter(address=address).count() >= SIGN_UPS_PER_ADDRESS.count:
        return False
    _record(Kind.SIGN_UP, account=account_key(email), address=address, now=now)
    return True


def throttle_events_erase(*, email: str) -> None:
    """Delete every record that names this account (account deletion)."""
    ThrottleEvent.objects.filter(account=account_key(email)).delete()


def _since(kind: str, start: datetime) -> QuerySet[ThrottleEvent]:
    return ThrottleEvent.objects.filter(kind=kind, at__gt=start)


def _record(kind: str, *, account: str, address: str, now: datetime) -> None:
    ThrottleEvent.objects.filter(at__lt=now - KEPT_FOR).delete()
    event = ThrottleEvent(kind=kind, account=account, address=address, at=now)
    event.full_clean()
    event.save()
