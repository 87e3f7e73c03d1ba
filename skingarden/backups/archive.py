"""The backup archive, written and checked: pure, no Django.

One gzip-compressed tar file (``tar -tzf`` lists it) holding:

- ``database.sqlite3`` (a copy made with SQLite's online backup API) or
  ``database.pgdump`` (``pg_dump --format=custom``);
- ``media/<path>``: every file under the media storage, at its path there;
- ``manifest.json``, written last: the format and its version, when the backup was
  made, the database engine, the migrations applied to the database, and every other
  member's name, size and SHA-256.

Reading checks everything before anything is used: only regular files, no path
that could leave the folder it is unpacked into, exactly the members the manifest
lists, each with its size and hash.
"""

import hashlib
import io
import json
import os
import tarfile
import time
import zlib
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any

FORMAT = "skingarden-backup"
VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DATABASE_FILES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
CHUNK = 1 << 20
LARGEST_MANIFEST = 50_000_000
# Photos are already compressed, and a higher level hardly shrinks the database more
# (the demo's archive: 332 kB at level 1, 328 kB at 6), so the fastest level.
GZIP_LEVEL = 1

NOT_AN_ARCHIVE = "{name} is not a Skin Garden backup (not a gzip-compressed tar file)."
DAMAGED = "{name} is damaged: {reason}."
NO_MANIFEST = "{name} is not a Skin Garden backup: it holds no manifest.json."
BAD_MANIFEST = "{name} is not a Skin Garden backup: its manifest.json {reason}."
NEWER_FORMAT = (
    "{name} was made by a newer Skin Garden (backup format {version}); restore it "
    "with that version or a later one."
)
NOT_A_FILE = "the backup holds {member}, which is not a plain file."
UNSAFE_NAME = "the backup holds a member named {member!r}, which is refused."
UNEXPECTED = "the backup holds {member}, which its manifest does not list."
MISSING = "the backup lacks {member}, which its manifest lists."
MISMATCH = "the backup is damaged: {member} does not match its size and SHA-256."
MEDIA_LINK = "{path} is a symbolic link; a backup holds plain files only."
UNPACK_FAILED = "cannot unpack {member}: {reason}."


class ArchiveError(Exception):
    """The archive cannot be written or used; the message is one line."""


@dataclass(frozen=True)
class Entry:
    name: str
    size: int
    sha256: str

    def as_json(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256}


@dataclass(frozen=True)
class Manifest:
    created_at: str
    engine: str
    migrations: tuple[str, ...]
    database: Entry
    media: tuple[Entry, ...]

    def to_json(self) -> bytes:
        document = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": self.created_at,
            "engine": self.engine,
            "migrations": list(self.migrations),
            "database": self.database.as_json(),
            "media": [entry.as_json() for entry in self.media],
        }
        return json.dumps(document, indent=2).encode() + b"\n"

    @property
    def members(self) -> dict[str, Entry]:
        return {entry.name: entry for entry in (self.database, *self.media)}


def media_files(root: Path) -> list[tuple[Path, str]]:
    """Every file under ``root`` with its name in the archive, in a stable order."""
    if not root.is_dir():
        return []
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders.sort()
        for file_name in sorted(files):
            path = Path(folder, file_name)
            if path.is_symlink() or not path.is_file():
                raise ArchiveError(MEDIA_LINK.format(path=path))
            relative = path.relative_to(root).as_posix()
            found.append((path, f"{MEDIA}/{relative}"))
    return found


def write_archive(
    target: Path,
    *,
    database: Path,
    engine: str,
    migrations: tuple[str, ...],
    media_root: Path,
    created_at: str,
) -> Manifest:
    """Write the archive to ``target`` (which must not exist), readable by its owner
    only; a partial file is never left under the final name."""
    partial = target.with_name(f".{target.name}.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with (
            os.fdopen(descriptor, "wb") as raw,
            tarfile.open(fileobj=raw, mode="w:gz", compresslevel=GZIP_LEVEL) as tar,
        ):
            database_entry = _add_file(tar, database, DATABASE_FILES[engine])
            media = tuple(
                _add_file(tar, path, name) for path, name in media_files(media_root)
            )
            manifest = Manifest(created_at, engine, migrations, database_entry, media)
            _add_bytes(tar, MANIFEST, manifest.to_json())
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)
    return manifest


def read_archive(source: Path, staging: Path) -> Manifest:
    """Unpack ``source`` into the empty folder ``staging`` and check every member
    against the manifest; raise ArchiveError at the first problem."""
    name = source.name
    try:
        with tarfile.open(source, mode="r:gz") as tar:
            found, manifest_bytes = _unpack(tar, staging)
    except (tarfile.ReadError, tarfile.CompressionError, zlib.error, EOFError):
        raise ArchiveError(NOT_AN_ARCHIVE.format(name=name)) from None
    except (tarfile.TarError, OSError) as error:
        raise ArchiveError(DAMAGED.format(name=name, reason=error)) from None
    if manifest_bytes is None:
        raise ArchiveError(NO_MANIFEST.format(name=name))
    manifest = parse_manifest(manifest_bytes, name)
    _compare(found, manifest)
    return manifest


