from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.models import User
from skingarden.accounts.selectors import profile_for_user
from skingarden.accounts.two_factor import second_factor_passed, second_factor_required


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


class SecondFactorMiddleware:
    """A person who has (or, as a practitioner, needs) two-factor sign-in counts as
    signed in only once a code passed in this session. Until then every page but those
    marked ``allowed_before_second_factor`` (the code pages, log-out) sends them to
    the code page, or to set up an app when they have none; no query is needed, as
    the user row says both."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if (
            not isinstance(user, User)
            or getattr(view_func, "allowed_before_second_factor", False)
            or not second_factor_required(user)
            or second_factor_passed(request)
        ):
            return None
        step = "verify" if user.two_factor_enabled else "enrol"
        return redirect_to_login(
            request.get_full_path(), reverse(f"accounts:two_factor_{step}")
        )
