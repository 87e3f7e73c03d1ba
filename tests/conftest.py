import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; pytest-django's
# live server then needs Django to allow sync DB access from it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_configure(config):
    """Fast hashing for every test, class-level test data included (Argon2 itself has
    its own test). Set here because setUpTestData runs before any fixture."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
