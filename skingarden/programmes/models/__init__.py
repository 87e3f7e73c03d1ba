"""The programmes app's models, one module per part of the record. Django and the
rest of the code import them from here."""

from skingarden.programmes.models.checkin import (
    CHECKIN_FIELDS,
    SITE_SCORE_MAX,
    CheckIn,
    RedFlagEvent,
)
from skingarden.programmes.models.patch_test import PatchTest, PatchTestDay
from skingarden.programmes.models.programme import (
    Amendment,
    Phase,
    Programme,
    ProgrammeQuerySet,
)

__all__ = [
    "CHECKIN_FIELDS",
    "SITE_SCORE_MAX",
    "Amendment",
    "CheckIn",
    "PatchTest",
    "PatchTestDay",
    "Phase",
    "Programme",
    "ProgrammeQuerySet",
    "RedFlagEvent",
]
