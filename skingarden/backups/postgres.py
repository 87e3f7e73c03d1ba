"""PostgreSQL: ``pg_dump`` out, ``pg_restore`` back, with PostgreSQL's own client
programs and the connection settings Django uses.

The dump is pg_dump's custom format without owners or privileges, so it can be
restored by another role into another server; pg_restore runs in one transaction
and stops at the first error, so a failed restore leaves the database empty.
The password goes to the programs in their environment (PGPASSWORD), never on a
command line that other users of the machine could read.
"""

import os
import re
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path
from typing import Any

# Debian and Ubuntu keep each major version's programs here, off the PATH when the
# postgresql-client-common wrappers are not installed.
DEBIAN_CLIENTS = Path("/usr/lib/postgresql")
# Connection options that libpq also reads from the environment.
OPTION_VARIABLES = {
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
}
CLIENT_MISSING = (
    "{program} was not found: install PostgreSQL's client programs (Debian and "
    "Ubuntu: postgresql-client) or put them on the PATH."
)
FAILED = "{program} failed: {reason}"


class PostgresError(Exception):
    """One line saying what went wrong."""


def client(program: str) -> str:
    """The path of ``program`` (pg_dump, pg_restore): on the PATH, else the newest
    of Debian's versioned folders."""
    found = shutil.which(program)
    if found:
        return found
    versions = sorted(
        DEBIAN_CLIENTS.glob(f"*/bin/{program}"),
        key=lambda path: [int(part) for part in re.findall(r"\d+", path.parts[-3])],
    )
    if not versions:
        raise PostgresError(CLIENT_MISSING.format(program=program))
    return str(versions[-1])


def environment(database: Mapping[str, Any]) -> dict[str, str]:
    """libpq's variables for Django's connection settings, on top of ours."""
    variables = {
        "PGDATABASE": database.get("NAME"),
        "PGUSER": database.get("USER"),
        "PGPASSWORD": database.get("PASSWORD"),
        "PGHOST": database.get("HOST"),
        "PGPORT": database.get("PORT"),
    }
    options = database.get("OPTIONS") or {}
    variables.update(
        {name: options.get(option) for option, name in OPTION_VARIABLES.items()}
    )
    return {
        **os.environ,
        **{name: str(value) for name, value in variables.items() if value},
    }


def dump(database: Mapping[str, Any], target: Path) -> None:
    _run(
        "pg_dump",
        ["--format=custom", "--no-owner", "--no-privileges", f"--file={target}"],
        database,
    )


def restore(database: Mapping[str, Any], source: Path) -> None:
    _run(
        "pg_restore",
        [
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
            f"--dbname={database.get('NAME')}",
            str(source),
        ],
        database,
    )


def _run(program: str, arguments: list[str], database: Mapping[str, Any]) -> None:
    result = subprocess.run(  # noqa: S603 - a fixed program, arguments we built
        [client(program), *arguments],
        env=environment(database),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        reason = lines[0] if lines else f"exit status {result.returncode}"
        raise PostgresError(FAILED.format(program=program, reason=reason))
