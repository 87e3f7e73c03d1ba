from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest

from skingarden.accounts.models import User


class EmailBackend(ModelBackend):
    """Log in by e-mail (the user model's natural key), loading the profile with the
    user: every signed-in page needs the participant's time zone."""

    def get_user(self, user_id: Any) -> User | None:
        user = User.objects.select_related("profile").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(
            request, username=username, password=password, **kwargs
        )
        return user if isinstance(user, User) else None
