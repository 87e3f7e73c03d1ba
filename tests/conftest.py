import os
import shutil

import pytest
from hypothesis import settings as hypothesis_settings

# No time limit on a generated example: the suite runs on two busy cores, and speed is
# checked by `make bench`, never by a timed test (a 200 ms deadline failed at random).
hypothesis_settings.register_profile("suite", deadline=None)
hypothesis_settings.load_profile("suite")

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# live server then needs Django to allow sync DB access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Fast hashing for every test, class-level test data included (Argon2 itself has
    its own test). Set here because setUpTestData runs before any fixture."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_collection_modifyitems(config, items):
    """CI runs the suite twice, on SQLite and then on PostgreSQL (.ci/run). A slow
    simulation test of a pure core uses no database, so it gives the same answer on
    both: the PostgreSQL pass skips the ones marked ``sqlite_only``."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        return
    skip = pytest.mark.skip(reason="pure simulation test: run in the SQLite pass")
    for item in items:
        if "sqlite_only" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings):
    """Fast hashing (Argon2 has its own test) and an empty cache for every test."""
    from django.core.cache import cache

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
    cache.clear()


def chromium_path() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    return None
