from datetime import date

from django.http import Http404, HttpRequest

from skingarden.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The signed-in participant (LoginRequiredMiddleware guarantees there is one)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404("Sign in first.")
    return user


def parse_day(value: str) -> date:
    """A date from the URL; a malformed one is a 404, never a server error."""
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404("No such day.") from None
