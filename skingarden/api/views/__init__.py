"""One django-ninja router per resource (api/main.py mounts them)."""
