"""Which programmes a caller reaches, through the same selectors as the pages.

A participant reaches their own programmes (``programme_get_for_user``); a
practitioner reaches only what an active consent shares with them now, read-only,
each read audited as it is on the practitioner's pages. Anything else is a 404,
whether it exists or not.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.api.auth import Caller
from skingarden.programmes.models import Programme
from skingarden.programmes.selectors.access import (
    programme_get_for_user,
    programmes_for_user,
)
from skingarden.sharing import selectors as sharing
from skingarden.sharing.models import AccessEvent, Consent
from skingarden.sharing.services import access_record, access_record_many


@dataclass(frozen=True)
class Reached:
    """A programme the caller may read, "today" where its owner is, and the consent
    that shares it when the caller is a practitioner."""

    programme: Programme
    today: date
    consent: Consent | None = None

    @property
    def owner(self) -> User:
        return self.programme.owner


def programme_reach(caller: Caller, code: object, *, reading: str) -> Reached:
    """The programme ``code`` names, if the caller may read it; ``reading`` says
    what is read, for a practitioner's audit row."""
    reached = programme_find(caller, code)
    reading_record(caller, reached, reading=reading)
    return reached


def programme_find(caller: Caller, code: object) -> Reached:
    """The programme ``code`` names, if the caller may read it, not yet audited:
    for a read whose audit row names what it found (``reading_record``)."""
    user = caller.user
    if not user.is_practitioner:
        programme = programme_get_for_user(user=user, code=str(code))
        programme.owner = user
        return Reached(programme, user_today(user=user))
    consent, programme = sharing.shared_programme_find(
        practitioner=user, code=str(code), now=timezone.now()
    )
    return Reached(programme, user_today(user=programme.owner), consent)


def reading_record(
    caller: Caller, reached: Reached, *, reading: str, photos: Sequence[str] = ()
) -> None:
    """A practitioner's read in the participant's audit (with the photos it
    showed, by code); an owner's reads are not audited."""
    if reached.consent is None:
        return
    access_record(
        consent=reached.consent,
        practitioner=caller.user,
        action=AccessEvent.Action.API,
        now=timezone.now(),
        programme=reached.programme,
        detail=reading,
        photos=photos,
    )


def programmes_reach(caller: Caller) -> list[Programme]:
    """Every programme the caller may read: their own, or those shared with them
    now (each owner's row in the audit, as for the client list)."""
    user = caller.user
    if not user.is_practitioner:
        return programmes_for_user(user=user)
    now = timezone.now()
    pairs = sharing.shared_programmes(practitioner=user, now=now)
    access_record_many(
        entries=pairs,
        practitioner=user,
        action=AccessEvent.Action.API,
        now=now,
        detail="programmes",
    )
    return [programme for _, programme in pairs]
