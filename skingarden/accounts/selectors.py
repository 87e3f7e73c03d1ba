from datetime import date
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone

from skingarden.accounts.models import Profile, SafetyScreen, User


def request_user(request: HttpRequest) -> User:
    """The signed-in person (LoginRequiredMiddleware guarantees there is one)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404("Sign in first.")
    return user


def profile_for_user(*, user: User) -> Profile:
    """The participant's profile (cached on the user instance after the first read)."""
    return user.profile


def user_today(*, user: User) -> date:
    """Today's date where the participant is."""
    return timezone.now().astimezone(profile_for_user(user=user).zone).date()


def safety_screen_current(*, user: User) -> SafetyScreen | None:
    return SafetyScreen.objects.filter(user=user).order_by("-created_at", "-id").first()


def safety_screen_get_for_user(*, user: User, code: UUID | str) -> SafetyScreen:
    screen = SafetyScreen.objects.filter(user=user, code=code).first()
    if screen is None:
        raise Http404("No such safety screen.")
    return screen


def safety_screen_is_current_for_profile(
    *, screen: SafetyScreen, profile: Profile
) -> bool:
    """A screen counts only under the rules it was answered with (a question added
    since must be answered) and for the conditions and birth year it was answered
    with."""
    return (
        screen.rules_are_current
        and screen.birth_year == profile.birth_year
        and sorted(screen.conditions) == sorted(profile.conditions)
    )
