"""The demo accounts' passwords, kept under DATA_DIR so that running `skingarden
demo` again resets the data but not the way in."""

import json
import os
import secrets
from collections.abc import Sequence
from pathlib import Path

FILE_NAME = "demo-credentials.json"


def demo_passwords(
    emails: Sequence[str], *, data_dir: Path, override: str = ""
) -> dict[str, str]:
    """Each address's password: ``override`` (DEMO_PASSWORD) when given, else the
    one kept from an earlier run, else a new random one; written back, readable by
    the owner only."""
    path = data_dir / FILE_NAME
    kept = _read(path)
    passwords = {
        email: override or kept.get(email) or secrets.token_urlsafe(12)
        for email in emails
    }
    if passwords != {email: kept.get(email) for email in emails}:
        _write(path, {**kept, **passwords})
    return passwords


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str) and v}


def _write(path: Path, passwords: dict[str, str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(passwords, handle, indent=2, sort_keys=True)
        handle.write("\n")
