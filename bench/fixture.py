"""Create the benchmark participant and print how to act as them (run by bench.http)."""

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402

from skingarden.accounts.selectors import user_today  # noqa: E402
from skingarden.test import make_long_programme, make_participant  # noqa: E402


def main() -> None:
    user = make_participant("bench@example.org")
    today = user_today(user=user)
    programme = make_long_programme(user, days=365, today=today)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(f"session={session.session_key}")
    print(f"csrf={_get_new_csrf_string()}")
    print(f"checkin_path=/programmes/{programme.code}/log/{today.isoformat()}/")


main()
