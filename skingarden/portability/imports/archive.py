"""Reading an archive export back, safely: a zip from anyone's computer.

Before a byte is decompressed, every member is checked by its directory entry: a
known name (the JSON, the CSV tables, the FHIR Bundle, photos named by a code),
nothing that escapes the archive (an absolute path, ``..``, a backslash), no
link, folder, encryption or name twice, and sizes that cannot be a zip bomb: each
file within its own limit, all of them together within ``MAX_UNCOMPRESSED``, and
no large member compressed more than ``MAX_RATIO`` times. Only the JSON and the
photos are read (the CSV tables and the Bundle are other views of the same
data), each at most one byte past its declared size, so a member that holds
more than it declares is caught without reading it all.

A photo is checked against its record when the record is read: the same size,
the same SHA-256, a JPEG or PNG that the photo decoder accepts (within the
upload limits), of the record's dimensions, holding no metadata. Then it is
stored under a new random name, byte for byte, so its hash still matches; if
the import fails later, ``discard`` deletes every file it stored.
"""

import hashlib
import re
import stat
import zipfile
import zlib
from collections.abc import Callable
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.decoding import clean_photo, metadata_kinds
from skingarden.photos.storage import (
    delete_files,
    photo_storage,
    random_name,
    upload_limits,
)
from skingarden.portability.exports.archive import (
    CSV_FOLDER,
    CSV_NAMES,
    FHIR_NAME,
    JSON_NAME,
)
from skingarden.portability.photo_schema import EXTENSIONS, FOLDER
from skingarden.portability.schema import join, reject

DEFAULT_MAX_BYTES = 500_000_000
MAX_MEMBERS = 10_000
# Text deflates five to twenty times; a zip bomb, a thousand or more. The ratio
# is only judged on members large enough to matter.
MAX_RATIO = 100
RATIO_FROM_BYTES = 1_000_000

NOT_A_ZIP = "This file is not a zip archive, so it is not a Skin Garden archive export."
TOO_LARGE = (
    "The archive is {size}; the largest archive that can be imported is {limit}. "
    "Nothing was imported."
)
ESCAPES = "“{name}” would be written outside the archive; nothing was imported."
UNKNOWN_MEMBER = (
    "“{name}” is not part of a Skin Garden archive export; nothing was imported."
)
NOT_A_FILE = "“{name}” is a link or a folder, not a file; nothing was imported."
ENCRYPTED = "“{name}” is encrypted; an archive export never is."
TWICE = "“{name}” is in the archive twice."
TOO_MANY = "The archive holds more than {limit} files; no archive export does."
MEMBER_TOO_LARGE = "“{name}” would unpack to {size}; the limit for it is {limit}."
ALL_TOO_LARGE = (
    "The archive would unpack to {size}; the limit is {limit}. Nothing was imported."
)
RATIO = (
    "“{name}” is compressed {ratio:.0f} times, more than a real file ever is (a "
    "zip bomb?); nothing was imported."
)
SIZE_LIE = "“{name}” does not hold the {size} bytes its entry declares."
DAMAGED = "“{name}” is damaged in the archive: {reason}"
NO_JSON = f"The archive has no {JSON_NAME}, so it is not a Skin Garden archive export."
MISSING = "its file “{name}” is not in the archive."
WRONG_SIZE = "its file holds {actual} bytes, not the {size} the record says."
HASH_MISMATCH = (
    "its file's SHA-256 is not the one the record gives: the file was changed or "
    "damaged."
)
NOT_AN_IMAGE = "its file “{name}” is not a photo we can read: {reason}"
WRONG_TYPE = "its file is {actual}, not {expected}."
WRONG_DIMENSIONS = "its file is {actual}, not the {expected} pixels the record says."
HAS_METADATA = "its file holds metadata ({kinds}); an archive export's photos never do."
UNLISTED = "“{name}” is not a photo of any record in {json}; nothing was imported."

PHOTO_NAME = re.compile(
    rf"{FOLDER}/[0-9a-f]{{8}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{4}}-[0-9a-f]{{12}}"
    rf"\.({'|'.join(EXTENSIONS.values())})"
)
KNOWN_NAMES = {JSON_NAME, FHIR_NAME, *(f"{CSV_FOLDER}/{name}" for name in CSV_NAMES)}
FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}


