"""The archive export: one zip with the JSON export, the CSV tables, the FHIR Bundle
and every photo's stored file (the original, already free of metadata), so that a
whole account, photos included, can be taken away and imported back.

The zip is written to a file, not held in memory: photos make it large. Its
entries have fixed names, order and dates, so the same data on the same day
gives the same bytes. Photos are stored uncompressed (JPEG and PNG are
compressed already); the text files are deflated.
"""

import zipfile
from collections.abc import Sequence
from datetime import date
from typing import IO, Any

from skingarden.accounts.models import User
from skingarden.photos.storage import photo_storage
from skingarden.portability.exports import csv_tables, dictionary, json_document
from skingarden.portability.exports.photo_table import PHOTOS_FILE, photo_table
from skingarden.portability.photo_schema import photo_archive_name
from skingarden.portability.selectors import ParticipantData, participant_data

JSON_NAME = "skingarden.json"
FHIR_NAME = "skingarden.fhir.json"
CSV_FOLDER = "csv"
CSV_NAMES = (
    csv_tables.LONG_FILE,
    csv_tables.DAILY_FILE,
    csv_tables.IMPORTED_FILE,
    PHOTOS_FILE,
    csv_tables.DICTIONARY_FILE,
)
ZIP_SUFFIX = ".archive.zip"
CHUNK = 1 << 20


def write_archive(
    *, owner: User, out: IO[bytes], today: date, fhir_bundle: bytes
) -> None:
    """Write the owner's whole archive to ``out`` (a file open for writing).
    ``fhir_bundle`` is the FHIR export's bytes (built by the caller, which
    knows how to report data that cannot be written as FHIR)."""
    data = participant_data(owner=owner)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        _text(
            archive, JSON_NAME, json_document.document_bytes(data, today=today), today
        )
        for name, rows in csv_files(data, today=today).items():
            content = csv_tables.csv_text(rows).encode("utf-8")
            _text(archive, f"{CSV_FOLDER}/{name}", content, today)
        _text(archive, FHIR_NAME, fhir_bundle, today)
        _photos(archive, data, today)


def csv_files(data: ParticipantData, *, today: date) -> dict[str, list[Sequence[Any]]]:
    """The CSV tables by file name, in the order they are written (imported
    tracking only in a full export)."""
    files: dict[str, list[Sequence[Any]]] = {
        csv_tables.LONG_FILE: [csv_tables.LONG_COLUMNS, *csv_tables.long_rows(data)],
        csv_tables.DAILY_FILE: csv_tables.daily_table(data, today=today),
    }
    if data.scope == "all":
        files[csv_tables.IMPORTED_FILE] = csv_tables.imported_table(data.imported)
    files[PHOTOS_FILE] = photo_table(data)
    files[csv_tables.DICTIONARY_FILE] = dictionary.table(data)
    return files


def _info(name: str, today: date, compress_type: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, (today.year, today.month, today.day, 0, 0, 0))
    info.compress_type = compress_type
    info.external_attr = 0o644 << 16
    return info


def _text(archive: zipfile.ZipFile, name: str, content: bytes, today: date) -> None:
    archive.writestr(_info(name, today, zipfile.ZIP_DEFLATED), content)


def _photos(archive: zipfile.ZipFile, data: ParticipantData, today: date) -> None:
    """Each stored original, copied a chunk at a time from photo storage."""
    storage = photo_storage()
    for records in data.programmes:
        for session in records.photo_sessions:
            for photo in session.photos.all():
                info = _info(photo_archive_name(photo), today, zipfile.ZIP_STORED)
                with (
                    storage.open(photo.original, "rb") as source,
                    archive.open(info, "w") as target,
                ):
                    while chunk := source.read(CHUNK):
                        target.write(chunk)
