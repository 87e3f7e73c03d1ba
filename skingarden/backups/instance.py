"""The instance's side of a backup: which database, which media folder, whether it
is empty, which migrations it has; and the two operations.

A restore goes only into an empty instance (no table in the database, no file in
the media folder): it never merges, and never overwrites what someone may still
need. Everything in the archive is unpacked and checked first, beside the media
folder, before the database is touched; the database is then restored in one step,
and the media files moved into place.
"""

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from skingarden.backups import archive, postgres, sqlite
from skingarden.lib.database import (
    DatabaseNotReady,
    migration_state,
    require_migrated,
    table_names,
)

ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}

UNSUPPORTED_ENGINE = "backups cover SQLite and PostgreSQL, not {engine}."
TARGET_EXISTS = "{path} already exists; a backup never overwrites a file."
NO_FOLDER = "the folder {folder} does not exist."
NOT_FOUND = "{path} is not a file."
NOT_EMPTY = (
    "this instance is not empty (its database has {count} tables); a backup is "
    "restored only into a new, empty one: point DATA_DIR (SQLite) or DATABASE_URL "
    "(PostgreSQL) at a new database first."
)
MEDIA_NOT_EMPTY = (
    "this instance is not empty (there are files in {folder}); a backup is restored "
    "only into a new, empty one."
)
OTHER_ENGINE = (
    "this backup holds a {theirs} database, but this instance uses {ours}; restore "
    "it into an instance of the same kind."
)
NEWER_MIGRATIONS = (
    "this backup was made by a newer Skin Garden (its database has migrations this "
    "version does not know, such as {example}); upgrade Skin Garden, then restore."
)
WRITE_FAILED = "cannot write {path}: {reason}."


class BackupError(Exception):
    """One line saying what went wrong and what to do."""


@dataclass(frozen=True)
class BackupDone:
    engine: str
    database_bytes: int
    media_files: int
    archive_bytes: int


@dataclass(frozen=True)
class RestoreDone:
    engine: str
    created_at: str
    media_files: int
    pending_migrations: int


def engine() -> str:
    name = settings.DATABASES["default"]["ENGINE"]
    if name not in ENGINES:
        raise BackupError(UNSUPPORTED_ENGINE.format(engine=name))
    return ENGINES[name]


def media_root() -> Path:
    """Where the media storage keeps its files (settings.MEDIA_ROOT)."""
    return Path(settings.MEDIA_ROOT)


def backup_create(*, target: Path, now: datetime) -> BackupDone:
    """Write the database and every media file to the new archive ``target``."""
    kind = engine()
    if target.exists():
        raise BackupError(TARGET_EXISTS.format(path=target))
    if not target.parent.is_dir():
        raise BackupError(NO_FOLDER.format(folder=target.parent))
    _ready(require_migrated)
    migrations = _applied_migrations()
    try:
        with tempfile.TemporaryDirectory(
            dir=target.parent, prefix=".skingarden-backup-"
        ) as work:
            database = Path(work, archive.DATABASE_FILES[kind])
            _copy_database(kind, database)
            manifest = archive.write_archive(
                target,
                database=database,
                engine=kind,
                migrations=migrations,
                media_root=media_root(),
                created_at=now.astimezone(UTC).isoformat(timespec="seconds"),
            )
    except OSError as error:
        raise BackupError(_write_failed(target, error)) from None
    except (archive.ArchiveError, sqlite.SqliteError, postgres.PostgresError) as error:
        raise BackupError(str(error)) from None
    return BackupDone(
        kind, manifest.database.size, len(manifest.media), target.stat().st_size
    )


def backup_restore(*, source: Path) -> RestoreDone:
    """Put the archive ``source`` into this empty instance."""
    kind = engine()
    if not source.is_file():
        raise BackupError(NOT_FOUND.format(path=source))
    _require_empty()
    staging_parent = media_root().parent
    try:
        staging_parent.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(
            dir=staging_parent, prefix=".skingarden-restore-"
        ) as work:
            manifest = archive.read_archive(source, Path(work))
            _check_compatible(manifest, kind)
            connection.close()  # the copy is written through SQLite or pg_restore
            _restore_database(kind, Path(work, manifest.database.name))
            _move_media(Path(work, archive.MEDIA))
    except OSError as error:
        raise BackupError(_write_failed(media_root(), error)) from None
    except (archive.ArchiveError, sqlite.SqliteError, postgres.PostgresError) as error:
        raise BackupError(str(error)) from None
    pending = _ready(migration_state).pending
    return RestoreDone(kind, manifest.created_at, len(manifest.media), pending)


def _ready[T](check: Callable[[], T]) -> T:
    """Run a database check, its refusal as a BackupError."""
    try:
        return check()
    except DatabaseNotReady as error:
        raise BackupError(str(error)) from None


def _applied_migrations() -> tuple[str, ...]:
    applied = MigrationRecorder(connection).applied_migrations()
    return tuple(sorted(f"{app}.{name}" for app, name in applied))


def _copy_database(kind: str, target: Path) -> None:
    database = settings.DATABASES["default"]
    if kind == "sqlite":
        sqlite.snapshot(Path(database["NAME"]), target)
    else:
        postgres.dump(database, target)


def _require_empty() -> None:
    tables = _ready(table_names)
    if tables:
        raise BackupError(NOT_EMPTY.format(count=len(tables)))
    folder = media_root()
    if folder.is_dir() and any(path.is_file() for path in folder.rglob("*")):
        raise BackupError(MEDIA_NOT_EMPTY.format(folder=folder))


def _check_compatible(manifest: archive.Manifest, kind: str) -> None:
    if manifest.engine != kind:
        theirs, ours = ENGINE_NAMES[manifest.engine], ENGINE_NAMES[kind]
        raise BackupError(OTHER_ENGINE.format(theirs=theirs, ours=ours))
    known = {
        f"{app}.{name}"
        for app, name in MigrationLoader(
            None, ignore_no_migrations=True
        ).disk_migrations
    }
    unknown = sorted(set(manifest.migrations) - known)
    if unknown:
        raise BackupError(NEWER_MIGRATIONS.format(example=unknown[0]))


def _restore_database(kind: str, copy: Path) -> None:
    database = settings.DATABASES["default"]
    if kind == "sqlite":
        sqlite.restore(copy, Path(database["NAME"]))
    else:
        postgres.restore(database, copy)


def _move_media(unpacked: Path) -> None:
    """The checked media files into the (empty or absent) media folder."""
    if not unpacked.is_dir():
        return
    target = media_root()
    if target.is_dir():
        shutil.rmtree(target)  # empty: _require_empty found no file in it
    shutil.move(unpacked, target)


def _write_failed(path: Path, error: OSError) -> str:
    return WRITE_FAILED.format(path=path, reason=error.strerror or error)
