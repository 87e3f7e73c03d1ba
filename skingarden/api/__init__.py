"""The public JSON API at /api/v1/ (docs/api.md): django-ninja, thin, calling the
same selectors and services as the pages. It has no models of its own."""
