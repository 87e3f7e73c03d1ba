"""Making deleted rows unreadable in the database files themselves.

On SQLite every connection runs with ``PRAGMA secure_delete=ON`` (settings.py): a
deleted row's bytes, and pages freed by a delete, are overwritten with zeros rather
than left for the next write. In WAL mode the zeroed pages are first appended to the
write-ahead log, whose earlier frames still hold the old page images; a
``wal_checkpoint(TRUNCATE)`` copies the log into the database and empties the log
file. See docs/security.md, "Where your data lives, and deletion".

PostgreSQL keeps a deleted row's bytes in the table until VACUUM makes the space
reusable and later writes land on it; nothing here can force that (docs/security.md).
"""

import logging
import time

from django.db import connections

logger = logging.getLogger(__name__)

CHECKPOINT_TRIES = 5
CHECKPOINT_PAUSE = 0.2  # seconds between tries, while a reader finishes


def write_ahead_log_empty(*, using: str = "default") -> bool:
    """Copy SQLite's write-ahead log into the database and truncate it, so no page
    image from before a deletion is left in it. True when done (or not SQLite);
    False, with a warning for the operator, while readers kept it busy throughout
    (the next deletion, or SQLite's own checkpoint, completes it later)."""
    connection = connections[using]
    if connection.vendor != "sqlite":
        return True
    for attempt in range(CHECKPOINT_TRIES):
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            busy, _, _ = cursor.fetchone()
        if not busy:
            return True
        if attempt + 1 < CHECKPOINT_TRIES:
            time.sleep(CHECKPOINT_PAUSE)
    logger.warning(
        "The write-ahead log could not be emptied after an account deletion: "
        "readers kept it busy. The deleted rows are zeroed in the database; their "
        "old page images stay in the log until its next full checkpoint."
    )
    return False
