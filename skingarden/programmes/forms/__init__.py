"""HTML input parsing for programmes, one module per page family. Domain rules live
in the services."""

from skingarden.programmes.forms.amendments import (
    DoseChangeForm,
    ExtendForm,
    FollowUpForm,
    ReasonForm,
    RedFlagResolveForm,
    ShortenBaselineForm,
)
from skingarden.programmes.forms.checkin import CheckInForm, measure_field
from skingarden.programmes.forms.setup import ProgrammeSetupForm
from skingarden.programmes.forms.topical import (
    BatchForm,
    PatchTestDayForm,
    PatchTestStartForm,
)

__all__ = [
    "BatchForm",
    "CheckInForm",
    "DoseChangeForm",
    "ExtendForm",
    "FollowUpForm",
    "PatchTestDayForm",
    "PatchTestStartForm",
    "ProgrammeSetupForm",
    "ReasonForm",
    "RedFlagResolveForm",
    "ShortenBaselineForm",
    "measure_field",
]
