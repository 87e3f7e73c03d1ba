"""Who is calling: a personal access token (``Authorization: Bearer sgp_…``), or the
browser session of the app's own pages (with Django's CSRF check on every write).

A session counts only when it is fully signed in: password, and the two-factor code
when the person has or needs one (a practitioner always). A request that sends an
``Authorization`` header is judged by it alone; a bad token is refused, never
quietly replaced by a session. What a caller may reach is decided per request by
the selectors (api/access.py): a practitioner's consents are checked each time.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import AuthenticationError, HttpError
from ninja.security.apikey import APIKeyCookie
from ninja.security.http import HttpBearer
from ninja.utils import check_csrf

from skingarden.accounts.models import ApiToken, User
from skingarden.accounts.tokens import token_authenticate
from skingarden.accounts.two_factor import session_signed_in

SIGN_IN_REQUIRED = (
    "Send a personal access token (Authorization: Bearer …), or sign in: this "
    "needs to know who you are."
)
TOKEN_REFUSED = (
    "That token does not work: it may be mistyped, expired or revoked. Make a new "  # noqa: S105 - a message
    "one on your API tokens page."
)
NOT_BEARER = "Send the token as: Authorization: Bearer <token>."
CSRF_FAILED = (
    "The browser session needs Django's CSRF token on this request (the "
    "X-CSRFToken header); a personal access token does not."
)
READ_ONLY = "This token or account can only read; this request would change data."


@dataclass(frozen=True)
class Caller:
    """The person behind a request, and how they signed in."""

    user: User
    token: ApiToken | None  # None: the browser session

    @property
    def can_write(self) -> bool:
        if self.user.is_practitioner:
            return False
        return self.token is None or self.token.can_write

    @property
    def rate_key(self) -> str:
        """What the rate limit counts by: each token, and each person's sessions."""
        if self.token is not None:
            return f"token:{self.token.pk}"
        return f"session:{self.user.pk}"


def caller_of(request: HttpRequest) -> Caller:
    """The caller the authentication put on the request."""
    caller = getattr(request, "auth", None)
    if not isinstance(caller, Caller):
        raise AuthenticationError(message=SIGN_IN_REQUIRED)
    return caller


def require_write(caller: Caller) -> None:
    if not caller.can_write:
        raise HttpError(403, READ_ONLY)


class TokenAuth(HttpBearer):
    """A personal access token. Unlike django-ninja's own bearer class, it never
    writes the header to a log."""

    def __call__(self, request: HttpRequest) -> Caller | None:
        header = request.headers.get(self.header)
        if header is None:
            return None  # no token: the session decides
        scheme, _, secret = header.strip().partition(" ")
        if scheme.lower() != self.openapi_scheme:
            raise AuthenticationError(message=NOT_BEARER)
        return self.authenticate(request, secret.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Caller:
        found = token_authenticate(secret=token, now=timezone.now())
        if found is None:
            raise AuthenticationError(message=TOKEN_REFUSED)
        return Caller(found.user, found)


class SessionAuth(APIKeyCookie):
    """The app's own pages, signed in with a password (and a second factor when the
    person has one). The last way tried, so its refusal is the API's 401."""

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request: HttpRequest) -> Caller:
        user = request.user
        if not isinstance(user, User) or not session_signed_in(request):
            raise AuthenticationError(message=SIGN_IN_REQUIRED)
        # Only unsafe methods can fail the check.
        if check_csrf(request) is not None:
            raise HttpError(403, CSRF_FAILED)
        return Caller(user, None)

    def authenticate(self, request: HttpRequest, key: str | None) -> Caller:
        return self(request)


AUTH = [TokenAuth(), SessionAuth()]
