from datetime import date

from django.http import Http404


def parse_day(value: str) -> date:
    """A date from the URL; a malformed one is a 404, never a server error."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None
