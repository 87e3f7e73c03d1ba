"""Create the import benchmark's people and print how to act as them (run by
bench.flaredown_import): for run N, one participant who imports, and (in the first
run only) the participants who save check-ins meanwhile, each with a programme under
way. Usage: python -m bench.import_fixture RUN CLIENTS"""

import sys

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from skingarden.accounts.selectors import user_today  # noqa: E402
from skingarden.test import make_long_programme, make_participant  # noqa: E402


def session_for(user) -> str:
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    assert session.session_key is not None
    return session.session_key


def main(run: int, clients: int) -> None:
    importer = make_participant(f"bench-import-{run}@example.org")
    print(f"importer={session_for(importer)}")
    print(f"csrf={_get_new_csrf_string()}")
    for n in range(clients):
        user = make_participant(f"bench-checkin-{n}@example.org")
        today = user_today(user=user)
        programme = make_long_programme(user, days=30, today=today)
        path = f"/programmes/{programme.code}/log/{today.isoformat()}/"
        print(f"client{n}={session_for(user)} {path}")


main(int(sys.argv[1]), int(sys.argv[2]))