def _add_file(tar: tarfile.TarFile, path: Path, name: str) -> Entry:
    size = path.stat().st_size
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = size, 0o600, int(path.stat().st_mtime)
    with path.open("rb") as handle:
        reader = _HashingReader(handle)
        tar.addfile(info, reader)
    return Entry(name, size, reader.hexdigest())


def _add_bytes(tar: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(content), 0o600, int(time.time())
    tar.addfile(info, io.BytesIO(content))


def _unpack(
    tar: tarfile.TarFile, staging: Path
) -> tuple[dict[str, Entry], bytes | None]:
    found: dict[str, Entry] = {}
    manifest_bytes = None
    for member in tar:
        _check_member(member, seen={*found, *([MANIFEST] if manifest_bytes else [])})
        source = tar.extractfile(member)
        assert source is not None  # noqa: S101 - _check_member allows files only
        if member.name == MANIFEST:
            manifest_bytes = source.read(LARGEST_MANIFEST)
        else:
            found[member.name] = _extract(source, staging / member.name, member.name)
    return found, manifest_bytes


def _check_member(member: tarfile.TarInfo, *, seen: set[str]) -> None:
    """A plain file, named as the format names its members, seen once."""
    if not member.isfile():
        raise ArchiveError(NOT_A_FILE.format(member=member.name))
    path = PurePosixPath(member.name)
    allowed = member.name in (MANIFEST, *DATABASE_FILES.values()) or (
        len(path.parts) > 1 and path.parts[0] == MEDIA
    )
    if (
        path.is_absolute()
        or ".." in path.parts
        or "\\" in member.name
        or str(path) != member.name
        or member.name in seen
        or not allowed
    ):
        raise ArchiveError(UNSAFE_NAME.format(member=member.name))


def _extract(source: IO[bytes], target: Path, member: str) -> Entry:
    digest, size = hashlib.sha256(), 0
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle = target.open("xb")
    except OSError as error:
        reason = error.strerror or error
        raise ArchiveError(UNPACK_FAILED.format(member=member, reason=reason)) from None
    with handle:
        for chunk in iter(lambda: source.read(CHUNK), b""):
            digest.update(chunk)
            size += len(chunk)
            _write(handle, chunk, member)
    return Entry(member, size, digest.hexdigest())


def _write(handle: IO[bytes], chunk: bytes, member: str) -> None:
    """A failed write (a full disk) is ours to report, not a damaged archive."""
    try:
        handle.write(chunk)
    except OSError as error:
        reason = error.strerror or error
        raise ArchiveError(UNPACK_FAILED.format(member=member, reason=reason)) from None


def _compare(found: dict[str, Entry], manifest: Manifest) -> None:
    listed = manifest.members
    for member in sorted(set(found) - set(listed)):
        raise ArchiveError(UNEXPECTED.format(member=member))
    for member in sorted(set(listed) - set(found)):
        raise ArchiveError(MISSING.format(member=member))
    for member, entry in sorted(listed.items()):
        if found[member] != entry:
            raise ArchiveError(MISMATCH.format(member=member))


def parse_manifest(content: bytes, name: str) -> Manifest:
    """The manifest, strictly: any field missing or of the wrong kind is refused."""
    try:
        document = json.loads(content)
    except (ValueError, RecursionError):
        raise ArchiveError(
            BAD_MANIFEST.format(name=name, reason="is not JSON")
        ) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ArchiveError(BAD_MANIFEST.format(name=name, reason="is not ours"))
    version = document.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise ArchiveError(NEWER_FORMAT.format(name=name, version=version))
    try:
        return _manifest(document)
    except (KeyError, TypeError, ValueError) as error:
        reason = f"has a bad field ({error})"
        raise ArchiveError(BAD_MANIFEST.format(name=name, reason=reason)) from None


def _manifest(document: dict[str, Any]) -> Manifest:
    if document["version"] != VERSION:
        raise ValueError("version")
    engine = _text(document["engine"])
    if engine not in DATABASE_FILES:
        raise ValueError("engine")
    database = _entry(document["database"])
    if database.name != DATABASE_FILES[engine]:
        raise ValueError("database")
    media = tuple(_entry(item) for item in _list(document["media"]))
    if any(not entry.name.startswith(f"{MEDIA}/") for entry in media):
        raise ValueError("media")
    migrations = tuple(_text(item) for item in _list(document["migrations"]))
    return Manifest(_text(document["created_at"]), engine, migrations, database, media)


def _entry(value: object) -> Entry:
    if not isinstance(value, dict):
        raise TypeError("entry")
    size, digest = value["size"], _text(value["sha256"])
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise ValueError("size")
    if len(digest) != 64 or digest.strip("0123456789abcdef"):
        raise ValueError("sha256")
    return Entry(_text(value["name"]), size, digest)


def _text(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value


def _list(value: object) -> list[object]:
    if not isinstance(value, list):
        raise TypeError("list")
    return value


class _HashingReader:
    """A file that hashes what tarfile reads from it."""

    def __init__(self, handle: IO[bytes]) -> None:
        self._handle = handle
        self._digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        chunk = self._handle.read(size)
        self._digest.update(chunk)
        return chunk

    def hexdigest(self) -> str:
        return self._digest.hexdigest()
