"""How much kefir to buy, and how to mix a topical batch. Pure, no Django."""

from dataclasses import dataclass
from datetime import date, timedelta

from skingarden.programmes.timeline import Timeline

# Cow's milk is about 1.03 g/ml; fermented milk is close to it. Used only to turn
# the kefir share of a batch weighed in grams into millilitres for measuring.
KEFIR_DENSITY_G_PER_ML = 1.03


@dataclass(frozen=True)
class WeekNeed:
    monday: date
    days: int
    ml: int

    @property
    def sunday(self) -> date:
        return self.monday + timedelta(days=6)


@dataclass(frozen=True)
class SupplyPlan:
    total_ml: int
    remaining_ml: int
    weeks: tuple[WeekNeed, ...]


def supply_plan(timeline: Timeline) -> SupplyPlan:
    """Kefir needed for the plan as it stands (assuming no further step-back)."""
    planned = {day: ml for day, ml in timeline.plan.ml_by_day.items() if ml > 0}
    by_week: dict[date, list[int]] = {}
    for day in sorted(planned):
        if day >= timeline.today:
            by_week.setdefault(day - timedelta(days=day.weekday()), []).append(
                planned[day]
            )
    weeks = tuple(
        WeekNeed(monday, len(doses), sum(doses)) for monday, doses in by_week.items()
    )
    remaining = sum(week.ml for week in weeks)
    return SupplyPlan(sum(planned.values()), remaining, weeks)


@dataclass(frozen=True)
class Batch:
    batch_g: float
    kefir_g: float
    kefir_ml: float
    carrier_g: float
    kefir_percent: float


def batch(*, batch_g: float, kefir_parts: int, carrier_parts: int) -> Batch:
    """Split a batch weighed in grams by a kefir:carrier ratio by weight.

    >>> batch(batch_g=10, kefir_parts=1, carrier_parts=4).carrier_g
    8.0
    """
    if batch_g <= 0 or kefir_parts <= 0 or carrier_parts <= 0:
        raise ValueError(
            "The batch and both parts of the ratio must be more than zero."
        )
    share = kefir_parts / (kefir_parts + carrier_parts)
    kefir_g = batch_g * share
    return Batch(
        batch_g=round(batch_g, 1),
        kefir_g=round(kefir_g, 1),
        kefir_ml=round(kefir_g / KEFIR_DENSITY_G_PER_ML, 1),
        carrier_g=round(batch_g - kefir_g, 1),
        kefir_percent=round(share * 100, 1),
    )
