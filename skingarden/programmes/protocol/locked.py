"""The whole locked protocol: ``LockedProtocol``. Pure, no Django."""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from skingarden.programmes.dosing import GutRule
from skingarden.programmes.plan import (
    BASELINE_MAX,
    DOSE_MAX_ML,
    DOSE_MIN_ML,
    FOLLOW_UP_MAX,
    INTERVENTION_MAX,
    ONSET_LAG_MAX,
    RampStep,
)
from skingarden.programmes.protocol.document import (
    KNOWN_CONDITIONS,
    RAMP_ABOVE_TARGET,
    PrimaryOutcome,
    ProtocolInstrument,
    RandomisedStart,
    ScreenRecord,
    SecondaryOutcome,
    TopicalArm,
    read_gut_rule,
    read_ramp_step,
)
from skingarden.programmes.protocol.photo_plan import PhotoPlan
from skingarden.programmes.protocol.reader import ProtocolError, Reader, join

NO_CONDITIONS = "must name at least one condition."


@dataclass(frozen=True)
class LockedProtocol:
    """Every number the programme, the analysis and the report rest on, fixed
    before day 1. Changes after the start are amendments, never edits of this."""

    template: str
    template_version: int
    conditions: tuple[str, ...]
    baseline_days: int
    intervention_days: int
    ramp: tuple[RampStep, ...]
    target_ml: int
    kefir_product: str
    gut_rule: GutRule
    follow_up_days: int
    onset_lag_days: int
    primary_outcome: PrimaryOutcome
    secondary_outcomes: tuple[SecondaryOutcome, ...]
    instruments: tuple[ProtocolInstrument, ...]
    analysis: str
    randomised_start: RandomisedStart | None
    topical: TopicalArm
    safety_screen: ScreenRecord
    photos: PhotoPlan

    @classmethod
    def from_json(cls, data: object, *, path: str = "") -> "LockedProtocol":
        """Parse and check a stored or imported protocol.

        Raises ProtocolError with every problem, each under its path (prefixed by
        ``path``, e.g. ``programmes[0].protocol``).
        """
        problems: dict[str, str] = {}
        protocol = _read(Reader(data, path, problems))
        if problems:
            raise ProtocolError(problems)
        return protocol

    def to_json(self) -> dict[str, Any]:
        return {
            "template": self.template,
            "template_version": self.template_version,
            "conditions": list(self.conditions),
            "baseline_days": self.baseline_days,
            "intervention_days": self.intervention_days,
            "ramp": [{"days": step.days, "ml": step.ml} for step in self.ramp],
            "target_ml": self.target_ml,
            "kefir_product": self.kefir_product,
            "gut_rule": {
                "threshold": self.gut_rule.threshold,
                "consecutive_days": self.gut_rule.consecutive_days,
                "watch_days": self.gut_rule.watch_days,
            },
            "follow_up_days": self.follow_up_days,
            "onset_lag_days": self.onset_lag_days,
            "primary_outcome": asdict(self.primary_outcome),
            "secondary_outcomes": [item.to_json() for item in self.secondary_outcomes],
            "instruments": [asdict(item) for item in self.instruments],
            "analysis": self.analysis,
            "randomised_start": self.randomised_start.to_json()
            if self.randomised_start
            else None,
            "topical": self.topical.to_json(),
            "safety_screen": self.safety_screen.to_json(),
            "photos": self.photos.to_json(),
        }

    @property
    def primary_measure(self) -> str:
        return self.primary_outcome.measure

    @property
    def instrument_ids(self) -> frozenset[str]:
        return frozenset(item.id for item in self.instruments)


def _read(r: Reader) -> LockedProtocol:
    conditions = r.texts("conditions", choices=KNOWN_CONDITIONS)
    if not conditions and "conditions" in r.data:
        r.fail_key("conditions", NO_CONDITIONS)
    r.unique("conditions", conditions)
    baseline_days = r.whole("baseline_days", 0, BASELINE_MAX)
    target_ml = r.whole("target_ml", DOSE_MIN_ML, DOSE_MAX_ML)
    ramp = r.objects("ramp", read_ramp_step, most=10)
    if r.ok("target_ml") and any(step.ml > target_ml for step in ramp):
        r.fail_key("ramp", RAMP_ABOVE_TARGET)
    instruments = r.objects("instruments", ProtocolInstrument.read, most=20)
    r.unique("instruments", tuple(item.id for item in instruments))
    topical = _nested(r, "topical", TopicalArm.read)
    photo_plan = _photo_plan(r, topical)
    protocol = LockedProtocol(
        template=r.text("template", length=40),
        template_version=r.whole("template_version", 1, 1000),
        conditions=conditions,
        baseline_days=baseline_days,
        intervention_days=r.whole("intervention_days", 1, INTERVENTION_MAX),
        ramp=ramp,
        target_ml=target_ml,
        kefir_product=r.text("kefir_product", length=200),
        gut_rule=_nested(r, "gut_rule", read_gut_rule),
        follow_up_days=r.whole("follow_up_days", 0, FOLLOW_UP_MAX),
        onset_lag_days=r.whole("onset_lag_days", 0, ONSET_LAG_MAX),
        primary_outcome=_nested(r, "primary_outcome", PrimaryOutcome.read),
        secondary_outcomes=r.objects("secondary_outcomes", SecondaryOutcome.read),
        instruments=instruments,
        analysis=r.text("analysis", length=2000),
        randomised_start=_randomised_start(r, baseline_days),
        topical=topical,
        safety_screen=_nested(r, "safety_screen", ScreenRecord.read),
        photos=photo_plan,
    )
    r.finish()
    return protocol


def _nested[T](r: Reader, key: str, read: Callable[[Reader], T]) -> T:
    child = r.child(key)
    value = read(child)
    child.finish()
    return value


def _photo_plan(r: Reader, topical: TopicalArm) -> PhotoPlan:
    child = r.child("photos")
    plan = PhotoPlan.read(child)
    topical_path = join(r.path, "topical")
    # A damaged topical arm is one problem, not one more about the photo sites.
    if not any(path.startswith(topical_path) for path in r.problems):
        plan.check(child, topical)
    child.finish()
    return plan


def _randomised_start(r: Reader, baseline_days: int) -> RandomisedStart | None:
    if r.is_null("randomised_start"):
        return None
    child = r.child("randomised_start")
    draw = RandomisedStart.read(child)
    draw.check(child, baseline_days)
    child.finish()
    return draw
