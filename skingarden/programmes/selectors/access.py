"""Finding a participant's programmes: the owner-scoped access checks (404 for
missing and for someone else's alike) and the hot reads behind them."""

from dataclasses import dataclass
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import Http404

from skingarden.accounts.models import SafetyScreen, User
from skingarden.accounts.selectors import (
    profile_for_user,
    safety_screen_current,
    safety_screen_is_current_for_profile,
)
from skingarden.programmes.models import Programme

# Hot reads, written as plain SQL: on these machines the ORM spends ~0.4 ms
# compiling each query, ten times the query itself (docs/benchmarks.md).
PROGRAMME_TABLE = Programme._meta.db_table
PROGRAMME_BY_CODE_SQL = (
    f"SELECT * FROM {PROGRAMME_TABLE} WHERE owner_id = %s AND code = %s"  # noqa: S608
)
LATEST_PROGRAMME_SQL = (
    f"SELECT id, code, revision FROM {PROGRAMME_TABLE} "  # noqa: S608
    "WHERE owner_id = %s ORDER BY created_at DESC, id DESC LIMIT 1"
)


def programme_get_for_user(*, user: User, code: UUID | str) -> Programme:
    """The participant's programme, or 404 whether it is missing or someone else's."""
    try:
        code_value = Programme._meta.get_field("code").get_db_prep_value(
            code, connection=connections[router.db_for_read(Programme)]
        )
    except ValidationError:
        raise Http404("No such programme.") from None
    programme = next(
        iter(Programme.objects.raw(PROGRAMME_BY_CODE_SQL, [user.pk, code_value])), None
    )
    if programme is None:
        raise Http404("No such programme.")
    return programme


@dataclass(frozen=True)
class ProgrammePointer:
    """Enough to find the cached dashboard of a programme without loading it."""

    code: UUID
    revision: int


def programme_pointer_for_dashboard(*, user: User) -> ProgrammePointer | None:
    """The participant's latest programme (the open one, if any: only the latest can
    be open), as its code and revision."""
    with connections[router.db_for_read(Programme)].cursor() as cursor:
        cursor.execute(LATEST_PROGRAMME_SQL, [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    code = Programme._meta.get_field("code").to_python(row[1])
    return ProgrammePointer(code, row[2])


def programme_open_for_user(*, user: User) -> Programme | None:
    return Programme.objects.for_user(user).open().first()


def programmes_for_user(*, user: User) -> list[Programme]:
    return list(Programme.objects.for_user(user).order_by("-created_at", "-id"))


PROFILE_INCOMPLETE = "Fill in your profile before starting a programme."
SCREEN_MISSING = "Complete the safety screen before starting a programme."
SCREEN_OUTDATED = (
    "Your profile changed since your last safety screen. Answer the screen again first."
)
SCREEN_RULES_CHANGED = (
    "The safety screen has a new question since you last answered it. Answer the "
    "screen again first."
)
SCREEN_BLOCKS = "Your safety screen says this programme is not suitable for you."
SCREEN_NEEDS_CLINICIAN = (
    "Your safety screen needs a clinician's agreement before you start. "
    "Record it first."
)


@dataclass(frozen=True)
class StartReadiness:
    """Whether the participant may set up a programme now, and if not, why not.
    The set-up page and the service that starts a programme both ask this."""

    screen: SafetyScreen | None
    problem: str = ""

    @property
    def ready(self) -> bool:
        return not self.problem


def programme_start_readiness(*, user: User) -> StartReadiness:
    """A complete profile and a current safety screen that allows a start."""
    profile = profile_for_user(user=user)
    screen = safety_screen_current(user=user)
    if not profile.is_complete:
        return StartReadiness(screen, PROFILE_INCOMPLETE)
    if screen is None:
        return StartReadiness(None, SCREEN_MISSING)
    if not screen.rules_are_current:
        return StartReadiness(screen, SCREEN_RULES_CHANGED)
    if not safety_screen_is_current_for_profile(screen=screen, profile=profile):
        return StartReadiness(screen, SCREEN_OUTDATED)
    if screen.outcome == "blocked":
        return StartReadiness(screen, SCREEN_BLOCKS)
    if not screen.allows_start:
        return StartReadiness(screen, SCREEN_NEEDS_CLINICIAN)
    return StartReadiness(screen)
