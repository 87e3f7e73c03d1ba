"""``skingarden analyse``: analyse any CSV of daily values, or (``--plan``) say from
its baseline days how likely a programme is to show an improvement. No Django is
loaded. The text output says results in words (``wording``); signed numbers are
in the JSON only, beside the direction of benefit."""

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from skingarden.analysis import AnalysisError
from skingarden.analysis.answer import describe
from skingarden.analysis.assurance import (
    BAD_EFFECT,
    BAD_LENGTH,
    Assurance,
    assurance,
)
from skingarden.analysis.csvfile import Columns, Series, read_series
from skingarden.analysis.outcome import (
    Estimate,
    OutcomeAnalysis,
    OutcomeSpec,
    analyse_outcome,
)
from skingarden.analysis.verdict import MIN_BASELINE, MIN_INTERVENTION
from skingarden.analysis.wording import Terms, assurance_sentence, change, interval

USAGE_ERROR = 2
DEFAULT_LENGTHS = (21, 28, 35)
NEEDS_THRESHOLD = "--plan needs --threshold (the change that matters to you)."
THRESHOLD_NOT_POSITIVE = "--threshold must be above 0 with --plan."
PLAN_ONLY = "--effect and --lengths apply only with --plan."
BAD_LENGTHS = (
    "--lengths takes whole numbers of kefir days separated by commas, such as 21,28,35."
)
OTHER_PHASES = "Rows of other phases were left out: planning uses the baseline days."


def analyse_command(args: Any) -> int:
    try:
        if args.plan:
            return _plan(args)
        if args.effect is not None or args.lengths is not None:
            raise AnalysisError(PLAN_ONLY)
        all_series = _read(args, need_intervention=True)
        spec = _spec(args, all_series)
        results = [(series, _analyse(series, spec)) for series in all_series]
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror}.")
    except AnalysisError as error:
        return _fail(str(error))
    terms = _terms(args)
    if args.json:
        print(json.dumps([_as_json(s, r) for s, r in results], indent=2))
    else:
        for series, result in results:
            print(_as_text(series, result, spec, terms))
    return 0


def _read(args: Any, *, need_intervention: bool) -> list[Series]:
    columns = Columns(args.date_col, args.value_col, args.phase_col, args.series_col)
    with Path(args.file).open(encoding="utf-8-sig", newline="") as handle:
        return read_series(
            handle,
            columns,
            baseline=args.baseline,
            intervention=args.intervention,
            lag=args.lag,
            need_intervention=need_intervention,
        )


def _spec(args: Any, all_series: list[Series]) -> OutcomeSpec:
    return OutcomeSpec(
        measure=args.value_col,
        label=args.value_col,
        unit="",
        threshold=args.threshold if args.threshold is not None else 0.0,
        lower_is_better=not args.higher_is_better,
        lag=args.lag,
        prior_sd=_prior_sd(all_series),
    )


def _terms(args: Any) -> Terms:
    """The CSV's own names: "Mood was 1.1 higher on melatonin days than on control
    days"."""
    return Terms(
        measure=args.value_col,
        owner="",
        lower_is_better=not args.higher_is_better,
        treatment=args.intervention,
        baseline="at baseline"
        if args.baseline == "baseline"
        else f"on {args.baseline} days",
    )


def _analyse(series: Series, spec: OutcomeSpec) -> OutcomeAnalysis:
    result = analyse_outcome(series.records, spec)
    if result.effect is None:
        raise AnalysisError(
            f"Series “{series.name}” has too few days: it needs at least "
            f"{MIN_BASELINE} "
            f"baseline and {MIN_INTERVENTION} intervention days after the lag with a "
            "value; "
            f"it has {result.n_baseline} and {result.n_intervention}."
        )
    return result


def _prior_sd(all_series: list[Series]) -> float:
    """A weakly informative prior: half the spread of all the values logged."""
    values = [r.value for s in all_series for r in s.records if r.value is not None]
    return max(float(np.ptp(values)) / 2, 1e-6) if values else 1.0


def _naive(series: Series) -> dict[str, float]:
    """The naive comparison: difference of means and a two-sample t interval, as if
    every day were independent and there were no trend."""
    from scipy import stats

    base = [
        r.value for r in series.records if r.phase == "baseline" and r.value is not None
    ]
    after = [
        r.value
        for r in series.records
        if r.phase == "intervention" and r.value is not None
    ]
    interval_ = stats.ttest_ind(after, base).confidence_interval()
    return {
        "difference": float(np.mean(after) - np.mean(base)),
        "ci_low": float(interval_.low),
        "ci_high": float(interval_.high),
    }


