from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from skingarden.accounts.selectors import profile_for_user


class ParticipantTimeZoneMiddleware:
    """Show every time in the signed-in participant's own time zone."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            timezone.activate(profile_for_user(user=request.user).zone)
        else:
            timezone.deactivate()
        return self.get_response(request)
