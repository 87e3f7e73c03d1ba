"""ASGI entry point. We serve with gunicorn (WSGI); see docs/decisions.md for why."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "skingarden.settings")
application = get_asgi_application()
