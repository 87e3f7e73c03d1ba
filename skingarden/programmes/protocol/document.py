"""The locked protocol as a typed, frozen document. Pure, no Django.

A programme's protocol is written once, at the start, and every page, export and
reminder reads it. ``LockedProtocol.from_json`` is the only way in from JSON (the
database column and the JSON import both go through it) and checks every value,
naming the field of each problem; ``to_json`` gives the stored shape back, key
for key, so a stored protocol round-trips unchanged.
"""

from dataclasses import dataclass
from datetime import date
from typing import Any

from skingarden.accounts.screening import Outcome
from skingarden.instruments.definitions import all_ids
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.dosing import GutRule
from skingarden.programmes.plan import BASELINE_MAX, DOSE_MAX_ML, PhaseKind, RampStep
from skingarden.programmes.protocol.reader import Reader

# The conditions a profile can name (accounts.models.Condition; a test keeps the
# two in step, as this module cannot import the model).
KNOWN_CONDITIONS = ("eczema", "acne", "dermatitis", "other")
PRIMARY_MEASURES = ("worst_itch", "new_spots")
DIRECTIONS = ("lower_is_better", "higher_is_better")
SCHEDULES = ("daily", "weekly", "monthly")
TOPICAL_DESIGNS = ("split_body", "single_area")
SIDES = ("left", "right")
CARRIERS = ("petrolatum", "coconut_oil")  # programmes.models.PatchTest.Carrier
SCREEN_OUTCOMES = tuple(Outcome.LABELS)
MIXTURE_PARTS_MAX = 20
# The topical mixture goes on only while kefir is taken: the baseline is the
# split-body comparison's time before topical use, and the follow-up is off kefir.
TOPICAL_PHASE_KINDS = tuple(kind.value for kind in PhaseKind if kind.takes_kefir)
DEFAULT_TOPICAL_PHASES = TOPICAL_PHASE_KINDS  # the ramp, the kefir phase, extensions
NO_TOPICAL_PHASES = "must name at least one phase."
SIDE_NOT_DRAWN = "must be left or right for a split-body design, empty otherwise."
DRAW_DISAGREES = "must equal the protocol's baseline_days, and be one of the lengths."
K_DISAGREES = "must be the number of admissible lengths."
RAMP_ABOVE_TARGET = "steps up to the target dose, so each step is at most target_ml."


@dataclass(frozen=True)
class PrimaryOutcome:
    measure: str
    label: str
    unit: str
    direction: str
    threshold: float
    threshold_source: str
    validation: str

    @classmethod
    def read(cls, r: Reader) -> "PrimaryOutcome":
        measure = r.text("measure", choices=PRIMARY_MEASURES)
        high = MEASURES[measure].high if measure in MEASURES else 0
        return cls(
            measure=measure,
            label=r.text("label", length=200),
            unit=r.text("unit", length=100),
            direction=r.text("direction", choices=DIRECTIONS),
            threshold=r.number("threshold", 0, high, above=True),
            threshold_source=r.text("threshold_source", length=2000),
            validation=r.text("validation", length=2000),
        )


@dataclass(frozen=True)
class SecondaryOutcome:
    """A daily measure (with its unit) or a weekly or monthly instrument (with its
    version); the stored shape has just the keys that apply."""

    measure: str
    label: str
    schedule: str
    unit: str = ""
    version: str = ""

    @classmethod
    def read(cls, r: Reader) -> "SecondaryOutcome":
        measure = r.text("measure", length=40)
        schedule = r.text("schedule", choices=SCHEDULES)
        daily = schedule == "daily"
        known = MEASURES if daily else all_ids()
        if measure and measure not in known:
            r.fail_key("measure", f"“{measure}” is not a known measure.")
        return cls(
            measure=measure,
            label=r.text("label", length=200),
            schedule=schedule,
            unit=r.text("unit", length=100) if daily else "",
            version="" if daily else r.text("version", length=20),
        )

    def to_json(self) -> dict[str, Any]:
        data = {"measure": self.measure, "label": self.label}
        if self.schedule == "daily":
            data["unit"] = self.unit
        data["schedule"] = self.schedule
        if self.schedule != "daily":
            data["version"] = self.version
        return data


@dataclass(frozen=True)
class ProtocolInstrument:
    id: str
    version: str
    schedule: str

    @classmethod
    def read(cls, r: Reader) -> "ProtocolInstrument":
        return cls(
            id=r.text("id", choices=tuple(all_ids())),
            version=r.text("version", length=20),
            schedule=r.text("schedule", choices=SCHEDULES[1:]),
        )


