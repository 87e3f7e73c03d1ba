"""Build the protocol that is locked when a programme starts. Pure, no Django.

The snapshot holds every number the analysis and the report will need, with the
source of each default, so the programme can be judged against what was decided
before day 1 and not against what looked good afterwards.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from skingarden.instruments.definitions import all_definitions
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.dosing import DEFAULT_RULE
from skingarden.programmes.plan import (
    BASELINE_MAX,
    DEFAULT_RAMP,
    DEFAULT_TARGET_ML,
    INTERVENTION_DAYS,
    ramp_days,
)
from skingarden.programmes.protocol.document import (
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
    PhotoSchedule,
    build_photo_plan,
)

TEMPLATE_ID = "gut-skin-21"
TEMPLATE_VERSION = 1
DEFAULT_ONSET_LAG = ramp_days()
ITCH_CONDITIONS = frozenset({"eczema", "dermatitis", "other"})
# A drawn start must still leave the analysis its minimum baseline (4 logged days,
# skingarden/analysis/verdict.py), and the draw needs at least two lengths.
RANDOM_START_SHORTEST = (4, BASELINE_MAX - 1)
ANALYSIS = (
    "Mean of the primary outcome on kefir days after the onset lag minus the "
    "baseline mean, with AR(1) errors, for all days and for adherent days."
)


@dataclass(frozen=True)
class OutcomeDefault:
    measure: str
    threshold: float
    threshold_source: str
    direction: str = "lower_is_better"


PRIMARY_DEFAULTS = {
    "worst_itch": OutcomeDefault(
        "worst_itch",
        3.0,
        "Meaningful within-person change on a 0-10 worst-itch scale is about 2-4 "
        "points "
        "(Yosipovitch G et al. Br J Dermatol 2019;181:761, who use a fall of 4 or more "
        "as the stricter responder threshold; Reich A et al. Acta Derm Venereol 2016 "
        "give 2-3). Skin Garden's default is the middle of that range.",
    ),
    "new_spots": OutcomeDefault(
        "new_spots",
        1.0,
        "No published meaningful-change value exists for a daily count of new spots. "
        "Skin Garden's default is one fewer new spot a day on average; set what would "
        "matter to you.",
    ),
}


def primary_choices(conditions: Sequence[str]) -> list[str]:
    """The primary outcomes that fit these conditions, the default first."""
    itch = any(condition in ITCH_CONDITIONS for condition in conditions)
    acne = "acne" in conditions
    if itch and acne:
        return ["worst_itch", "new_spots"]
    return ["new_spots"] if acne else ["worst_itch"]


@dataclass(frozen=True)
class InstrumentOption:
    """An instrument a participant can add to the protocol: weekly or monthly,
    reported by themselves, usable (licensed text supplied where it is needed)."""

    id: str
    version: str
    title: str
    schedule: str
    conditions: tuple[str, ...]
    default_for: tuple[str, ...]


# Offered by default: POEM where it fits (eczema and dermatitis), lesion counts and
# GAGS for acne. PO-SCORAD and licensed instruments are there to be chosen.
DEFAULT_INSTRUMENTS = {
    "poem": ITCH_CONDITIONS,
    "acne_lesions": {"acne"},
    "gags": {"acne"},
}


def available_instruments() -> list[InstrumentOption]:
    """Every instrument a participant could take weekly or monthly on this instance."""
    return [
        InstrumentOption(
            d.id,
            d.version,
            d.short_title,
            str(d.schedule),
            tuple(d.conditions),
            tuple(DEFAULT_INSTRUMENTS.get(d.id, ())),
        )
        for d in all_definitions()
        if d.usable
        and d.reported_by == "participant"
        and d.schedule in ("weekly", "monthly")
    ]


def instrument_choices(
    conditions: Sequence[str], available: Sequence[InstrumentOption]
) -> list[InstrumentOption]:
    """The instruments that fit these conditions, in a stable order."""
    return [
        option
        for option in available
        if any(condition in option.conditions for condition in conditions)
    ]


def default_instruments(
    conditions: Sequence[str], choices: Sequence[InstrumentOption]
) -> list[str]:
    return [
        option.id
        for option in choices
        if any(condition in option.default_for for condition in conditions)
    ]


def secondary_outcomes(
    conditions: Sequence[str],
    primary: str,
    instruments: Sequence[InstrumentOption] = (),
) -> tuple[SecondaryOutcome, ...]:
    itch = any(condition in ITCH_CONDITIONS for condition in conditions)
    keys: list[str] = []
    if itch:
        keys.append("sleep_loss")
        if primary != "worst_itch":
            keys.append("worst_itch")
    if "acne" in conditions and primary != "new_spots":
        keys.append("new_spots")
    keys += ["gut_discomfort", "stool_form", "bowel_movements", "energy"]
    weekly = [
        SecondaryOutcome(
            measure=option.id,
            label=f"{option.title} ({option.schedule})",
            schedule=option.schedule,
            version=option.version,
        )
        for option in instruments
    ]
    daily = [
        SecondaryOutcome(
            measure=key,
            label=MEASURES[key].label,
            schedule="daily",
            unit=MEASURES[key].unit,
        )
        for key in keys
    ]
    return (*weekly, *daily)


def build_protocol(
    *,
    conditions: Sequence[str],
    primary: str,
    threshold: float,
    baseline_days: int,
    onset_lag: int,
    follow_up_days: int,
    topical: TopicalArm,
    screen: ScreenRecord,
    instruments: Sequence[InstrumentOption] = (),
    randomised_start: RandomisedStart | None = None,
    kefir_product: str = "",
    photo_sites: Sequence[str] = (),
    photo_schedule: PhotoSchedule = DEFAULT_SCHEDULE,
) -> LockedProtocol:
    """Assemble the snapshot. Callers validate the numbers first."""
    measure = MEASURES[primary]
    default = PRIMARY_DEFAULTS[primary]
    return LockedProtocol(
        template=TEMPLATE_ID,
        template_version=TEMPLATE_VERSION,
        conditions=tuple(conditions),
        baseline_days=baseline_days,
        intervention_days=INTERVENTION_DAYS,
        ramp=DEFAULT_RAMP,
        target_ml=DEFAULT_TARGET_ML,
        kefir_product=kefir_product,
        gut_rule=DEFAULT_RULE,
        follow_up_days=follow_up_days,
        onset_lag_days=onset_lag,
        primary_outcome=PrimaryOutcome(
            measure=primary,
            label=measure.label,
            unit=measure.unit,
            direction=default.direction,
            threshold=threshold,
            threshold_source=default.threshold_source
            if threshold == default.threshold
            else "Set by the participant before the start.",
            validation=measure.validated,
        ),
        secondary_outcomes=secondary_outcomes(conditions, primary, instruments),
        instruments=tuple(
            ProtocolInstrument(option.id, option.version, option.schedule)
            for option in instruments
        ),
        analysis=ANALYSIS,
        randomised_start=randomised_start,
        topical=topical,
        safety_screen=screen,
        photos=build_photo_plan(
            names=photo_sites, topical=topical, schedule=photo_schedule
        ),
    )


def admissible_baselines(shortest: int) -> list[int]:
    """The baseline lengths a randomised start draws from: ``shortest`` up to the
    longest baseline allowed. Each is a possible first kefir day (day number
    ``length`` counted from day 0), so k = len(result) and the randomisation test's
    smallest possible p-value is 1/k."""
    low, high = RANDOM_START_SHORTEST
    if not low <= shortest <= high:
        raise ValueError(f"The shortest baseline must be {low} to {high} days.")
    return list(range(shortest, BASELINE_MAX + 1))


def randomised_start_record(admissible: list[int], drawn: int) -> RandomisedStart:
    """What the protocol keeps of the draw, so the report can run the test."""
    return RandomisedStart(
        admissible_baseline_days=tuple(admissible),
        drawn_baseline_days=drawn,
        k=len(admissible),
        smallest_p=1 / len(admissible),
        drawn_with="Python's secrets module (the operating system's randomness)",
    )
