"""Write many imported rows without holding the database for long.

SQLite lets one connection write at a time; a transaction of 300,000 rows would
hold every other writer (a check-in being saved) for seconds. So a large import
is written in chunks of its own short transactions, each row marked as belonging
to its import (``pending_import``), which keeps it out of every reader's sight.
One last short transaction reveals them all at once. If anything fails or the
process dies before then, the pending rows are deleted (``discard``, or with
their import's row), so the import is still all or nothing.
"""

import time
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection, transaction

from skingarden.lib.bulk import Columns
from skingarden.portability.models import (
    CustomMeasure,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)

CHUNK_ROWS = 50_000  # about a quarter of a second of writing on SQLite
# A writer waiting for SQLite's lock sleeps and retries, at least every 100 ms;
# pausing this long between chunks lets it in instead of starving it.
SQLITE_PAUSE_S = 0.1


def insert_in_chunks(
    columns: Columns,
    rows: Sequence[Sequence[Any]],
    on_chunk: Callable[[int], None] = lambda written: None,
) -> None:
    """Insert prepared ``rows`` a chunk per transaction; ``on_chunk`` hears how
    many rows are written so far."""
    pause = SQLITE_PAUSE_S if connection.vendor == "sqlite" else 0.0
    for start in range(0, len(rows), CHUNK_ROWS):
        if start and pause:
            time.sleep(pause)
        with transaction.atomic():
            columns.insert(rows[start : start + CHUNK_ROWS])
        on_chunk(min(start + CHUNK_ROWS, len(rows)))


def reveal(job: ImportJob) -> None:
    """Make the job's pending rows visible. Call inside the final transaction."""
    for model in (CustomMeasure, TreatmentEntry, ImportedDay):
        model._default_manager.filter(pending_import=job).update(pending_import=None)


def discard(job: ImportJob) -> None:
    """Delete every row the job left pending (a measure takes its ratings)."""
    with transaction.atomic():
        for model in (CustomMeasure, TreatmentEntry, ImportedDay):
            model._default_manager.filter(pending_import=job).delete()
