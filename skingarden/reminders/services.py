"""Writes for reminders: the participant's choices, the two secret links, and the
sweep that claims reminders in the sent log and hands them to the mail task."""

import logging
import uuid
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, time
from uuid import UUID

from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F

from skingarden.accounts.models import User
from skingarden.reminders import selectors
from skingarden.reminders.mail import reminder_message
from skingarden.reminders.models import ReminderSent, ReminderSettings, new_token
from skingarden.reminders.rules import Kind, reminders_due

logger = logging.getLogger(__name__)

PRACTITIONERS_HAVE_NO_FEED = (
    "A practitioner account runs no programme, so it has no calendar feed."
)
SETTINGS_FIELDS = (
    "daily_enabled",
    "reminder_time",
    "nudge_enabled",
    "instruments_enabled",
)


def _settings_locked(user: User) -> ReminderSettings:
    settings, _ = ReminderSettings.objects.select_for_update().get_or_create(user=user)
    return settings


@transaction.atomic
def reminder_settings_update(
    *,
    user: User,
    daily_enabled: bool,
    reminder_time: time,
    nudge_enabled: bool,
    instruments_enabled: bool,
) -> ReminderSettings:
    settings = _settings_locked(user)
    settings.daily_enabled = daily_enabled
    settings.reminder_time = reminder_time
    settings.nudge_enabled = nudge_enabled
    settings.instruments_enabled = instruments_enabled
    settings.full_clean()
    settings.save(update_fields=[*SETTINGS_FIELDS, "updated_at"])
    return settings


@transaction.atomic
def reminders_unsubscribe(*, settings: ReminderSettings) -> ReminderSettings:
    """Turn every reminder e-mail off (the calendar feed is a separate choice)."""
    settings = ReminderSettings.objects.select_for_update().get(pk=settings.pk)
    settings.daily_enabled = False
    settings.nudge_enabled = False
    settings.instruments_enabled = False
    settings.save(
        update_fields=[
            "daily_enabled",
            "nudge_enabled",
            "instruments_enabled",
            "updated_at",
        ]
    )
    return settings


@transaction.atomic
def calendar_feed_renew(*, user: User) -> ReminderSettings:
    """Turn the calendar feed on at a new secret address; any old address stops."""
    if user.is_practitioner:
        raise ValidationError(PRACTITIONERS_HAVE_NO_FEED)
    settings = _settings_locked(user)
    settings.calendar_token = new_token()
    settings.full_clean()
    settings.save(update_fields=["calendar_token", "updated_at"])
    return settings


@transaction.atomic
def calendar_feed_revoke(*, user: User) -> ReminderSettings:
    settings = _settings_locked(user)
    settings.calendar_token = None
    settings.save(update_fields=["calendar_token", "updated_at"])
    return settings


def reminders_sweep(*, now: datetime) -> int:
    """Claim every reminder due at ``now`` in the sent log and queue one mail task
    for them, once the claim has committed. Returns how many were due; a reminder a
    concurrent sweep already claimed is skipped by the unique constraint, so it is
    never sent twice. The query count does not grow with the number of people."""
    due = [
        (candidate, kind)
        for candidate in selectors.sweep_candidates(now=now)
        for kind in reminders_due(candidate.day)
    ]
    if not due:
        return 0
    batch = uuid.uuid4()
    with transaction.atomic():
        # The e-mails carry an unsubscribe link, whose secret lives in the settings.
        ReminderSettings.objects.bulk_create(
            [
                ReminderSettings(user_id=candidate.user_id)
                for candidate in {c.user_id: c for c, _ in due}.values()
                if not candidate.has_settings
            ],
            ignore_conflicts=True,
        )
        ReminderSent.objects.bulk_create(
            [
                ReminderSent(
                    user_id=candidate.user_id,
                    programme_id=candidate.programme_id,
                    kind=kind,
                    local_date=candidate.day.today,
                    batch=batch,
                    queued_at=now,
                )
                for candidate, kind in due
            ],
            ignore_conflicts=True,
        )
        transaction.on_commit(lambda: _enqueue_mail(batch))
    return len(due)


def _enqueue_mail(batch: UUID) -> None:
    from skingarden.reminders.tasks import send_reminders

    send_reminders.enqueue(batch=str(batch))


# An e-mail whose task was interrupted between handing it to the mail server and
# recording the outcome is sent once more (it may not have gone), never a third time.
SEND_ATTEMPTS = 2


@dataclass(frozen=True)
class Outgoing:
    user_id: int
    message: mail.EmailMessage
    repeat: bool  # an earlier attempt was interrupted: it may have gone already


def reminders_send(*, batch: UUID) -> dict[str, int]:
    """Send the e-mails of one sweep over one connection, one per participant. The
    sent log decides what goes: each participant's rows are marked "sending" before
    the e-mail is handed over and "sent" or "failed" after. Run again after its
    worker was killed, the task skips what is sent or failed and sends again an
    e-mail caught between the two marks, counted as ``repeated``: a kill costs at
    most one duplicate, never a lost reminder. A failed e-mail is logged by its error
    type only and not retried: the next reminder comes tomorrow."""
    rows = ReminderSent.objects.filter(
        batch=batch,
        status__in=(ReminderSent.Status.QUEUED, ReminderSent.Status.SENDING),
        attempts__lt=SEND_ATTEMPTS,
    ).values_list(
        "user_id",
        "kind",
        "status",
        "user__email",
        "programme__code",
        "user__reminder_settings__unsubscribe_token",
    )
    kinds: dict[int, set[Kind]] = defaultdict(set)
    addressed: dict[int, tuple[str, UUID, str]] = {}
    interrupted: set[int] = set()
    for user_id, kind, status, email, programme_code, token in rows:
        kinds[user_id].add(Kind(kind))
        addressed[user_id] = (email, programme_code, token)
        if status == ReminderSent.Status.SENDING:
            interrupted.add(user_id)
    outgoing = [
        Outgoing(
            user_id,
            reminder_message(
                email=email,
                kinds=kinds[user_id],
                programme_code=programme_code,
                unsubscribe_token=token,
            ),
            repeat=user_id in interrupted,
        )
        for user_id, (email, programme_code, token) in addressed.items()
    ]
    return _send_all(batch, outgoing)


def _send_all(batch: UUID, outgoing: list[Outgoing]) -> dict[str, int]:
    counts = {"sent": 0, "failed": 0, "repeated": 0}
    if not outgoing:
        return counts
    with mail.mailers.default as connection:
        for item in outgoing:
            log = ReminderSent.objects.filter(batch=batch, user_id=item.user_id)
            log.update(status=ReminderSent.Status.SENDING, attempts=F("attempts") + 1)
            try:
                connection.send_messages([item.message])
            # One refused address must not stop the others.
            except Exception as error:
                log.update(status=ReminderSent.Status.FAILED)
                counts["failed"] += 1
                logger.error("A reminder e-mail failed: %s", type(error).__name__)
            else:
                log.update(status=ReminderSent.Status.SENT)
                counts["sent"] += 1
                counts["repeated"] += item.repeat
    if counts["repeated"]:
        logger.warning(
            "Reminder e-mails sent again after an interruption, each of which may "
            "have reached its reader twice: %d.",
            counts["repeated"],
        )
    return counts