@dataclass(frozen=True)
class RandomisedStart:
    """The drawn baseline length and what it was drawn from (for the randomisation
    test: its smallest possible p-value is 1/k)."""

    admissible_baseline_days: tuple[int, ...]
    drawn_baseline_days: int
    k: int
    smallest_p: float
    drawn_with: str

    @classmethod
    def read(cls, r: Reader) -> "RandomisedStart":
        return cls(
            admissible_baseline_days=r.wholes(
                "admissible_baseline_days", 0, BASELINE_MAX
            ),
            drawn_baseline_days=r.whole("drawn_baseline_days", 0, BASELINE_MAX),
            k=r.whole("k", 1, BASELINE_MAX + 1),
            smallest_p=r.number("smallest_p", 0, 1, above=True),
            drawn_with=r.text("drawn_with", length=200),
        )

    def check(self, r: Reader, baseline_days: int) -> None:
        if (
            self.drawn_baseline_days not in self.admissible_baseline_days
            or self.drawn_baseline_days != baseline_days
        ):
            r.fail_key("drawn_baseline_days", DRAW_DISAGREES)
        if self.k != len(self.admissible_baseline_days):
            r.fail_key("k", K_DISAGREES)

    def to_json(self) -> dict[str, Any]:
        return {
            "admissible_baseline_days": list(self.admissible_baseline_days),
            "drawn_baseline_days": self.drawn_baseline_days,
            "k": self.k,
            "smallest_p": self.smallest_p,
            "drawn_with": self.drawn_with,
        }


@dataclass(frozen=True)
class TopicalArm:
    """The topical arm as locked at the start; ``enabled`` False means none.

    ``phases`` are the kinds of phase (``PhaseKind`` values) in which the mixture is
    applied; they mean something, and are stored, only when the arm is enabled."""

    enabled: bool
    design: str = ""
    kefir_side: str = ""
    carrier: str = ""
    kefir_parts: int = 0
    carrier_parts: int = 0
    area: str = ""
    patch_test: str = ""
    phases: tuple[str, ...] = DEFAULT_TOPICAL_PHASES

    @property
    def split_body(self) -> bool:
        return self.enabled and self.design == "split_body"

    @property
    def ratio_label(self) -> str:
        return f"{self.kefir_parts}:{self.carrier_parts}"

    def applies_in(self, phase_kind: str) -> bool:
        """Whether the mixture is applied on the days of a phase of this kind."""
        return self.enabled and phase_kind in self.phases

    @classmethod
    def read(cls, r: Reader) -> "TopicalArm":
        if not r.boolean("enabled"):
            return cls(enabled=False)
        design = r.text("design", choices=TOPICAL_DESIGNS)
        side = r.text("kefir_side", length=5)
        if side not in (SIDES if design == "split_body" else ("",)):
            r.fail_key("kefir_side", SIDE_NOT_DRAWN)
        phases = r.texts("phases", choices=TOPICAL_PHASE_KINDS)
        if not phases and r.ok("phases"):
            r.fail_key("phases", NO_TOPICAL_PHASES)
        r.unique("phases", phases)
        return cls(
            enabled=True,
            design=design,
            kefir_side=side,
            carrier=r.text("carrier", choices=CARRIERS),
            kefir_parts=r.whole("kefir_parts", 1, MIXTURE_PARTS_MAX),
            carrier_parts=r.whole("carrier_parts", 1, MIXTURE_PARTS_MAX),
            area=r.text("area", length=200),
            patch_test=r.text("patch_test", length=40),
            phases=phases,
        )

    def to_json(self) -> dict[str, Any]:
        if not self.enabled:
            return {"enabled": False}
        return {
            "enabled": True,
            "design": self.design,
            "kefir_side": self.kefir_side,
            "carrier": self.carrier,
            "kefir_parts": self.kefir_parts,
            "carrier_parts": self.carrier_parts,
            "area": self.area,
            "patch_test": self.patch_test,
            "phases": list(self.phases),
        }


@dataclass(frozen=True)
class ScreenRecord:
    """The safety screen the programme was started on, as it stood then."""

    code: str
    outcome: str
    screened_on: date
    warnings: tuple[str, ...]
    clinician_name: str

    @classmethod
    def read(cls, r: Reader) -> "ScreenRecord":
        return cls(
            code=r.text("code", length=40),
            outcome=r.text("outcome", choices=SCREEN_OUTCOMES),
            screened_on=r.day("screened_on"),
            warnings=r.texts("warnings"),
            clinician_name=r.text("clinician_name", length=200),
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "outcome": self.outcome,
            "screened_on": self.screened_on.isoformat(),
            "warnings": list(self.warnings),
            "clinician_name": self.clinician_name,
        }


def read_ramp_step(r: Reader) -> RampStep:
    return RampStep(
        days=r.whole("days", 1, BASELINE_MAX), ml=r.whole("ml", 1, DOSE_MAX_ML)
    )


def read_gut_rule(r: Reader) -> GutRule:
    return GutRule(
        threshold=r.whole("threshold", 1, MEASURES["gut_discomfort"].high),
        consecutive_days=r.whole("consecutive_days", 1, 14),
        watch_days=r.whole("watch_days", 1, 14),
    )
