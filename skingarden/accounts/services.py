"""Writes for accounts: sign-up, profile and the safety screen."""

import json
import re
from collections.abc import Mapping, Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts import screening
from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.accounts.selectors import safety_screen_current
from skingarden.accounts.throttles import throttle_events_erase
from skingarden.lib.erasure import write_ahead_log_empty

EMAIL_TAKEN = "An account with this e-mail address already exists."
PROFILE_INCOMPLETE = (
    "Fill in your conditions and year of birth before the safety screen."
)
SCREEN_NOT_CURRENT = "Only your latest safety screen can be confirmed."
SCREEN_NEEDS_NO_CLINICIAN = "This safety screen does not need a clinician's agreement."
AGREED_IN_FUTURE = "The date your clinician agreed cannot be in the future."
CLINICIAN_NAME_REQUIRED = "Name the clinician who agreed."


@transaction.atomic
def account_create(*, email: str, password: str, time_zone: str = "UTC") -> User:
    email = User.objects.normalize_email(email)
    if User.objects.filter(email=email).exists():
        raise ValidationError({"email": EMAIL_TAKEN})
    user = User.objects.create_user(email, password)
    profile = Profile(user=user, time_zone=time_zone)
    profile.full_clean()
    profile.save()
    return user


@transaction.atomic
def profile_update(
    *, user: User, conditions: Sequence[str], birth_year: int, time_zone: str
) -> Profile:
    profile = Profile.objects.select_for_update().get(user=user)
    profile.conditions = list(conditions)
    profile.birth_year = birth_year
    profile.time_zone = time_zone
    profile.full_clean()
    profile.save(update_fields=["conditions", "birth_year", "time_zone", "updated_at"])
    user.profile = profile
    return profile


@transaction.atomic
def safety_screen_submit(
    *, user: User, answers: Mapping[str, bool], today: date
) -> SafetyScreen:
    """Run the screen on these answers; the result becomes the participant's latest."""
    profile = Profile.objects.get(user=user)
    if not profile.is_complete or profile.birth_year is None:
        raise ValidationError(PROFILE_INCOMPLETE)
    try:
        result = screening.evaluate(
            answers,
            birth_year=profile.birth_year,
            conditions=profile.conditions,
            today=today,
        )
    except screening.ScreenError as error:
        raise ValidationError(str(error)) from None
    screen = SafetyScreen(
        user=user,
        rules_version=screening.RULES_VERSION,
        answers=dict(answers),
        birth_year=profile.birth_year,
        conditions=list(profile.conditions),
        outcome=result.outcome,
        blocks=list(result.blocks),
        clinician_reasons=list(result.clinician_reasons),
        warnings=list(result.warnings),
        screened_on=today,
    )
    screen.full_clean()
    screen.save()
    return screen


@transaction.atomic
def safety_screen_confirm_clinician(
    *, screen: SafetyScreen, clinician_name: str, agreed_on: date, today: date
) -> SafetyScreen:
    """Record the clinician who agreed the participant may start."""
    latest = safety_screen_current(user=screen.user)
    if latest is None or latest.pk != screen.pk:
        raise ValidationError(SCREEN_NOT_CURRENT)
    if screen.outcome != screening.Outcome.CLINICIAN_REQUIRED:
        raise ValidationError(SCREEN_NEEDS_NO_CLINICIAN)
    if not clinician_name.strip():
        raise ValidationError({"clinician_name": CLINICIAN_NAME_REQUIRED})
    if agreed_on > today:
        raise ValidationError({"agreed_on": AGREED_IN_FUTURE})
    screen.clinician_name = clinician_name.strip()
    screen.clinician_agreed_on = agreed_on
    screen.outcome = screening.Outcome.CLINICIAN_CONFIRMED
    screen.full_clean()
    screen.save(update_fields=["clinician_name", "clinician_agreed_on", "outcome"])
    return screen


WRONG_PASSWORD = "That is not your password; nothing was deleted."  # noqa: S105
NOT_CONFIRMED = "Tick the box to confirm that everything should be deleted."


@transaction.atomic
def account_delete(*, user: User, password: str, confirmed: bool) -> None:
    """Delete the account and every piece of the person's data, in one transaction.

    Everything the person owns hangs off the user row with CASCADE (programmes and
    their check-ins, responses, reports and PDFs, safety screens, patch tests,
    imported tracking, reminders, invitations, consents and the audit of their
    data), so one delete removes it all. What only mentions them is cleared too:
    queued or finished background tasks whose arguments carry their address or id
    (e-mails, reminders), their sessions, and the sign-in, reset, sign-up and code
    records that name their address's keyed hash (accounts/throttles.py). Ratings a
    practitioner entered in other people's records stay there, without the link to
    this account.
    """
    if not confirmed:
        raise ValidationError({"confirm": NOT_CONFIRMED})
    if not user.check_password(password):
        raise ValidationError({"password": WRONG_PASSWORD})
    account_erase(user=user)


@transaction.atomic
def account_erase(*, user: User) -> None:
    """What ``account_delete`` does once the person has confirmed it; also how the
    demo accounts are reset."""
    _delete_task_rows_mentioning(user)
    _delete_sessions_of(user)
    throttle_events_erase(email=user.email)
    User.objects.filter(pk=user.pk).delete()
    # Zeroed by secure_delete; their old page images leave SQLite's log once the
    # deletion has committed.
    transaction.on_commit(write_ahead_log_empty)


def _delete_task_rows_mentioning(user: User) -> None:
    from django_tasks_db.models import DBTaskResult

    mentions = re.compile(
        "|".join(
            (
                re.escape(json.dumps(user.email)),
                re.escape(str(user.code)),
                rf'"user_id": {user.pk}(?!\d)',
            )
        )
    )
    doomed = [
        row_id
        for row_id, arguments in DBTaskResult.objects.values_list(
            "id", "args_kwargs"
        ).iterator()
        if mentions.search(json.dumps(arguments))
    ]
    DBTaskResult.objects.filter(id__in=doomed).delete()


def _delete_sessions_of(user: User) -> None:
    from django.contrib.sessions.models import Session

    doomed = [
        session.pk
        for session in Session.objects.iterator()
        if session.get_decoded().get("_auth_user_id") == str(user.pk)
    ]
    Session.objects.filter(pk__in=doomed).delete()