def _as_json(series: Series, result: OutcomeAnalysis) -> dict[str, Any]:
    assert result.effect is not None  # noqa: S101 - checked in _analyse
    return {
        "series": series.name,
        "effect": result.effect.value,
        "ci_low": result.effect.ci_low,
        "ci_high": result.effect.ci_high,
        "rho": result.rho,
        "n_baseline": result.n_baseline,
        "n_intervention": result.n_intervention,
        "n_missing": result.n_missing,
        "verdict": result.verdict.label,
        "verdict_reason": result.verdict.reason,
        "effect_rho0": asdict(result.effect_rho0) if result.effect_rho0 else None,
        "naive": _naive(series),
        "effect_with_trend": asdict(result.effect_with_trend)
        if result.effect_with_trend
        else None,
        "bayes": asdict(result.bayes) if result.bayes else None,
        "segmented": asdict(result.segmented) if result.segmented else None,
        "regression_to_mean": result.regression_to_mean.flagged
        if result.regression_to_mean
        else None,
        "method": result.method,
        "notes": series.notes,
    }


def _words(estimate: Estimate) -> str:
    return f"{change(estimate.value)} ({interval(estimate.ci_low, estimate.ci_high)})"


def _as_text(
    series: Series, result: OutcomeAnalysis, spec: OutcomeSpec, terms: Terms
) -> str:
    assert result.effect_rho0 is not None  # noqa: S101 - checked in _analyse
    said = describe(result, terms)
    naive, trend = _naive(series), result.effect_with_trend
    sensitivity = f"with ρ = 0, {_words(result.effect_rho0)}"
    if trend is not None:
        sensitivity += f"; with a linear trend, {_words(trend)}"
    lines = [
        f"Series {series.name}: {result.verdict.label}",
        f"  {said.effect}",
        f"  {said.chances}",
        f"  {result.verdict.reason}",
        f"  sensitivity: {sensitivity}",
        f"  naive difference of means: {change(naive['difference'])} (t interval "
        f"{interval(naive['ci_low'], naive['ci_high'])})",
        f"  AR(1) ρ (posterior mean) {result.rho:.2f}; days with a value: baseline "
        f"{result.n_baseline}, intervention {result.n_intervention}; lag {spec.lag} "
        f"day(s); threshold {spec.threshold:g}",
    ]
    lines += [f"  note: {note}" for note in series.notes]
    return "\n".join(lines)


def _plan(args: Any) -> int:
    """``--plan``: the assurance of each length, from each series' baseline days."""
    if args.threshold is None:
        raise AnalysisError(NEEDS_THRESHOLD)
    if not args.threshold > 0:
        raise AnalysisError(THRESHOLD_NOT_POSITIVE)
    lengths = _lengths(args.lengths)
    effect = args.effect if args.effect is not None else args.threshold
    if not effect > 0:  # the options' own mistake, before any series is read
        raise AnalysisError(BAD_EFFECT)
    plans = []
    for series in _read(args, need_intervention=False):
        baseline = [r for r in series.records if r.phase == "baseline"]
        if len(baseline) < len(series.records):
            series.notes.append(OTHER_PHASES)
        try:
            planned = assurance(
                baseline,
                effect_size=effect,
                threshold=args.threshold,
                lower_is_better=not args.higher_is_better,
                lag=args.lag,
                lengths=lengths,
            )
        except AnalysisError as error:
            raise AnalysisError(f"Series “{series.name}”: {error}") from None
        plans.append((series, planned))
    terms = _terms(args)
    if args.json:
        print(json.dumps([_plan_json(s, p) for s, p in plans], indent=2))
    else:
        for series, planned in plans:
            print(_plan_text(series, planned, effect, terms))
    return 0


def _lengths(text: str | None) -> list[int]:
    if text is None:
        return list(DEFAULT_LENGTHS)
    try:
        lengths = [int(part) for part in text.split(",")]
    except ValueError:
        raise AnalysisError(BAD_LENGTHS) from None
    if any(n < 1 for n in lengths):
        raise AnalysisError(BAD_LENGTH)
    return lengths


def _plan_json(series: Series, planned: Assurance) -> dict[str, Any]:
    return {
        "series": series.name,
        "assurance": {str(n): p for n, p in planned.by_length.items()},
        "effect": planned.effect,
        "lag": planned.lag,
        "threshold": planned.threshold,
        "direction": "lower_is_better"
        if planned.lower_is_better
        else "higher_is_better",
        "n_baseline": planned.n_baseline,
        "simulations": planned.simulations,
        "estimate_reaches": {str(n): p for n, p in planned.estimate_reaches.items()},
        "rho": planned.rho,
        "day_sd": planned.day_sd,
        "notes": series.notes,
    }


def _plan_text(series: Series, planned: Assurance, effect: float, terms: Terms) -> str:
    lines = [
        f"Series {series.name}: planning from {planned.n_baseline} logged baseline "
        "days",
        f"  {assurance_sentence(planned.by_length, effect, terms)}",
        f"  assumed: a true effect of {change(planned.effect)} after an onset lag "
        f"of {planned.lag} day(s) (the lengths include it); threshold "
        f"{planned.threshold:g}; {terms.better} is better; "
        f"{planned.simulations} simulated programmes",
    ]
    lines += [f"  note: {note}" for note in series.notes]
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"skingarden analyse: {message}", file=sys.stderr)
    return USAGE_ERROR
