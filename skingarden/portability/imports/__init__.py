"""The participant's data in: a Skin Garden JSON export, or Flaredown's CSV.

All or nothing: the whole file is read and checked with the rules typed data
obeys before anything is written, in one transaction. The first problem found
stops the import with its place in the file (a JSON path such as
``programmes[0].checkins[12].worst_itch``, or a Flaredown row number) and the
reason. Health data never reaches a log: messages name places, not values,
except the value the person has to correct in their own file.
"""

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from typing import Literal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.portability.imports import flaredown, json_file

Format = Literal["json", "flaredown"]
FORMATS: tuple[Format, ...] = ("json", "flaredown")
DEFAULT_MAX_BYTES = 10_000_000
TOO_LARGE = (
    "The file is {size}; the largest file that can be imported is {limit}. "
    "Nothing was imported."
)
NOT_TEXT = "The file is not text in UTF-8, so it cannot be read."
NOTHING = "The file holds nothing to import."
PRACTITIONER = (
    "{email} is a practitioner account: it runs no programme, so nothing can be "
    "imported into it."
)
RESCORED = (
    "Rescored with the current scoring code: {count} questionnaire {noun} scored "
    "with an older version."
)


@dataclass(frozen=True)
class ImportSummary:
    fmt: Format
    counts: tuple[tuple[str, int], ...]  # (what, how many), in a fixed order
    notes: tuple[str, ...] = ()

    def describe(self) -> str:
        parts = [f"{count} {label}" for label, count in self.counts]
        listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1])
        if len(parts) > 1:
            listed += f" and {parts[-1]}"
        return " ".join([f"Imported {listed}.", *self.notes])


def split_names(value: str) -> list[str]:
    """Column names typed one per line or separated by commas."""
    parts = value.replace("\n", ",").split(",")
    return list(dict.fromkeys(part.strip() for part in parts if part.strip()))


def max_import_bytes() -> int:
    return int(getattr(settings, "SKINGARDEN_MAX_IMPORT_BYTES", DEFAULT_MAX_BYTES))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_size(size: int) -> None:
    """Refuse a file over the limit before reading it."""
    limit = max_import_bytes()
    if size > limit:
        raise ValidationError(
            TOO_LARGE.format(size=_megabytes(size), limit=_megabytes(limit))
        )


def import_file(
    *,
    owner: User,
    fmt: Format,
    data: bytes,
    today: date | None = None,
    conditions: Collection[str] = (),
    treatments: Collection[str] = (),
) -> ImportSummary:
    """Import ``data`` into the owner's account, or raise ``ValidationError`` and
    change nothing.

    ``conditions`` and ``treatments`` name Flaredown columns whose kind the file
    does not say (see ``flaredown``); the JSON format ignores them.
    """
    if owner.is_practitioner:
        raise ValidationError(PRACTITIONER.format(email=owner.email))
    check_size(len(data))
    today = today or user_today(user=owner)
    text = _text(data)
    with transaction.atomic():
        if fmt == "json":
            batch, rescored = json_file.read(owner=owner, text=text, today=today)
            notes = _rescored_note(rescored)
        elif fmt == "flaredown":
            batch, columns = flaredown.read(
                owner=owner,
                text=text,
                today=today,
                conditions=conditions,
                treatments=treatments,
            )
            notes = _columns_note(columns)
        else:
            raise ValueError(f"Unknown import format {fmt!r}.")
        counts = batch.counts()
        if not counts:
            raise ValidationError(NOTHING)
        batch.write()
    return ImportSummary(fmt, counts, notes)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT) from None


def _rescored_note(count: int) -> tuple[str, ...]:
    if not count:
        return ()
    noun = "response" if count == 1 else "responses"
    return (RESCORED.format(count=count, noun=noun),)


def _columns_note(columns: flaredown.Columns) -> tuple[str, ...]:
    kinds = {
        "conditions": [n for n, k in columns.measures.items() if k == "condition"],
        "symptoms": [n for n, k in columns.measures.items() if k == "symptom"],
        "treatments": columns.treatments,
    }
    read_as = [f"{kind}: {', '.join(names)}" for kind, names in kinds.items() if names]
    return (f"Columns read as {'; '.join(read_as)}.",) if read_as else ()
