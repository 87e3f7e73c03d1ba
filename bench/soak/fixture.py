"""Create the soak's people through the services and print them as JSON (run by
bench.soak in its own process, against the database the servers will use).

Usage: python -m bench.soak.fixture CLIENTS REPORTS REMINDED TAG

- CLIENTS participants, each with a programme under way for PROGRAMME_DAYS days and
  nothing logged yet, and a read-write API token: the clients who save check-ins;
- REPORTS participants with a programme logged every day, whose reports are queued;
- REMINDED participants with a programme under way, nothing logged and reminders at
  00:00 in UTC, so the worker's first sweep owes each of them one e-mail.

TAG keeps the addresses of two fixtures apart (they name the soak's phase).
"""

import json
import sys
from datetime import UTC, datetime, time, timedelta

import django

django.setup()

from django.conf import settings  # noqa: E402

# The soak's people never sign in with a password (their tokens carry them), so
# their passwords are hashed as the test suite hashes them: Argon2 would cost a
# tenth of a second of CPU each, for nothing the soak measures.
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

from skingarden.accounts.models import ApiToken, User  # noqa: E402
from skingarden.accounts.selectors import user_today  # noqa: E402
from skingarden.accounts.tokens import token_create  # noqa: E402
from skingarden.programmes import plan  # noqa: E402
from skingarden.programmes.models import Programme  # noqa: E402
from skingarden.programmes.services.programmes import phases_replace  # noqa: E402
from skingarden.reminders.services import reminder_settings_update  # noqa: E402
from skingarden.test import (  # noqa: E402
    make_long_programme,
    make_participant,
    make_programme,
)

PROGRAMME_DAYS = 28


def token_for(user: User) -> str:
    made = token_create(
        user=user,
        name="soak",
        scope=ApiToken.Scope.READ_WRITE,
        lifetime_days=7,
        now=datetime.now(UTC),
        second_factor_passed=False,
    )
    return made.secret


def programme_under_way(user: User) -> Programme:
    """A programme that began PROGRAMME_DAYS - 1 days ago and runs past today, with
    nothing logged."""
    today = user_today(user=user)
    start = today - timedelta(days=PROGRAMME_DAYS - 1)
    programme = make_programme(user, start=start, today=start)
    phases = plan.lay_out_phases(start=start, baseline_days=7)
    while phases[-1].end <= today:
        phases = plan.extend(phases, 14)
    phases_replace(programme, phases)
    return programme


def reminders_at_midnight(user: User, *, enabled: bool) -> User:
    """Every kind of reminder on or off, at 00:00: only the participants the soak
    expects e-mails for get any."""
    reminder_settings_update(
        user=user,
        daily_enabled=enabled,
        reminder_time=time(0, 0),
        nudge_enabled=enabled,
        instruments_enabled=enabled,
    )
    return user


def no_reminders(user: User) -> User:
    return reminders_at_midnight(user, enabled=False)


def client(n: int, tag: str) -> dict[str, str]:
    user = no_reminders(
        make_participant(f"soak-{tag}-client-{n}@example.org", time_zone="UTC")
    )
    programme = programme_under_way(user)
    today = user_today(user=user)
    return {
        "token": token_for(user),
        "programme": str(programme.code),
        "first": (today - timedelta(days=PROGRAMME_DAYS - 1)).isoformat(),
        "today": today.isoformat(),
    }


def reported(n: int, tag: str) -> dict[str, str]:
    user = no_reminders(
        make_participant(f"soak-{tag}-report-{n}@example.org", time_zone="UTC")
    )
    today = user_today(user=user)
    programme = make_long_programme(user, days=PROGRAMME_DAYS, today=today)
    return {"token": token_for(user), "programme": str(programme.code)}


def reminded(n: int, tag: str) -> str:
    email = f"soak-{tag}-reminded-{n}@example.org"
    user = make_participant(email, time_zone="UTC")
    programme_under_way(user)
    reminders_at_midnight(user, enabled=True)
    return email


def main(clients: int, reports: int, reminders: int, tag: str) -> None:
    people = {
        "clients": [client(n, tag) for n in range(clients)],
        "reports": [reported(n, tag) for n in range(reports)],
        "reminded": [reminded(n, tag) for n in range(reminders)],
    }
    json.dump(people, sys.stdout)


main(int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4])