def max_archive_bytes() -> int:
    return int(getattr(settings, "ARCHIVE_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def max_uncompressed_bytes() -> int:
    """All members together: twice the archive's limit (photos do not compress,
    the JSON and the tables do, a few times)."""
    return 2 * max_archive_bytes()


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def check_archive_size(size: int) -> None:
    if size > max_archive_bytes():
        limit = megabytes(max_archive_bytes())
        raise ValidationError(TOO_LARGE.format(size=megabytes(size), limit=limit))


class ArchiveFiles:
    """An archive open for import: its JSON, and its photos for ``store``."""

    def __init__(
        self,
        file: IO[bytes],
        *,
        json_limit: int,
        on_stored: Callable[[list[str]], None] = lambda names: None,
    ) -> None:
        try:
            self.zip = zipfile.ZipFile(file)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError):
            raise ValidationError(NOT_A_ZIP) from None
        self.json_limit = json_limit
        self.members = _checked_members(self.zip, json_limit)
        self.used: set[str] = set()
        # Every file stored so far, told to ``on_stored`` each time, so that an
        # import that dies can still have them deleted (``staging.discard``).
        self.stored: list[str] = []
        self.on_stored = on_stored

    def json_bytes(self) -> bytes:
        if JSON_NAME not in self.members:
            raise ValidationError(NO_JSON)
        return self._read(self.members[JSON_NAME])

    def store(self, record: dict[str, Any], path: str) -> str:
        """Check the record's file (see the module's docstring) and store it."""
        name = record["file"]
        info = self.members.get(name)
        if info is None:
            reject(join(path, "file"), MISSING.format(name=name))
        data = self._read(info)
        _check_photo(data, record, path)
        self.used.add(name)
        extension = EXTENSIONS[record["content_type"]]
        stored = photo_storage().save(random_name(extension), ContentFile(data))
        self.stored.append(stored)
        self.on_stored(list(self.stored))
        return stored

    def check_all_used(self) -> None:
        for name in sorted(self.members):
            if PHOTO_NAME.fullmatch(name) and name not in self.used:
                raise ValidationError(UNLISTED.format(name=name, json=JSON_NAME))

    def discard(self) -> None:
        """Delete every photo file this import stored."""
        delete_files(self.stored)
        self.stored = []
        self.on_stored([])

    def close(self) -> None:
        self.zip.close()

    def _read(self, info: zipfile.ZipInfo) -> bytes:
        """The member, at most one byte past its declared size (zipfile checks
        its CRC when the whole member has been read)."""
        try:
            with self.zip.open(info) as member:
                data = member.read(info.file_size + 1)
                if len(data) == info.file_size:
                    member.read(1)  # reaches the end, where the CRC is checked
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as error:
            reason = str(error) or type(error).__name__
            raise ValidationError(
                DAMAGED.format(name=info.filename, reason=reason)
            ) from None
        if len(data) != info.file_size:
            raise ValidationError(
                SIZE_LIE.format(name=info.filename, size=info.file_size)
            )
        return data


def _checked_members(
    archive: zipfile.ZipFile, json_limit: int
) -> dict[str, zipfile.ZipInfo]:
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise ValidationError(TOO_MANY.format(limit=MAX_MEMBERS))
    members: dict[str, zipfile.ZipInfo] = {}
    for info in infos:
        _check_member(info, json_limit)
        if info.filename in members:
            raise ValidationError(TWICE.format(name=info.filename))
        members[info.filename] = info
    total = sum(info.file_size for info in infos)
    if total > max_uncompressed_bytes():
        limit = megabytes(max_uncompressed_bytes())
        raise ValidationError(ALL_TOO_LARGE.format(size=megabytes(total), limit=limit))
    return members


def _check_member(info: zipfile.ZipInfo, json_limit: int) -> None:
    name = info.filename
    if _escapes(name):
        raise ValidationError(ESCAPES.format(name=name))
    mode = info.external_attr >> 16
    if info.is_dir() or stat.S_ISLNK(mode):
        raise ValidationError(NOT_A_FILE.format(name=name))
    if name not in KNOWN_NAMES and not PHOTO_NAME.fullmatch(name):
        raise ValidationError(UNKNOWN_MEMBER.format(name=name))
    if info.flag_bits & 0x1:
        raise ValidationError(ENCRYPTED.format(name=name))
    limit = json_limit if name in KNOWN_NAMES else settings.PHOTO_MAX_BYTES
    if info.file_size > limit:
        raise ValidationError(
            MEMBER_TOO_LARGE.format(
                name=name, size=megabytes(info.file_size), limit=megabytes(limit)
            )
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size >= RATIO_FROM_BYTES and ratio > MAX_RATIO:
        raise ValidationError(RATIO.format(name=name, ratio=ratio))


def _escapes(name: str) -> bool:
    parts = name.split("/")
    return (
        name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or ".." in parts
        or re.match(r"[A-Za-z]:", name) is not None
    )


def _check_photo(data: bytes, record: dict[str, Any], path: str) -> None:
    if len(data) != record["size_bytes"]:
        reject(path, WRONG_SIZE.format(actual=len(data), size=record["size_bytes"]))
    if hashlib.sha256(data).hexdigest() != record["sha256"]:
        reject(join(path, "sha256"), HASH_MISMATCH)
    try:
        clean = clean_photo(data, upload_limits())
    except PhotoError as error:
        reject(path, NOT_AN_IMAGE.format(name=record["file"], reason=error))
    expected = FORMATS[record["content_type"]]
    if clean.source_format != expected:
        reject(path, WRONG_TYPE.format(actual=clean.source_format, expected=expected))
    size, wanted = (clean.width, clean.height), (record["width"], record["height"])
    if size != wanted:
        reject(
            path,
            WRONG_DIMENSIONS.format(
                actual="{} × {}".format(*size), expected="{} × {}".format(*wanted)
            ),
        )
    kinds = metadata_kinds(data)
    if kinds:
        reject(path, HAS_METADATA.format(kinds=", ".join(kinds)))
