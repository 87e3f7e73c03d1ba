"""Late entries: days logged more than a day after the day they describe. Pure.

The daily log asks about the last 24 hours; an entry made days later is a memory,
not a recall. They are counted per phase and, when there are any, the primary
estimand is estimated again without them (docs/analysis.md §16). The verdict does
not change; the sensitivity analysis is reported beside it.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from skingarden.analysis.ar1 import fit_contrasts
from skingarden.analysis.records import (
    PHASES,
    DayRecord,
    Estimate,
    contrast,
    day_numbers,
    phase_design,
    value_of,
)
from skingarden.analysis.verdict import enough_data

NONE_LATE = "No day was logged late."
TOO_FEW_LEFT = (
    "Without the late entries there are {baseline} baseline and {kefir} kefir days "
    "after the lag, too few to estimate the effect again."
)


@dataclass(frozen=True)
class LateEntries:
    n_late: dict[str, int]  # per phase, among the days with a value
    without_late: Estimate | None
    note: str  # why there is no estimate without them ("" when there is one)

    @property
    def total(self) -> int:
        return sum(self.n_late.values())


def late_entries(observed: Sequence[DayRecord], *, refit: bool) -> LateEntries:
    """Count the late days per phase and (with ``refit``) estimate the primary
    estimand without them.

    Parameters
    ----------
    observed : the analysed days (with a value), in day order.
    refit : estimate again without the late days (the primary outcome only).
    """
    n_late = {p: sum(1 for r in observed if r.phase == p and r.late) for p in PHASES}
    if not any(n_late.values()):
        return LateEntries(n_late, None, NONE_LATE)
    if not refit:
        return LateEntries(n_late, None, "")
    kept = [r for r in observed if not r.late]
    baseline = sum(1 for r in kept if r.phase == "baseline")
    kefir = sum(1 for r in kept if r.phase == "intervention")
    if enough_data(baseline, kefir) is not None:
        return LateEntries(
            n_late, None, TOO_FEW_LEFT.format(baseline=baseline, kefir=kefir)
        )
    design, names = phase_design(kept)
    fit = fit_contrasts(
        [value_of(r) for r in kept],
        day_numbers(kept, kept[0].day),
        design,
        [contrast(names, "intervention")],
    )[0]
    return LateEntries(n_late, Estimate.of(fit), "")
