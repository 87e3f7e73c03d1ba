"""A whole programme's analysis: the primary outcome in full, each secondary daily
outcome by the primary estimand, the weekly questionnaires, and adherence. Pure."""

from collections.abc import Mapping, Sequence
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
    co_treatments: Mapping[str, Mapping[str, str]] | None = None,
) -> ProgrammeAnalysis:
    """``specs[0]`` is the primary outcome; ``series`` maps each measure to its days;
    ``co_treatments`` maps a measure to the co-treatments that can move it (key to
    plain name)."""
    if not specs:
        raise AnalysisError("There is no outcome to analyse.")
    moving = co_treatments or {}
    primary = analyse_outcome(
        series[specs[0].measure],
        specs[0],
        random_start,
        co_treatments=moving.get(specs[0].measure),
    )
    secondary = tuple(
        analyse_outcome(
            series[spec.measure],
            spec,
            full=False,
            co_treatments=moving.get(spec.measure),
        )
        for spec in specs[1:]
    )
    return ProgrammeAnalysis(primary, secondary, tuple(weekly), interim)
