"""Writes for sharing: practitioner sign-up, invitations, consent, revocation, the
access audit, and a practitioner's own clinician ratings."""

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts import services as account_services
from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.services import instrument_response_save
from skingarden.programmes.models import Programme
from skingarden.programmes.services.freshness import programme_touch
from skingarden.sharing import codes
from skingarden.sharing.models import (
    AccessEvent,
    Consent,
    Invitation,
    InviteAttempt,
    Practitioner,
)

INVITATION_LIFETIME = timedelta(days=7)
LONGEST_ACCESS_DAYS = 365
THROTTLE_WINDOW = timedelta(minutes=15)
FAILURES_PER_ACCOUNT = 5
FAILURES_PER_ADDRESS = 20
# Instrument ids, as the definitions name them (the rating page's URL uses them).
CLINICIAN_INSTRUMENTS = ("easi", "scorad", "oscorad")

NO_PROGRAMMES = "Choose at least one programme to share."
NOT_YOUR_PROGRAMME = "You can only share your own programmes."
ACCESS_IN_PAST = "The access must end after today."
ACCESS_TOO_LONG = (
    f"Access can last at most {LONGEST_ACCESS_DAYS} days; share again later."
)
PRACTITIONERS_ONLY = "Only a practitioner account can accept an invitation."
PRACTITIONERS_SHARE_NOTHING = "A practitioner account has no programmes to share."
CODE_NOT_VALID = (
    "This code is not valid: it may be mistyped, expired, cancelled or already used. "
    "Ask the participant for a new one."
)
TOO_MANY_TRIES = (
    "Too many wrong codes in the last {minutes} minutes. Wait, then try again."
)
NOT_PENDING = "This invitation has already been used, cancelled or has expired."
ALREADY_REVOKED = "This access has already ended."
NOT_A_CLINICIAN_FORM = "Only EASI, SCORAD and objective SCORAD are entered here."
NOT_SHARED = "This programme is not shared with you."
SOMEONE_ELSES_RATING = (
    "A clinician rating of this kind is already recorded for that day by someone "
    "else; choose the day you examined the skin."
)


@transaction.atomic
def practitioner_signup(
    *, email: str, password: str, name: str, profession: str, time_zone: str
) -> User:
    user = account_services.account_create(
        email=email, password=password, time_zone=time_zone
    )
    user.is_practitioner = True
    user.save(update_fields=["is_practitioner"])
    practitioner = Practitioner(
        user=user, name=name.strip(), profession=profession.strip()
    )
    practitioner.full_clean()
    practitioner.save()
    return user


def end_of_day(day: date, user: User) -> datetime:
    """Access "until" a day lasts to the end of it, where the participant lives: it
    is stored as the first instant of the next day (see ``access_last_day``)."""
    zone = user.profile.zone
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=zone)


def access_last_day(access_until: datetime, zone: tzinfo) -> date:
    """The last day an access covers, in ``zone``: the day the participant chose.
    ``access_until`` is the midnight that ends it, which is already the next day."""
    return (access_until.astimezone(zone) - timedelta(microseconds=1)).date()


@transaction.atomic
def invitation_create(
    *,
    participant: User,
    programmes: Sequence[Programme],
    access_until: date,
    now: datetime,
) -> tuple[Invitation, str]:
    """A new invitation and its code (grouped for reading), which is shown once and
    never stored: only its hash is."""
    if participant.is_practitioner:
        raise ValidationError(PRACTITIONERS_SHARE_NOTHING)
    if not programmes:
        raise ValidationError({"programmes": NO_PROGRAMMES})
    if any(programme.owner_id != participant.pk for programme in programmes):
        raise ValidationError({"programmes": NOT_YOUR_PROGRAMME})
    today = now.astimezone(participant.profile.zone).date()
    if access_until <= today:
        raise ValidationError({"access_until": ACCESS_IN_PAST})
    if access_until > today + timedelta(days=LONGEST_ACCESS_DAYS):
        raise ValidationError({"access_until": ACCESS_TOO_LONG})
    code = codes.new_code()
    invitation = Invitation(
        participant=participant,
        secret_hash=codes.code_hash(code),
        access_until=end_of_day(access_until, participant),
        expires_at=now + INVITATION_LIFETIME,
        created_at=now,
    )
    invitation.full_clean()
    invitation.save()
    invitation.programmes.set(programmes)
    return invitation, codes.grouped(code)


@transaction.atomic
def invitation_cancel(*, invitation: Invitation, now: datetime) -> None:
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(cancelled_at=now)
    if not claimed:
        raise ValidationError(NOT_PENDING)


def throttled(*, user: User, address: str | None, now: datetime) -> bool:
    since = now - THROTTLE_WINDOW
    failures = InviteAttempt.objects.filter(succeeded=False, at__gt=since)
    if failures.filter(user=user).count() >= FAILURES_PER_ACCOUNT:
        return True
    return bool(address) and (
        failures.filter(address=address).count() >= FAILURES_PER_ADDRESS
    )


