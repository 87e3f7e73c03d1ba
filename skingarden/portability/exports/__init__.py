"""The participant's data out: a CSV zip, the JSON export, or a FHIR R4 Bundle.

``programmes=None`` exports everything the participant has. A list exports only
those programmes (what a practitioner with consent for them may download): their
phases, amendments, check-ins, red flags, questionnaires and safety screens, with
the profile's conditions, birth year and time zone; no e-mail address, no other
programme, no patch tests and no imported tracking.
"""

import io
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import IO, Literal, TypeGuard

from django.core.exceptions import ValidationError

from skingarden.accounts.models import User
from skingarden.accounts.selectors import user_today
from skingarden.portability.exports import archive, csv_tables, json_document
from skingarden.portability.selectors import ParticipantData, participant_data
from skingarden.programmes.models import Programme

Format = Literal["csv", "json", "fhir"]
FORMATS: tuple[Format, ...] = ("csv", "json", "fhir")


def is_format(value: str) -> TypeGuard[Format]:
    return value in FORMATS


@dataclass(frozen=True)
class ExportFile:
    filename: str  # e.g. skingarden-2026-11-23.zip / .json / .fhir.json
    content_type: str
    content: bytes


def export_file(
    *,
    owner: User,
    fmt: Format,
    programmes: Sequence[Programme] | None = None,
    today: date | None = None,
) -> ExportFile:
    today = today or user_today(user=owner)
    stem = f"skingarden-{today.isoformat()}"
    if fmt == "fhir":
        return ExportFile(
            f"{stem}.fhir.json",
            "application/fhir+json",
            _fhir_bytes(owner=owner, programmes=programmes),
        )
    data = participant_data(owner=owner, programmes=programmes)
    if fmt == "json":
        content = json_document.document_bytes(data, today=today)
        return ExportFile(f"{stem}.json", "application/json", content)
    if fmt == "csv":
        return ExportFile(
            f"{stem}.zip", "application/zip", csv_zip_bytes(data, today=today)
        )
    raise ValueError(f"Unknown export format {fmt!r}.")


def _fhir_bytes(*, owner: User, programmes: Sequence[Programme] | None) -> bytes:
    """The FHIR Bundle, built by its own module (docs/fhir.md). Data it cannot
    write becomes the same kind of error as any other the person can act on."""
    from skingarden.portability import fhir_bundle

    try:
        return fhir_bundle.export_bundle_bytes(owner=owner, programmes=programmes)
    except fhir_bundle.ExportError as error:
        raise ValidationError(str(error)) from None


def csv_zip_bytes(data: ParticipantData, *, today: date) -> bytes:
    """The CSV files in a zip, byte for byte the same for the same data and day
    (fixed entry dates and order)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zipped:
        for name, rows in archive.csv_files(data, today=today).items():
            info = zipfile.ZipInfo(name, (today.year, today.month, today.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zipped.writestr(info, csv_tables.csv_text(rows))
    return buffer.getvalue()


def export_archive(*, owner: User, out: IO[bytes], today: date | None = None) -> str:
    """Write the owner's archive export (the JSON, the CSV tables, the FHIR Bundle
    and the photos' files) to ``out``; its file name. Raises ValidationError, as
    ``export_file`` does, for data that cannot be written as FHIR."""
    today = today or user_today(user=owner)
    bundle = _fhir_bytes(owner=owner, programmes=None)
    archive.write_archive(owner=owner, out=out, today=today, fhir_bundle=bundle)
    return f"skingarden-{today.isoformat()}{archive.ZIP_SUFFIX}"
