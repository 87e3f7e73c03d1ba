"""The demo accounts' passwords, and the demo practitioner's authenticator secret,
kept under DATA_DIR so that running `skingarden demo` again resets the data but not
the way in (nor the entry in a newcomer's authenticator app)."""

import json
import os
import secrets
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path

from skingarden.accounts.totp import is_secret, new_secret

FILE_NAME = "demo-credentials.json"


@dataclass(frozen=True)
class DemoCredentials:
    password: str
    totp_secret: str = ""  # base32; only for an account with two-factor sign-in


def demo_credentials(
    emails: Sequence[str],
    *,
    data_dir: Path,
    override: str = "",
    two_factor: Collection[str] = (),
) -> dict[str, DemoCredentials]:
    """Each address's credentials: the password ``override`` (DEMO_PASSWORD) when
    given, else the one kept from an earlier run, else a new random one; for the
    addresses in ``two_factor``, the kept TOTP secret or a new one. Written back,
    readable by the owner only."""
    path = data_dir / FILE_NAME
    kept = _read(path)
    chosen = {
        email: _chosen(kept.get(email), override, email in two_factor)
        for email in emails
    }
    if any(kept.get(email) != chosen[email] for email in emails):
        _write(path, {**kept, **chosen})
    return chosen


def _chosen(
    kept: DemoCredentials | None, override: str, two_factor: bool
) -> DemoCredentials:
    password = override or (kept.password if kept else "") or secrets.token_urlsafe(12)
    secret = ""
    if two_factor:
        secret = kept.totp_secret if kept and kept.totp_secret else new_secret()
    return DemoCredentials(password, secret)


def _read(path: Path) -> dict[str, DemoCredentials]:
    """The kept credentials; a file from before two-factor sign-in holds a bare
    password per address."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    found = {str(email): _parsed(entry) for email, entry in data.items()}
    return {email: entry for email, entry in found.items() if entry is not None}


def _parsed(entry: object) -> DemoCredentials | None:
    if isinstance(entry, str):
        entry = {"password": entry}
    if not isinstance(entry, dict):
        return None
    password, secret = entry.get("password"), entry.get("totp", "")
    if not isinstance(password, str) or not password:
        return None
    valid_secret = isinstance(secret, str) and is_secret(secret)
    return DemoCredentials(password, secret if valid_secret else "")


def _write(path: Path, credentials: dict[str, DemoCredentials]) -> None:
    data = {
        email: {"password": entry.password}
        | ({"totp": entry.totp_secret} if entry.totp_secret else {})
        for email, entry in credentials.items()
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        json.dump(data, handle, indent=2, sort_keys=True)
        handle.write("\n")
