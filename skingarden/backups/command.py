"""``skingarden backup FILE`` and ``skingarden restore FILE``: thin, the work is in
instance.py. A refusal is one line on standard error and exit status 2; nothing is
left half-written."""

import sys
import time
from pathlib import Path
from typing import Any

from django.utils import timezone

from skingarden.backups import instance

USAGE_ERROR = 2


def backup_command(args: Any) -> int:
    started = time.monotonic()
    target = Path(args.file)
    try:
        done = instance.backup_create(target=target, now=timezone.now())
    except instance.BackupError as error:
        return _fail("backup", str(error))
    seconds = time.monotonic() - started
    print(
        f"Backed up the {instance.ENGINE_NAMES[done.engine]} database "
        f"({_size(done.database_bytes)}) and {_files(done.media_files)} to {target} "
        f"({_size(done.archive_bytes)}) in {seconds:.1f} s."
    )
    return 0


def restore_command(args: Any) -> int:
    started = time.monotonic()
    source = Path(args.file)
    try:
        done = instance.backup_restore(source=source)
    except instance.BackupError as error:
        return _fail("restore", str(error))
    seconds = time.monotonic() - started
    print(
        f"Restored the {instance.ENGINE_NAMES[done.engine]} database and "
        f"{_files(done.media_files)} from {source} (made {done.created_at}) in "
        f"{seconds:.1f} s."
    )
    if done.pending_migrations:
        print(
            f"This Skin Garden has {done.pending_migrations} newer migrations: run "
            "`skingarden manage migrate` before serving."
        )
    return 0


def _files(count: int) -> str:
    return f"{count} media file{'' if count == 1 else 's'}"


def _size(size: int) -> str:
    if size < 1_000_000:
        return f"{size / 1000:.0f} kB"
    return f"{size / 1_000_000:.1f} MB"


def _fail(command: str, message: str) -> int:
    print(f"skingarden {command}: {message}", file=sys.stderr)
    return USAGE_ERROR
