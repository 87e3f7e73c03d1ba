import uuid
import zoneinfo
from datetime import datetime
from functools import cache
from typing import Any, ClassVar

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from skingarden.accounts import screening


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    @classmethod
    def normalize_email(cls, email: str | None) -> str:
        return (email or "").strip().lower()

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email=self.normalize_email(username))

    def create_user(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.full_clean()
        user.save(using=self._db)
        return user

    def create_superuser(
        self, email: str, password: str | None = None, **extra: Any
    ) -> "User":
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in with their e-mail address."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    email = models.EmailField(unique=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    is_practitioner = models.BooleanField(
        default=False,
        help_text="A practitioner account reviews consenting participants' data; "
        "it is chosen at sign-up and runs no programme of its own.",
    )
    date_joined = models.DateTimeField(default=timezone.now)
    # Kept on the user row (read on every request anyway) so that the middleware
    # knows without a query whether this person's sessions need a second factor.
    two_factor_enabled = models.BooleanField(
        default=False,
        help_text="Sign-in asks for a code from an authenticator app "
        "(always, for a practitioner).",
    )

    objects: ClassVar[UserManager] = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    def __str__(self) -> str:
        return self.email


class Condition(models.TextChoices):
    ECZEMA = "eczema", "Eczema (atopic dermatitis)"
    ACNE = "acne", "Acne"
    DERMATITIS = "dermatitis", "Contact or other dermatitis"
    OTHER = "other", "Another skin condition"


@cache
def known_time_zones() -> frozenset[str]:
    """The zone names this machine knows (reading them scans the disk, so once)."""
    return frozenset(zoneinfo.available_timezones())


def validate_time_zone(value: str) -> None:
    if value not in known_time_zones():
        raise ValidationError(f"“{value}” is not a time zone we know.")


def validate_conditions(value: object) -> None:
    if not isinstance(value, list) or not value:
        raise ValidationError("Choose at least one condition.")
    unknown = [item for item in value if item not in Condition.values]
    if unknown:
        raise ValidationError(f"Unknown condition: {', '.join(map(str, unknown))}.")
    if len(set(value)) != len(value):
        raise ValidationError("Each condition can be chosen once.")


class Profile(models.Model):
    """What the programme needs to know about a participant."""

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="profile")
    conditions = models.JSONField(default=list, blank=True)
    birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, default="UTC", validators=[validate_time_zone]
    )
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    def clean(self) -> None:
        if self.conditions:
            validate_conditions(self.conditions)

    @property
    def is_complete(self) -> bool:
        return bool(self.conditions) and self.birth_year is not None

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


def current_rules_version() -> str:
    return screening.RULES_VERSION


class SafetyScreen(models.Model):
    """One completed safety screen. A changed answer adds a row; the latest counts."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="safety_screens"
    )
    # Set by the service from screening.RULES_VERSION; a callable default, so that a
    # new version of the rules needs no migration.
    rules_version = models.CharField(max_length=20, default=current_rules_version)
    answers = models.JSONField()
    birth_year = models.PositiveSmallIntegerField()
    conditions = models.JSONField()
    outcome = models.CharField(max_length=24, choices=screening.Outcome.choices())
    blocks = models.JSONField(default=list, blank=True)
    clinician_reasons = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    clinician_name = models.CharField(max_length=200, blank=True)
    clinician_agreed_on = models.DateField(null=True, blank=True)
    screened_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("user", "-created_at")),)

    def __str__(self) -> str:
        return f"Safety screen {self.code} ({self.outcome})"

    @property
    def allows_start(self) -> bool:
        return self.outcome in screening.Outcome.STARTABLE

    @property
    def rules_are_current(self) -> bool:
        """Answered under today's rules: an older screen never asked a question
        added since, so it cannot count for a new start."""
        return self.rules_version == screening.RULES_VERSION

    @property
    def outcome_label(self) -> str:
        return screening.Outcome.LABELS[self.outcome]

    def warning_rules(self) -> list[screening.Rule]:
        return [screening.rule(rule_id) for rule_id in self.warnings]

    def block_rules(self) -> list[screening.Rule]:
        return [screening.rule(rule_id) for rule_id in self.blocks]

    def clinician_rules(self) -> list[screening.Rule]:
        return [screening.rule(rule_id) for rule_id in self.clinician_reasons]


class ThrottleEvent(models.Model):
    """One counted action, for the limits in accounts/throttles.py: a failed sign-in
    or second-factor code, a lock those failures set, a reset mail or a sign-up.

    It names the account by a keyed hash of its e-mail address (never the address
    itself, never a password) and the client by its address; rows older than the
    longest window are deleted as new ones are written, and account deletion
    deletes the person's rows at once.
    """

    class Kind(models.TextChoices):
        SIGN_IN_FAILED = "sign_in_failed", "Failed sign-in"
        SIGN_IN_LOCKED = "sign_in_locked", "Sign-in locked"
        CODE_FAILED = "code_failed", "Failed second-factor code"
        CODE_LOCKED = "code_locked", "Second factor locked"
        RESET_MAIL = "reset_mail", "Password-reset mail asked for"
        SIGN_UP = "sign_up", "Sign-up tried"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    account = models.CharField(max_length=64, blank=True)
    address = models.CharField(max_length=64, blank=True)
    at = models.DateTimeField()

    class Meta:
        indexes = (
            models.Index(fields=("kind", "address", "at")),
            models.Index(fields=("kind", "account", "at")),
            models.Index(fields=("at",)),
        )

    def __str__(self) -> str:
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M:%S}"


class Authenticator(models.Model):
    """A person's authenticator app: the shared TOTP secret, and the last time step
    accepted, so that no code is accepted twice. Unconfirmed until a first code
    from the app has been entered."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, related_name="authenticator"
    )
    # Kept readable: the server must compute the same codes as the app.
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        state = "confirmed" if self.confirmed_at else "unconfirmed"
        return f"Authenticator of {self.user} ({state})"


class RecoveryCode(models.Model):
    """A single-use recovery code, stored as its SHA-256 digest: the codes carry 80
    random bits, too many to guess from the digest, so a slow hash is not needed."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    digest = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=("user", "digest"), name="recovery_code_unique_per_user"
            ),
        )

    def __str__(self) -> str:
        return f"Recovery code of {self.user}"


class ApiToken(models.Model):
    """A personal access token for the API (docs/api.md). Shown once when made;
    only its SHA-256 digest is kept: the token carries 240 random bits, too many to
    guess from the digest, so a slow hash is not needed."""

    class Scope(models.TextChoices):
        READ = "read", "Read only"
        READ_WRITE = "read_write", "Read and write"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    digest = models.CharField(max_length=64, unique=True)
    scope = models.CharField(max_length=10, choices=Scope.choices)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at", "-id")

    def __str__(self) -> str:
        return f"API token {self.code}"

    def is_usable(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    @property
    def can_write(self) -> bool:
        return self.scope == self.Scope.READ_WRITE
