"""Whether the database is ready for the code that is running: reached, and with
every migration applied. Commands ask before they start, so a person sees one line
saying what to run instead of a traceback from the first query."""

from dataclasses import dataclass

from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder

MIGRATE = "skingarden manage migrate"
NEVER_MIGRATED = f"the database has never been migrated: run `{MIGRATE}` first."
BEHIND = (
    "the database is {count} migration{s} behind this version of Skin Garden: "
    f"run `{MIGRATE}` first."
)
UNREACHABLE = "cannot open the database: {reason}"


class DatabaseNotReady(Exception):
    """The database cannot be used yet; the message says what to do, in one line."""


@dataclass(frozen=True)
class MigrationState:
    ever_migrated: bool
    pending: int


def migration_state() -> MigrationState:
    """Whether the database was ever migrated, and how many migrations it lacks."""
    try:
        executor = MigrationExecutor(connection)
        ever = MigrationRecorder(connection).has_table()
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        raise DatabaseNotReady(UNREACHABLE.format(reason=first_line(error))) from None
    return MigrationState(ever_migrated=ever, pending=len(plan))


def require_migrated() -> None:
    """Raise DatabaseNotReady unless every migration is applied."""
    state = migration_state()
    if not state.ever_migrated:
        raise DatabaseNotReady(NEVER_MIGRATED)
    if state.pending:
        count = state.pending
        raise DatabaseNotReady(BEHIND.format(count=count, s="" if count == 1 else "s"))


def table_names() -> list[str]:
    """The tables in the database (none in one that was never migrated)."""
    try:
        with connection.cursor() as cursor:
            return connection.introspection.table_names(cursor)
    except DatabaseError as error:
        raise DatabaseNotReady(UNREACHABLE.format(reason=first_line(error))) from None


def first_line(error: BaseException) -> str:
    """A driver's message without the detail lines PostgreSQL adds below it."""
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__
