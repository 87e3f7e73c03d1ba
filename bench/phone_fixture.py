"""The report for bench.phone: the demo's finished 7 + 21-day programme (as
bench.report uses), its report built as the worker would, and a session for its
owner; prints the page's path and the session (run after bench.fixture)."""

import secrets

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402

from skingarden.demo import demo_create  # noqa: E402
from skingarden.programmes.models import Programme  # noqa: E402
from skingarden.reports import services  # noqa: E402


def main() -> None:
    user = demo_create(password=secrets.token_urlsafe(16))
    programme = Programme.objects.get(owner=user)
    assert programme.end_date is not None  # a finished programme
    report = services.report_request(programme=programme, today=programme.end_date)
    services.report_build(report_id=report.pk, key=report.key)
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    print(f"report_path=/programmes/{programme.code}/report/")
    print(f"report_session={session.session_key}")


main()
