"""``skingarden export`` and ``skingarden import``: one participant's data out or
in, found by e-mail address. A problem is a message on standard error and exit
status 2, and nothing is written."""

import shutil
import sys
import tempfile
from pathlib import Path
from typing import IO, Any

from django.core.exceptions import ValidationError

from skingarden.accounts.models import User
from skingarden.portability import exports, imports
from skingarden.portability.imports import archive
from skingarden.portability.selectors import account_for_email

USAGE_ERROR = 2
NO_ACCOUNT = "there is no account with the e-mail address {email}."
CHUNK = 1 << 20


def export_command(args: Any) -> int:
    owner = account_for_email(email=args.email)
    if owner is None:
        return _fail("export", NO_ACCOUNT.format(email=args.email))
    if args.format == "archive":
        return _export_archive(owner, args.output)
    try:
        exported = exports.export_file(owner=owner, fmt=args.format)
    except ValidationError as error:
        return _fail("export", " ".join(error.messages))
    if not args.output:
        sys.stdout.buffer.write(exported.content)
        sys.stdout.buffer.flush()
        return 0
    try:
        Path(args.output).write_bytes(exported.content)
    except OSError as error:
        return _fail("export", f"cannot write {args.output}: {error.strerror}.")
    print(f"Wrote {exported.filename} to {args.output}.", file=sys.stderr)
    return 0


def _export_archive(owner: User, output: str | None) -> int:
    """The archive goes through a temporary file beside its destination (or in
    the temporary folder for standard output), never whole in memory."""
    folder = str(Path(output).resolve().parent) if output else None
    try:
        with tempfile.NamedTemporaryFile(dir=folder, delete=False) as out:
            filename = exports.export_archive(owner=owner, out=out)
    except ValidationError as error:
        Path(out.name).unlink(missing_ok=True)
        return _fail("export", " ".join(error.messages))
    except OSError as error:
        return _fail("export", f"cannot write {output}: {error.strerror}.")
    written = Path(out.name)
    if not output:
        with written.open("rb") as archive:
            shutil.copyfileobj(archive, sys.stdout.buffer)
        sys.stdout.buffer.flush()
        written.unlink()
        return 0
    written.replace(output)
    print(f"Wrote {filename} to {output}.", file=sys.stderr)
    return 0


def import_command(args: Any) -> int:
    owner = account_for_email(email=args.email)
    if owner is None:
        return _fail("import", NO_ACCOUNT.format(email=args.email))
    if args.format == "archive":
        return _import_archive(owner, args.file)
    try:
        data = _read(args.file)
        summary = imports.import_file(
            owner=owner,
            fmt=args.format,
            data=data,
            conditions=imports.split_names(getattr(args, "conditions", None) or ""),
            treatments=imports.split_names(getattr(args, "treatments", None) or ""),
        )
    except OSError as error:
        return _fail("import", f"cannot read {args.file}: {error.strerror}.")
    except ValidationError as error:
        return _fail("import", " ".join(error.messages))
    print(summary.describe())
    return 0


def _import_archive(owner: User, name: str) -> int:
    try:
        with _archive_file(name) as file:
            summary = imports.import_archive(owner=owner, file=file)
    except OSError as error:
        return _fail("import", f"cannot read {name}: {error.strerror}.")
    except ValidationError as error:
        return _fail("import", " ".join(error.messages))
    print(summary.describe())
    return 0


def _archive_file(name: str) -> IO[bytes]:
    """The archive, open for reading; standard input is copied to a temporary
    file first (a zip is read from its end), refusing it past the limit."""
    if name != "-":
        return Path(name).open("rb")
    copy = tempfile.TemporaryFile()  # noqa: SIM115 - the caller closes it
    left = archive.max_archive_bytes() + 1  # one byte past the limit is refused
    while left > 0 and (chunk := sys.stdin.buffer.read(min(left, CHUNK))):
        copy.write(chunk)
        left -= len(chunk)
    copy.seek(0)
    return copy


def _read(name: str) -> bytes:
    """The file's bytes, refusing an oversized one before reading it all."""
    if name == "-":
        data = sys.stdin.buffer.read(imports.max_import_bytes() + 1)
        imports.check_size(len(data))
        return data
    path = Path(name)
    imports.check_size(path.stat().st_size)
    return path.read_bytes()


def _fail(command: str, message: str) -> int:
    print(f"skingarden {command}: {message}", file=sys.stderr)
    return USAGE_ERROR
