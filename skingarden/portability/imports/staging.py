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
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from django.db import connection, transaction

from skingarden.lib.bulk import Columns
from skingarden.photos.storage import delete_files
from skingarden.portability.models import (
    CustomMeasure,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)

# Each chunk holds SQLite's write lock for about this long, whatever the load on
# the machine: the next chunk is sized from how fast the last one went.
HOLD_S = 0.2
FIRST_CHUNK_ROWS = 10_000
MIN_CHUNK_ROWS, MAX_CHUNK_ROWS = 500, 100_000
# A writer waiting for SQLite's lock sleeps and retries, at least every 100 ms;
# pausing this long between chunks lets it in instead of starving it.
SQLITE_PAUSE_S = 0.1
SQLITE_CACHE_KIB = 65_536


def insert_in_chunks(
    columns: Columns,
    rows: Sequence[Sequence[Any]],
    on_chunk: Callable[[int], None] = lambda written: None,
) -> None:
    """Insert prepared ``rows`` a chunk per transaction; ``on_chunk`` hears how
    many rows are written so far."""
    sqlite = connection.vendor == "sqlite"
    start, size = 0, FIRST_CHUNK_ROWS
    with _large_cache() if sqlite else nullcontext():
        while start < len(rows):
            if start and sqlite:
                time.sleep(SQLITE_PAUSE_S)
            began = time.perf_counter()
            with transaction.atomic():
                columns.insert(rows[start : start + size])
            start += size
            size = next_chunk_rows(size, time.perf_counter() - began)
            on_chunk(min(start, len(rows)))


@contextmanager
def _large_cache() -> Iterator[None]:
    """A larger page cache on this connection while it writes: SQLite's default
    (2 MB) holds too little of the indexes of a large table, and every insert then
    reads pages back. Set back afterwards; other connections keep theirs."""
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        (before,) = cursor.fetchone()
        cursor.execute(f"PRAGMA cache_size = {-SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


def next_chunk_rows(rows: int, seconds: float) -> int:
    """How many rows the next chunk can write in about ``HOLD_S``."""
    wanted = round(rows * HOLD_S / seconds) if seconds > 0 else MAX_CHUNK_ROWS
    return max(MIN_CHUNK_ROWS, min(MAX_CHUNK_ROWS, wanted))


def reveal(job: ImportJob) -> None:
    """Make the job's pending rows visible. Call inside the final transaction."""
    for model in (CustomMeasure, TreatmentEntry, ImportedDay):
        model._default_manager.filter(pending_import=job).update(pending_import=None)


def discard(job: ImportJob) -> None:
    """Delete every row the job left pending (a measure takes its ratings), and
    every photo file an archive import of it stored without writing its rows."""
    with transaction.atomic():
        for model in (CustomMeasure, TreatmentEntry, ImportedDay):
            model._default_manager.filter(pending_import=job).delete()
    rows = ImportJob.objects.filter(pk=job.pk)
    left = rows.values_list("stored_files", flat=True).first()
    if left:
        delete_files(list(left))
        rows.update(stored_files=[])