def invitation_accept(
    *, practitioner: User, secret: str, address: str | None, now: datetime
) -> Consent:
    """Turn a valid code into consent. A wrong code counts towards the throttle even
    though the error rolls everything else back, so guesses cannot be hidden."""
    if not practitioner.is_practitioner:
        raise ValidationError(PRACTITIONERS_ONLY)
    if throttled(user=practitioner, address=address, now=now):
        minutes = int(THROTTLE_WINDOW.total_seconds() // 60)
        raise ValidationError(TOO_MANY_TRIES.format(minutes=minutes), code="throttled")
    try:
        consent = _accept(practitioner=practitioner, secret=secret, now=now)
    except ValidationError:
        InviteAttempt.objects.create(
            user=practitioner, address=address, succeeded=False, at=now
        )
        raise
    InviteAttempt.objects.create(
        user=practitioner, address=address, succeeded=True, at=now
    )
    return consent


@transaction.atomic
def _accept(*, practitioner: User, secret: str, now: datetime) -> Consent:
    hashes = codes.hashes_to_try(secret)
    invitation = Invitation.objects.filter(secret_hash__in=hashes).first()
    if invitation is None or not invitation.is_pending(now):
        raise ValidationError(CODE_NOT_VALID, code="invalid")
    # The conditional update is the single-use guarantee under concurrency.
    claimed = Invitation.objects.filter(
        pk=invitation.pk, accepted_at__isnull=True, cancelled_at__isnull=True
    ).update(accepted_at=now)
    if not claimed:
        raise ValidationError(CODE_NOT_VALID, code="invalid")
    consent = Consent(
        participant_id=invitation.participant_id,
        practitioner=practitioner,
        invitation=invitation,
        granted_at=now,
        access_until=invitation.access_until,
    )
    consent.full_clean()
    consent.save()
    consent.programmes.set(invitation.programmes.all())
    return consent


@transaction.atomic
def consent_revoke(*, consent: Consent, now: datetime) -> None:
    """Ends access at once: every practitioner read checks revoked_at."""
    ended = Consent.objects.filter(
        pk=consent.pk, revoked_at__isnull=True, access_until__gt=now
    ).update(revoked_at=now)
    if not ended:
        raise ValidationError(ALREADY_REVOKED)


def practitioner_label(practitioner: User) -> str:
    details = getattr(practitioner, "practitioner", None)
    if details is None:
        return practitioner.email
    return f"{details.name}, {details.profession} <{practitioner.email}>"


def access_record(
    *,
    consent: Consent,
    practitioner: User,
    action: str,
    now: datetime,
    programme: Programme | None = None,
    detail: str = "",
    photos: Sequence[str] = (),
) -> None:
    access_record_many(
        entries=[(consent, programme)],
        practitioner=practitioner,
        action=action,
        now=now,
        detail=detail,
        photos=photos,
    )


def access_record_many(
    *,
    entries: Sequence[tuple[Consent, Programme | None]],
    practitioner: User,
    action: str,
    now: datetime,
    detail: str = "",
    photos: Sequence[str] = (),
) -> None:
    """One audit row per participant whose data a page showed (one query)."""
    label = practitioner_label(practitioner)
    AccessEvent.objects.bulk_create(
        AccessEvent(
            participant_id=consent.participant_id,
            practitioner=practitioner,
            practitioner_label=label,
            consent=consent,
            programme=programme,
            action=action,
            detail=detail,
            photos=list(photos),
            at=now,
        )
        for consent, programme in entries
    )


# A photo's thumbnail or display size fetched by a page the practitioner opened
# (its images load just after it) is that page's view, already recorded with the
# photos it listed; fetched on its own, it is an event of its own.
PAGE_COVERS = timedelta(minutes=10)


def photo_file_access_record(
    *,
    consent: Consent,
    practitioner: User,
    programme: Programme,
    photo_code: str,
    size: str,
    now: datetime,
) -> None:
    """Audit one file of one photo: the original always (a download), a smaller
    size unless a page of the last ``PAGE_COVERS`` listed the photo."""
    if size == "original":
        action = AccessEvent.Action.PHOTO_ORIGINAL
    elif _listed_recently(consent, practitioner, photo_code, now):
        return
    else:
        action = AccessEvent.Action.PHOTO_FILE
    access_record(
        consent=consent,
        practitioner=practitioner,
        action=action,
        now=now,
        programme=programme,
        detail=size,
        photos=[photo_code],
    )


def _listed_recently(
    consent: Consent, practitioner: User, photo_code: str, now: datetime
) -> bool:
    listed = AccessEvent.objects.filter(
        participant_id=consent.participant_id,
        practitioner=practitioner,
        action=AccessEvent.Action.PHOTOS,
        at__gte=now - PAGE_COVERS,
    ).values_list("photos", flat=True)
    return any(photo_code in codes for codes in listed)


@transaction.atomic
def clinician_rating_save(
    *,
    consent: Consent,
    programme: Programme,
    practitioner: User,
    instrument_id: str,
    answers: Mapping[str, Any],
    rated_on: date,
    today: date,
    now: datetime,
) -> InstrumentResponse:
    """A practitioner's own EASI or SCORAD, stored in the participant's record as a
    clinician rating with the practitioner as rater, and audited."""
    if instrument_id not in CLINICIAN_INSTRUMENTS:
        raise ValidationError(NOT_A_CLINICIAN_FORM)
    if not consent.programmes.filter(pk=programme.pk).exists():
        raise ValidationError(NOT_SHARED)
    earlier = InstrumentResponse.objects.filter(
        owner=programme.owner_id,
        instrument_id=instrument_id,
        date=rated_on,
        rated_by=InstrumentResponse.Rater.CLINICIAN,
    ).first()
    if earlier is not None and earlier.rater_id != practitioner.pk:
        raise ValidationError({"rated_on": SOMEONE_ELSES_RATING})
    response = instrument_response_save(
        owner=programme.owner,
        instrument_id=instrument_id,
        answers=answers,
        answered_on=rated_on,
        today=today,
        programme=programme,
        rated_by=InstrumentResponse.Rater.CLINICIAN,
        rater_name=practitioner_label(practitioner),
        rater=practitioner,
    )
    # Retires the cached dashboard and report, whatever the programme's status.
    programme_touch(programme)
    access_record(
        consent=consent,
        practitioner=practitioner,
        action=AccessEvent.Action.RATING,
        now=now,
        programme=programme,
        detail=f"{instrument_id} on {rated_on.isoformat()}",
    )
    return response
