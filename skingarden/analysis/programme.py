"""A whole programme's analysis: the primary outcome in full, each secondary daily
outcome by the primary estimand, the weekly questionnaires, and adherence. Pure."""

from collections.abc import Sequence
from dataclasses import dataclass

from skingarden.analysis import AnalysisError
from skingarden.analysis.outcome import (
    DayRecord,
    OutcomeAnalysis,
    OutcomeSpec,
    RandomStart,
    analyse_outcome,
)
from skingarden.analysis.weekly import WeeklySummary


@dataclass(frozen=True)
class ProgrammeAnalysis:
    primary: OutcomeAnalysis
    secondary: tuple[OutcomeAnalysis, ...]
    weekly: tuple[WeeklySummary, ...]
    interim: bool

    @property
    def outcomes(self) -> tuple[OutcomeAnalysis, ...]:
        return (self.primary, *self.secondary)


def analyse_programme(
    series: dict[str, Sequence[DayRecord]],
    specs: Sequence[OutcomeSpec],
    *,
    weekly: Sequence[WeeklySummary] = (),
    interim: bool = False,
    random_start: RandomStart | None = None,
) -> ProgrammeAnalysis:
    """``specs[0]`` is the primary outcome; ``series`` maps each measure to its days."""
    if not specs:
        raise AnalysisError("There is no outcome to analyse.")
    primary = analyse_outcome(series[specs[0].measure], specs[0], random_start)
    secondary = tuple(
        analyse_outcome(series[spec.measure], spec, full=False) for spec in specs[1:]
    )
    return ProgrammeAnalysis(primary, secondary, tuple(weekly), interim)
