"""``skingarden analyse``: analyse any CSV of daily values. No Django is loaded."""

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from skingarden.analysis import AnalysisError
from skingarden.analysis.csvfile import Columns, Series, read_series
from skingarden.analysis.outcome import OutcomeAnalysis, OutcomeSpec, analyse_outcome
from skingarden.analysis.verdict import MIN_BASELINE, MIN_INTERVENTION

USAGE_ERROR = 2


def analyse_command(args: Any) -> int:
    columns = Columns(args.date_col, args.value_col, args.phase_col, args.series_col)
    try:
        with Path(args.file).open(encoding="utf-8-sig", newline="") as handle:
            all_series = read_series(
                handle,
                columns,
                baseline=args.baseline,
                intervention=args.intervention,
                lag=args.lag,
            )
        spec = OutcomeSpec(
            measure=args.value_col,
            label=args.value_col,
            unit="",
            threshold=args.threshold,
            lower_is_better=not args.higher_is_better,
            lag=args.lag,
            prior_sd=_prior_sd(all_series),
        )
        results = [(series, _analyse(series, spec)) for series in all_series]
    except OSError as error:
        return _fail(f"cannot read {args.file}: {error.strerror}.")
    except AnalysisError as error:
        return _fail(str(error))
    if args.json:
        print(json.dumps([_as_json(s, r) for s, r in results], indent=2))
    else:
        for series, result in results:
            print(_as_text(series, result, spec))
    return 0


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
    interval = stats.ttest_ind(after, base).confidence_interval()
    return {
        "difference": float(np.mean(after) - np.mean(base)),
        "ci_low": float(interval.low),
        "ci_high": float(interval.high),
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


def _as_text(series: Series, result: OutcomeAnalysis, spec: OutcomeSpec) -> str:
    assert result.effect is not None and result.effect_rho0 is not None  # noqa: S101
    effect, naive, trend = result.effect, _naive(series), result.effect_with_trend
    trend_text = (
        ""
        if trend is None
        else f"; with a linear trend {trend.value:+.2f} "
        f"({trend.ci_low:+.2f} to {trend.ci_high:+.2f})"
    )
    lines = [
        f"Series {series.name}: {result.verdict.label}",
        f"  effect (intervention minus baseline): {effect.value:+.2f}, "
        f"95% interval {effect.ci_low:+.2f} to {effect.ci_high:+.2f}",
        f"  AR(1) ρ (posterior mean) {result.rho:.2f}; with ρ = 0: "
        f"{result.effect_rho0.value:+.2f} ({result.effect_rho0.ci_low:+.2f} to "
        f"{result.effect_rho0.ci_high:+.2f}){trend_text}",
        f"  naive difference of means {naive['difference']:+.2f} "
        f"(t interval {naive['ci_low']:+.2f} to {naive['ci_high']:+.2f})",
        f"  days with a value: baseline {result.n_baseline}, intervention "
        f"{result.n_intervention}; lag {spec.lag} day(s); threshold {spec.threshold:g}",
        f"  {result.verdict.reason}",
    ]
    lines += [f"  note: {note}" for note in series.notes]
    return "\n".join(lines)


def _fail(message: str) -> int:
    print(f"skingarden analyse: {message}", file=sys.stderr)
    return USAGE_ERROR
