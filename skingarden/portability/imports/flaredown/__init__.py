"""Read Flaredown's "Download my data" CSV into imported tracking.

Checked against the code that writes the file (Flaredown's ``DataExportJob``, in
rubyforgood/Flaredown): ``table`` reads its shape and dates, ``columns`` tells
conditions, symptoms and treatments apart, ``days`` turns cells into values and
merges the check-ins of one day, and ``batch`` writes what it holds.
"""

from collections import defaultdict
from collections.abc import Callable, Collection, Sequence
from datetime import date

from skingarden.accounts.models import User
from skingarden.portability.imports.flaredown.batch import FlaredownBatch
from skingarden.portability.imports.flaredown.columns import (
    CONDITION,
    SYMPTOM,
    Column,
    classify,
)
from skingarden.portability.imports.flaredown.days import merge_days
from skingarden.portability.imports.flaredown.table import (
    EMPTY,
    FIRST_COLUMN,
    LAST_COLUMNS,
    NO_ROWS,
    read_table,
)
from skingarden.portability.models import CustomMeasure

__all__ = [
    "EMPTY",
    "FIRST_COLUMN",
    "LAST_COLUMNS",
    "NO_ROWS",
    "FlaredownBatch",
    "columns_note",
    "read",
]

Progress = Callable[[int, str], None]


def read(
    *,
    owner: User,
    text: str,
    today: date,
    conditions: Collection[str] = (),
    treatments: Collection[str] = (),
    progress: Progress = lambda percent, step: None,
) -> FlaredownBatch:
    """The file checked in full, nothing written: a batch to write, or
    ``ValidationError`` naming the first row (and column) that is wrong."""
    table = read_table(text, today)
    progress(10, "Reading the columns")
    columns = classify(table.names, table.rows, conditions, treatments)

    def rows_read(done: int, total: int) -> None:
        progress(10 + 50 * done // total, f"Checked {done} of {total} rows")

    days = merge_days(table.rows, columns, rows_read)
    batch = FlaredownBatch(
        owner, columns, list(days.values()), _adds_to(owner, columns)
    )
    progress(65, "Checking against what you imported before")
    batch.refuse_clashes()
    return batch


def _adds_to(owner: User, columns: Sequence[Column]) -> dict[int, CustomMeasure]:
    """The measures already there that a rated column adds to: the one of the same
    kind and name, or the only one of that name (it keeps the kind it has)."""
    rated = [column for column in columns if column.rated]
    found = CustomMeasure.objects.visible().filter(
        owner=owner, name__in=[column.name for column in rated]
    )
    by_name: defaultdict[str, list[CustomMeasure]] = defaultdict(list)
    for measure in found:
        by_name[measure.name].append(measure)
    adds_to = {}
    for column in rated:
        same = by_name[column.name]
        kind_too = [measure for measure in same if measure.kind == column.kind]
        if kind_too:
            adds_to[column.index] = kind_too[0]
        elif len(same) == 1 and not column.shared:
            adds_to[column.index] = same[0]
    return adds_to


def columns_note(batch: FlaredownBatch) -> str:
    """How the columns were read, for the summary."""
    kinds = {
        "conditions": [c.name for c in batch.columns if c.kind == CONDITION],
        "symptoms": [c.name for c in batch.columns if c.kind == SYMPTOM],
        "treatments": [c.name for c in batch.columns if not c.rated],
    }
    read_as = [f"{kind}: {', '.join(names)}" for kind, names in kinds.items() if names]
    return f"Columns read as {'; '.join(read_as)}." if read_as else ""
