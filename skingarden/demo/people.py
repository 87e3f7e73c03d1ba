"""What every demo person needs: an account with a profile and a safety screen,
made through the real services."""

from datetime import date

from skingarden.accounts import services as account_services
from skingarden.accounts.models import User
from skingarden.accounts.screening import QUESTION_IDS

TIME_ZONE = "Europe/London"


def screen_answers(**yes: bool) -> dict[str, bool]:
    """Every screen question answered no, but for adulthood and ``yes``."""
    answers = dict.fromkeys(QUESTION_IDS, False)
    answers.update(adult=True, **yes)
    return answers


def participant(
    *,
    email: str,
    password: str,
    conditions: list[str],
    birth_year: int,
    screened_on: date,
    screen_yes: dict[str, bool] | None = None,
) -> User:
    """A participant cleared by the safety screen on ``screened_on`` (``screen_yes``:
    the questions answered yes, which may only warn)."""
    user = account_services.account_create(
        email=email, password=password, time_zone=TIME_ZONE
    )
    account_services.profile_update(
        user=user, conditions=conditions, birth_year=birth_year, time_zone=TIME_ZONE
    )
    account_services.safety_screen_submit(
        user=user, answers=screen_answers(**(screen_yes or {})), today=screened_on
    )
    return user
