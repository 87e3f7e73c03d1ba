"""The locked protocol: its typed document (``LockedProtocol``, parsed and checked
once, from the database column or an imported file) and how a new one is built
from the participant's choices. Pure, no Django."""

from skingarden.programmes.protocol.build import (
    DEFAULT_INSTRUMENTS,
    DEFAULT_ONSET_LAG,
    ITCH_CONDITIONS,
    PRIMARY_DEFAULTS,
    RANDOM_START_SHORTEST,
    TEMPLATE_ID,
    InstrumentOption,
    OutcomeDefault,
    admissible_baselines,
    available_instruments,
    build_protocol,
    default_instruments,
    instrument_choices,
    primary_choices,
    randomised_start_record,
    secondary_outcomes,
)
from skingarden.programmes.protocol.document import (
    DEFAULT_TOPICAL_PHASES,
    KNOWN_CONDITIONS,
    PrimaryOutcome,
    ProtocolInstrument,
    RandomisedStart,
    ScreenRecord,
    SecondaryOutcome,
    TopicalArm,
)
from skingarden.programmes.protocol.locked import LockedProtocol
from skingarden.programmes.protocol.photo_plan import (
    DEFAULT_SCHEDULE,
    PhotoPlan,
    PhotoSchedule,
    PhotoSite,
)
from skingarden.programmes.protocol.reader import ProtocolError

__all__ = [
    "DEFAULT_INSTRUMENTS",
    "DEFAULT_ONSET_LAG",
    "DEFAULT_SCHEDULE",
    "DEFAULT_TOPICAL_PHASES",
    "ITCH_CONDITIONS",
    "KNOWN_CONDITIONS",
    "PRIMARY_DEFAULTS",
    "RANDOM_START_SHORTEST",
    "TEMPLATE_ID",
    "InstrumentOption",
    "LockedProtocol",
    "OutcomeDefault",
    "PhotoPlan",
    "PhotoSchedule",
    "PhotoSite",
    "PrimaryOutcome",
    "ProtocolError",
    "ProtocolInstrument",
    "RandomisedStart",
    "ScreenRecord",
    "SecondaryOutcome",
    "TopicalArm",
    "admissible_baselines",
    "available_instruments",
    "build_protocol",
    "default_instruments",
    "instrument_choices",
    "primary_choices",
    "randomised_start_record",
    "secondary_outcomes",
]
