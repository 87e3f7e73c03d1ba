"""How long you need: the assurance of the planned length and of +7 and +14 kefir
days, computed from the person's own baseline days with the protocol's analysis,
threshold and onset lag (``analysis.assurance``; docs/analysis.md §17).

One computation takes 0.2-0.5 s (bench/assurance.py), so it is kept in the cache
per programme revision: any write that changes the baseline days or the phases
bumps the revision (``programme_touch``), and the same revision always gives the
same answer (the simulation's seed is fixed).
"""

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from datetime import date, timedelta
from typing import Any

from django.core.cache import cache

from skingarden.analysis import AnalysisError
from skingarden.analysis.assurance import assurance
from skingarden.analysis.outcome import DayRecord
from skingarden.analysis.wording import assurance_sentence, has_threshold
from skingarden.programmes.models import CheckIn, Programme
from skingarden.programmes.plan import EXTENSION_CHOICES, PhaseKind, PlannedPhase
from skingarden.programmes.terms import terms_for

CACHE_SECONDS = 7 * 24 * 3600  # a revision's figure never changes; this only frees room
# The dashboard shows the figure from this many days before the baseline ends until
# the onset lag is over (docs/analysis.md §17: when it still matters).
DAYS_BEFORE_KEFIR = 2
NO_BASELINE = "There is no baseline to plan from."
NO_THRESHOLD = "No change that matters was set, so there is nothing to plan for."


@dataclass(frozen=True)
class Planning:
    """The figure a person sees, and what it assumed."""

    by_length: dict[int, float]  # kefir days (the lag included) → chance
    effect: float  # the improvement assumed, in the outcome's units (positive)
    lower_is_better: bool
    lag: int
    n_baseline: int  # logged baseline days it was computed from
    sentence: str
    note: str = ""  # why there is no figure ("" when there is one)
    lengths: list[int] = field(default_factory=list)

    @property
    def shown(self) -> bool:
        return not self.note

    def as_details(self) -> dict[str, Any]:
        """The figure as an amendment's ``details`` keep it (JSON)."""
        details = asdict(self)
        details["by_length"] = {str(n): p for n, p in self.by_length.items()}
        details.pop("lengths")
        return details


def planned_kefir_days(phases: Sequence[PlannedPhase]) -> int:
    """Kefir days in the current plan, the onset lag included."""
    return sum(p.days for p in phases if p.kind.takes_kefir)


def planning_lengths(phases: Sequence[PlannedPhase]) -> list[int]:
    planned = planned_kefir_days(phases)
    return [planned, *(planned + extra for extra in EXTENSION_CHOICES)]


def planning_matters(
    phases: Sequence[PlannedPhase], today: date, onset_lag: int
) -> bool:
    """Whether the dashboard shows the figure today: from the last
    ``DAYS_BEFORE_KEFIR`` baseline days until the onset lag is over. Before that
    too few baseline days are logged; after it the kefir days themselves say more
    than a plan made from the baseline (the extension form still shows it)."""
    baseline = next((p for p in phases if p.kind is PhaseKind.BASELINE), None)
    kefir = next((p for p in phases if p.kind.takes_kefir), None)
    if baseline is None or kefir is None:
        return False
    first_shown = kefir.start - timedelta(days=DAYS_BEFORE_KEFIR)
    return first_shown <= today < kefir.start + timedelta(days=max(onset_lag, 1))


def programme_planning(
    *, programme: Programme, phases: Sequence[PlannedPhase]
) -> Planning:
    """The assurance for the planned length and +7 and +14 kefir days (cached per
    revision). ``phases`` are the programme's current phases."""
    key = f"planning:{programme.code}:{programme.revision}"
    cached = cache.get(key)
    if isinstance(cached, Planning):
        return cached
    planning = _computed(programme, phases)
    cache.set(key, planning, CACHE_SECONDS)
    return planning


def _computed(programme: Programme, phases: Sequence[PlannedPhase]) -> Planning:
    outcome = programme.protocol.primary_outcome
    lower = outcome.direction == "lower_is_better"
    lag = programme.protocol.onset_lag_days
    lengths = planning_lengths(phases)
    blank = Planning({}, outcome.threshold, lower, lag, 0, "", lengths=lengths)
    baseline = _baseline_records(programme, phases)
    if not baseline:
        return replace(blank, note=NO_BASELINE)
    if not has_threshold(outcome.threshold):
        return replace(blank, note=NO_THRESHOLD)
    try:
        result = assurance(
            baseline,
            effect_size=outcome.threshold,
            threshold=outcome.threshold,
            lower_is_better=lower,
            lag=lag,
            lengths=lengths,
        )
    except AnalysisError as error:
        return replace(blank, note=str(error))
    terms = terms_for(outcome.measure, lower_is_better=lower)
    return Planning(
        by_length=result.by_length,
        effect=outcome.threshold,
        lower_is_better=lower,
        lag=lag,
        n_baseline=result.n_baseline,
        sentence=assurance_sentence(result.by_length, outcome.threshold, terms),
        lengths=lengths,
    )


def _baseline_records(
    programme: Programme, phases: Sequence[PlannedPhase]
) -> list[DayRecord]:
    """Every baseline day in order, unlogged (and future) days with no value: the
    first kefir day is the day after the last of them (one query)."""
    baseline = next((p for p in phases if p.kind is PhaseKind.BASELINE), None)
    if baseline is None:
        return []
    measure = programme.primary_measure
    values = dict(
        CheckIn.objects.filter(
            programme=programme, date__range=(baseline.start, baseline.end)
        ).values_list("date", measure)
    )
    days = [baseline.start + timedelta(days=n) for n in range(baseline.days)]
    return [DayRecord(day, "baseline", values.get(day)) for day in days]
