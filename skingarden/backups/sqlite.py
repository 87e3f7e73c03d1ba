"""SQLite: a consistent copy of the live database, and a copy put back.

Both use SQLite's online backup API (``sqlite3.Connection.backup``), which copies
pages under a read transaction: a copy made while the app writes is the database as
it was at one moment, WAL included, and restoring into the instance's file works
through SQLite's own locking rather than around it.
"""

import sqlite3
from pathlib import Path

BUSY_TIMEOUT = 20  # seconds to wait for a writer, as the app itself does
COPY_FAILED = "the SQLite copy failed: {reason}."
NOT_SOUND = "the SQLite copy failed its check ({result}); nothing was written."
RESTORE_FAILED = "putting the SQLite database back failed: {reason}."


class SqliteError(Exception):
    """One line saying what went wrong."""


def snapshot(source: Path, target: Path) -> None:
    """Copy the database at ``source`` into the new file ``target`` and check it."""
    try:
        _copy(source, target)
        result = _quick_check(target)
    except sqlite3.Error as error:
        raise SqliteError(COPY_FAILED.format(reason=error)) from None
    if result != "ok":
        raise SqliteError(NOT_SOUND.format(result=result))


def restore(copy: Path, target: Path) -> None:
    """Replace the content of the database at ``target`` with ``copy``'s, in one
    step: a reader sees the old content or the new, never a mixture."""
    try:
        _copy(copy, target)
    except sqlite3.Error as error:
        raise SqliteError(RESTORE_FAILED.format(reason=error)) from None


def _copy(source: Path, target: Path) -> None:
    reader = sqlite3.connect(source, timeout=BUSY_TIMEOUT)
    try:
        writer = sqlite3.connect(target, timeout=BUSY_TIMEOUT)
        try:
            reader.backup(writer)
        finally:
            writer.close()
    finally:
        reader.close()


def _quick_check(path: Path) -> str:
    connection = sqlite3.connect(path)
    try:
        rows = connection.execute("PRAGMA quick_check").fetchall()
    finally:
        connection.close()
    return "; ".join(str(row[0]) for row in rows)
