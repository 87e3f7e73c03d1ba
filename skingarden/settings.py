"""Settings for Skin Garden, all read from the environment.

Development works with no environment at all (SQLite under ``var/``). With
``DEBUG=False`` the app is in production mode and refuses to start without
``SECRET_KEY`` and ``ALLOWED_HOSTS``. Every variable is listed in
``.env.example`` and in the README.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from skingarden.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
DATA_DIR = Path(env_str("DATA_DIR", str(PROJECT_DIR / "var")))

DEBUG = env_bool("DEBUG", default=True)
SECRET_KEY = env_secret("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")


def _development_secret_key() -> str:
    """A per-checkout key kept in DATA_DIR, so development sessions survive restarts.

    Created atomically because parallel test workers may race to create it.
    """
    path = DATA_DIR / "dev-secret-key"
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secrets.token_urlsafe(50))
    return path.read_text(encoding="utf-8").strip()


if DEBUG:
    SECRET_KEY = SECRET_KEY or _development_secret_key()
else:
    _missing = [name for name in ("SECRET_KEY", "ALLOWED_HOSTS") if not globals()[name]]
    if _missing:
        raise ImproperlyConfigured(
            "Production mode (DEBUG=False) needs "
            + " and ".join(_missing)
            + " in the environment; see the README's configuration table."
        )

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.forms",
    "django_tasks_db",
    "skingarden.accounts",
    "skingarden.instruments",
    "skingarden.programmes",
    "skingarden.photos",
    "skingarden.learn",
    "skingarden.reports",
    "skingarden.sharing",
    "skingarden.portability",
    "skingarden.reminders",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # After WhiteNoise, so static files keep their caching; everything else: no-store.
    "skingarden.lib.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "skingarden.accounts.middleware.SecondFactorMiddleware",
    "skingarden.accounts.middleware.ParticipantTimeZoneMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "skingarden.urls"
WSGI_APPLICATION = "skingarden.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# Per-process cache for derived pages; entries are keyed by a programme's
# revision, so a write anywhere retires them in every worker.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "TIMEOUT": 3600,
        "OPTIONS": {"MAX_ENTRIES": 2000},
    }
}

_default_database = f"sqlite:///{DATA_DIR / 'skingarden.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", _default_database),
        conn_max_age=env_int("CONN_MAX_AGE", 600),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # WAL lets readers run beside the single writer; IMMEDIATE makes a writer
    # wait for the lock at BEGIN instead of failing half-way through. secure_delete
    # zeroes what a delete removes, so a deleted account leaves no bytes behind
    # (skingarden/lib/erasure.py).
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA secure_delete=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["skingarden.accounts.backends.EmailBackend"]
SESSION_ENGINE = "skingarden.accounts.sessions"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": (
            "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"
        )
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "programmes:dashboard"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "static"
STATIC_ROOT.mkdir(
    parents=True, exist_ok=True
)  # WhiteNoise warns at start-up when it is absent
# Files the app keeps (the photos, when they come) live here, never under a public
# URL; `skingarden backup` copies every file under it (docs/backup.md).
MEDIA_ROOT = DATA_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Participants' photos: private, served only by views that check who asks
    # (docs/photos.md has S3-compatible storage through django-storages).
    "photos": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {
            "location": DATA_DIR / "media",
            "file_permissions_mode": 0o600,
            "directory_permissions_mode": 0o700,
        },
    },
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "skingarden.lib.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# E-mail (password resets now, reminders later). Console by default; set
# EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend and the EMAIL_* values.
_email_backend = env_str(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
_email_options: dict[str, object] = {}
if _email_backend.endswith("smtp.EmailBackend"):
    _email_options = {
        "host": env_str("EMAIL_HOST", "localhost"),
        "port": env_int("EMAIL_PORT", 587),
        "username": env_str("EMAIL_HOST_USER"),
        "password": env_secret("EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("EMAIL_USE_TLS", default=True),
        "timeout": 20,
    }
MAILERS = {"default": {"BACKEND": _email_backend, "OPTIONS": _email_options}}
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Skin Garden <no-reply@localhost>")

TASKS = {
    "default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}
}

# Security. With DEBUG off the app assumes HTTPS unless SITE_USES_HTTPS=False,
# which is only for serving on 127.0.0.1 (``make run``).
SITE_USES_HTTPS = env_bool("SITE_USES_HTTPS", default=not DEBUG)
SESSION_COOKIE_SECURE = SITE_USES_HTTPS
CSRF_COOKIE_SECURE = SITE_USES_HTTPS
SECURE_SSL_REDIRECT = SITE_USES_HTTPS and env_bool("SECURE_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = (
    env_int("SECURE_HSTS_SECONDS", 31_536_000) if SITE_USES_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SITE_USES_HTTPS
SECURE_HSTS_PRELOAD = SITE_USES_HTTPS and env_bool("SECURE_HSTS_PRELOAD", default=True)
BEHIND_TLS_PROXY = env_bool("BEHIND_TLS_PROXY", default=False)
if BEHIND_TLS_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# How many reverse proxies in front of the app append to X-Forwarded-For; the sign-in,
# reset and sign-up throttles take the client's address from there only when this is
# above 0 (skingarden/lib/http.py: client_address).
SKINGARDEN_TRUSTED_PROXIES = env_int("TRUSTED_PROXIES", 1 if BEHIND_TLS_PROXY else 0)
if SKINGARDEN_TRUSTED_PROXIES < 0:
    raise ImproperlyConfigured("TRUSTED_PROXIES must be 0 or more.")
SESSION_COOKIE_HTTPONLY = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Health data must never reach a log: requests are logged by path and status
# only (paths carry UUIDs, not data), and nothing is e-mailed to admins.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "django.request": {
            "handlers": ["console"],
            "level": "ERROR",
            "propagate": False,
        },
        "skingarden": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    },
}

SKINGARDEN_MAX_NOTE_LENGTH = 2000
# Where e-mails point (reminder and unsubscribe links): the site's public address.
SITE_URL = env_str("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Imports larger than this are refused before they are read (JSON or Flaredown CSV).
SKINGARDEN_MAX_IMPORT_BYTES = env_int("MAX_IMPORT_BYTES", 10_000_000)
# Archive exports (zip, with photos) larger than this are refused before they are
# read; their members have limits of their own (docs/portability.md).
ARCHIVE_IMPORT_MAX_BYTES = env_int("ARCHIVE_IMPORT_MAX_BYTES", 500_000_000)
# Photo uploads larger than these are refused, the pixels from the image's header
# before any is decoded (a decompression bomb).
PHOTO_MAX_BYTES = env_int("PHOTO_MAX_BYTES", 20_000_000)
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 50_000_000)

# Requests a minute each API token (or each person's browser sessions) may make
# (skingarden/api/throttle.py); over it the API answers 429.
SKINGARDEN_API_RATE_PER_MINUTE = env_int("API_RATE_PER_MINUTE", 120)
