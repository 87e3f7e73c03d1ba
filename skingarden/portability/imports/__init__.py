"""The participant's data in: a Skin Garden JSON export, or Flaredown's CSV.

All or nothing: the whole file is read and checked with the rules typed data
obeys before anything is written, and what is written stays out of sight until
the last of its short transactions (``staging``). The first problem found
stops the import with its place in the file (a JSON path such as
``programmes[0].checkins[12].worst_itch``, or a Flaredown row number) and the
reason. Health data never reaches a log: messages name places, not values,
except the value the person has to correct in their own file.
"""

import io
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import IO, Literal, TypeGuard

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.photos.services.derive import photos_derive_later
from skingarden.portability.imports import archive, flaredown, json_file, staging
from skingarden.portability.models import ImportJob

Format = Literal["json", "flaredown", "archive"]
FORMATS: tuple[Format, ...] = ("json", "flaredown", "archive")


def is_format(value: str) -> TypeGuard[Format]:
    return value in FORMATS


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
CHANGED_MEANWHILE = (
    "Your imported data changed while this file was being imported (another import "
    "or another window?), so nothing was imported. Import it again."
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


def too_large(size: int) -> str:
    return TOO_LARGE.format(size=_megabytes(size), limit=_megabytes(max_import_bytes()))


def check_size(size: int) -> None:
    """Refuse a file over the limit before reading it."""
    if size > max_import_bytes():
        raise ValidationError(too_large(size))


def import_file(
    *,
    owner: User,
    fmt: Format,
    data: bytes,
    today: date | None = None,
    conditions: Collection[str] = (),
    treatments: Collection[str] = (),
    job: ImportJob | None = None,
    on_done: Callable[[ImportSummary], None] = lambda summary: None,
) -> ImportSummary:
    """Import ``data`` into the owner's account, or raise ``ValidationError`` and
    change nothing.

    The whole file is checked before anything is written; then it is written in
    short transactions (see ``staging``), the last of which also runs ``on_done``.
    ``job`` follows the import's progress; without one, the import has a job of its
    own for as long as it runs. ``conditions`` and ``treatments`` name Flaredown
    columns whose kind the file leaves open (see ``flaredown.columns``); the JSON
    format ignores them.
    """
    if fmt == "archive":
        return import_archive(
            owner=owner, file=io.BytesIO(data), today=today, job=job, on_done=on_done
        )
    _check_owner(owner)
    check_size(len(data))
    with _job(owner, fmt, job) as running:
        importing = _Import(owner, fmt, today or user_today(user=owner), running)
        return importing.run(_text(data), conditions, treatments, on_done)


def import_archive(
    *,
    owner: User,
    file: IO[bytes],
    today: date | None = None,
    job: ImportJob | None = None,
    on_done: Callable[[ImportSummary], None] = lambda summary: None,
) -> ImportSummary:
    """Import an archive export (``file``: the zip, open for reading) with its
    photos, or raise ``ValidationError`` and leave nothing behind: no row and no
    photo file (``imports.archive`` says what is checked)."""
    _check_owner(owner)
    file.seek(0, io.SEEK_END)
    archive.check_archive_size(file.tell())
    file.seek(0)
    with _job(owner, "archive", job) as running:
        importing = _Import(owner, "archive", today or user_today(user=owner), running)
        return importing.archive(file, on_done)


def _check_owner(owner: User) -> None:
    if owner.is_practitioner:
        raise ValidationError(PRACTITIONER.format(email=owner.email))


@contextmanager
def _job(owner: User, fmt: Format, job: ImportJob | None) -> Iterator[ImportJob]:
    """The import's job (its own for as long as it runs, without one given);
    whatever a failed import left pending is deleted."""
    own_job = job is None
    job = job or ImportJob.objects.create(
        owner=owner,
        fmt=fmt,
        status=ImportJob.Status.RUNNING,
        requested_at=timezone.now(),
    )
    try:
        yield job
    except IntegrityError:
        # Something written meanwhile (another import, a second tab) collides.
        staging.discard(job)
        raise ValidationError(CHANGED_MEANWHILE) from None
    except BaseException:
        staging.discard(job)
        raise
    finally:
        if own_job:
            job.delete()


class _Import:
    """One import's reading and writing, with its progress on its job."""

    def __init__(self, owner: User, fmt: Format, today: date, job: ImportJob) -> None:
        self.owner, self.fmt, self.today, self.job = owner, fmt, today, job
        self.shown = (-1, "")

    def progress(self, percent: int, step: str) -> None:
        """Write the job's progress when it has moved (each write takes SQLite's
        lock, however briefly)."""
        if (percent, step) == self.shown:
            return
        self.shown = (percent, step)
        ImportJob.objects.filter(pk=self.job.pk).update(
            status=ImportJob.Status.RUNNING,
            progress=percent,
            step=step[:120],
            updated_at=timezone.now(),
        )

    def run(
        self,
        text: str,
        conditions: Collection[str],
        treatments: Collection[str],
        on_done: Callable[[ImportSummary], None],
    ) -> ImportSummary:
        self.progress(5, "Reading the file")
        if self.fmt == "json":
            return self._json(text, on_done)
        if self.fmt == "flaredown":
            return self._flaredown(text, conditions, treatments, on_done)
        raise ValueError(f"Unknown import format {self.fmt!r}.")

    def _json(
        self, text: str, on_done: Callable[[ImportSummary], None]
    ) -> ImportSummary:
        """One transaction: the records link to one another (a check-in to its
        programme), and a year of them is written in about a tenth of a second."""
        batch, notes = json_file.read(owner=self.owner, text=text, today=self.today)
        summary = self._summary(batch.counts(), notes)
        self.progress(70, "Saving")
        with transaction.atomic():
            batch.write()
            on_done(summary)
        return summary

    def archive(
        self, file: IO[bytes], on_done: Callable[[ImportSummary], None]
    ) -> ImportSummary:
        """The JSON read as a JSON import is, with each photo's file checked and
        stored as its record is read; every stored file is deleted again if
        anything fails, up to the end of the write."""
        self.progress(5, "Reading the archive")
        files = archive.ArchiveFiles(
            file, json_limit=max_import_bytes(), on_stored=self._stored
        )
        try:
            text = _text(files.json_bytes())
            self.progress(10, "Checking the records and the photos")
            batch, notes = json_file.read(
                owner=self.owner, text=text, today=self.today, photo_files=files
            )
            files.check_all_used()
            summary = self._summary(batch.counts(), notes)
            self.progress(70, "Saving")
            with transaction.atomic():
                batch.write()
                self._stored([])  # the rows name them now
                photos_derive_later([photo.pk for photo in batch.photos])
                on_done(summary)
        except BaseException:
            files.discard()
            raise
        finally:
            files.close()
        return summary

    def _stored(self, names: list[str]) -> None:
        ImportJob.objects.filter(pk=self.job.pk).update(
            stored_files=names, updated_at=timezone.now()
        )

    def _flaredown(
        self,
        text: str,
        conditions: Collection[str],
        treatments: Collection[str],
        on_done: Callable[[ImportSummary], None],
    ) -> ImportSummary:
        found = flaredown.read(
            owner=self.owner,
            text=text,
            today=self.today,
            conditions=conditions,
            treatments=treatments,
            progress=self.progress,
        )
        note = flaredown.columns_note(found)
        summary = self._summary(found.counts(), (note,) if note else ())
        self.progress(70, "Saving")
        found.write(
            job=self.job, progress=self.progress, finish=lambda: on_done(summary)
        )
        return summary

    def _summary(
        self, counts: tuple[tuple[str, int], ...], notes: tuple[str, ...]
    ) -> ImportSummary:
        if not counts:
            raise ValidationError(NOTHING)
        return ImportSummary(self.fmt, counts, notes)


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")  # a spreadsheet may add a byte-order mark
    except UnicodeDecodeError:
        raise ValidationError(NOT_TEXT) from None
