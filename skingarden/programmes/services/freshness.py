"""How a write makes a programme's pages stale: ``programme_touch``, the one way.

Cached pages (the dashboard, the report) are keyed by the programme's revision.
Every write that changes what a page shows calls ``programme_touch`` (directly,
or through ``claim_open`` for writes that need the programme still open), inside
the write's transaction: if the write fails, the new revision rolls back with it.
"""

from collections.abc import Collection

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.db.models import F

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.programmes.plan import PlannedPhase
from skingarden.programmes.selectors.state import planned_phases

NOT_OPEN = "This programme has ended; it cannot be changed."

# Plain SQL: this runs on every write, and the ORM's compilation would cost ten
# times the statement (docs/benchmarks.md).
TOUCH_SQL = (
    f"UPDATE {Programme._meta.db_table} SET revision = revision + 1 "  # noqa: S608
    "WHERE id = %s"
)
OPEN_CONDITION = " AND status IN (%s, %s)"


def programme_touch(programme: Programme, *, only_if_open: bool = False) -> bool:
    """Bump the programme's revision, so every cached page of it is retired.

    With ``only_if_open`` the update also proves the programme is still open at that
    moment (and takes its write lock); returns whether the row was updated.
    """
    sql, params = TOUCH_SQL, list[int | str]([programme.pk])
    if only_if_open:
        sql = sql + OPEN_CONDITION
        params += Programme.OPEN_STATUSES
    with connections[router.db_for_write(Programme)].cursor() as cursor:
        cursor.execute(sql, params)
        touched = bool(cursor.rowcount > 0)
    if touched:
        programme.revision += 1
    return touched


def programmes_touch(programme_ids: Collection[int]) -> None:
    """Retire the cached pages of several programmes in one statement (after a
    rescore, or an import)."""
    if programme_ids:
        Programme.objects.filter(pk__in=programme_ids).update(
            revision=F("revision") + 1
        )


def open_programmes_touch(owner: User) -> None:
    """Retire the cached pages of the owner's open programme (a write about the
    person rather than one programme, such as a patch test, changes what it shows)."""
    for programme in Programme.objects.for_user(owner).open().only("id"):
        programme_touch(programme)


def claim_open(programme: Programme) -> Programme:
    """Claim an open programme for a write, and retire its cached pages.

    The conditional UPDATE takes the row's write lock (PostgreSQL) or the database's
    (SQLite) and proves the programme is still open at that moment, so two changes
    cannot interleave.
    """
    if not programme_touch(programme, only_if_open=True):
        raise ValidationError(NOT_OPEN)
    return programme


def locked_open(programme: Programme) -> tuple[Programme, list[PlannedPhase]]:
    """Claim an open programme for a write (see ``claim_open``), with its phases."""
    programme = claim_open(programme)
    return programme, planned_phases(list(programme.phases.all()))
