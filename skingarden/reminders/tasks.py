from typing import Any
from uuid import UUID

from django.tasks import task
from django.utils import timezone

from skingarden.reminders import schedule, services


@task()
def sweep() -> dict[str, Any]:
    """Queue the reminders due now, then the next sweep: it runs every few minutes
    for as long as the worker does. The next one is queued even if this one fails,
    or reminders would stop until the worker restarts. On the way it tidies the task
    table: old results pruned, tasks of stopped workers put back."""
    now = timezone.now()
    try:
        due = services.reminders_sweep(now=now)
    finally:
        next_queued = schedule.queue_next_sweep(now=now)
        schedule.prune_finished(now=now)
        schedule.recover_stopped_workers(now=now)
    return {"due": due, "next_queued": next_queued}


@task()
def send_reminders(*, batch: str) -> dict[str, int]:
    """Send the e-mails one sweep claimed (see services.reminders_send)."""
    return services.reminders_send(batch=UUID(batch))
