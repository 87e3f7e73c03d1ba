"""``skingarden export`` and ``skingarden import``: one participant's data out or
in, found by e-mail address. A problem is a message on standard error and exit
status 2, and nothing is written."""

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError

from skingarden.portability import exports, imports
from skingarden.portability.selectors import account_for_email

USAGE_ERROR = 2
NO_ACCOUNT = "there is no account with the e-mail address {email}."


def export_command(args: Any) -> int:
    owner = account_for_email(email=args.email)
    if owner is None:
        return _fail("export", NO_ACCOUNT.format(email=args.email))
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


def import_command(args: Any) -> int:
    owner = account_for_email(email=args.email)
    if owner is None:
        return _fail("import", NO_ACCOUNT.format(email=args.email))
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
