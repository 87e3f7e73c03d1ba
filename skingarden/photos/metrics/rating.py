"""Statistics of blinded ratings: the mean rating by phase with a permutation test,
and the agreement of two raters who rated the same photos.

The session is the unit: its photos' ratings are averaged first, and the test
shuffles the phase labels across sessions (the two shots of a session are not two
independent observations). statsmodels and scipy are imported on first use.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from skingarden.photos.metrics import PhotoError

MIN_SESSIONS_PER_PHASE = 3  # fewer gives too few orderings for a test (3 + 3: 20)
MIN_PAIRS = 2
RATING_CATEGORIES = (0, 1, 2, 3)

NOT_A_NUMBER = "Every rating must be a finite number."
MIXED_PHASES = "Session {session} has ratings in more than one phase."
TOO_FEW_SESSIONS = (
    "A test needs at least {minimum} rated sessions in each of {baseline} and "
    "{comparison}; there are {n_baseline} and {n_comparison}."
)
OUTSIDE_CATEGORIES = "Every rating must be one of {categories}."
TOO_FEW_PAIRS = "Agreement needs at least {minimum} photos rated by both raters."
NO_SPREAD = (
    "Agreement cannot be computed: both raters gave every photo the same rating."
)


@dataclass(frozen=True)
class SessionRating:
    session: str
    phase: str
    rating: float


@dataclass(frozen=True)
class PhaseMean:
    phase: str
    mean: float
    sessions: int


@dataclass(frozen=True)
class PhaseComparison:
    phases: tuple[PhaseMean, ...]  # every phase rated, in the order first seen
    baseline: str
    comparison: str
    difference: float | None  # comparison minus baseline
    p_value: float | None  # two-sided
    reason: str | None  # why there is no test, when there is none


@dataclass(frozen=True)
class Agreement:
    kappa: float | None  # quadratic-weighted
    photos: int
    reason: str | None


def ratings_by_phase(
    ratings: Sequence[SessionRating],
    *,
    seed: int,
    baseline: str = "baseline",
    comparison: str = "intervention",
    resamples: int = 9999,
) -> PhaseComparison:
    """Mean blinded rating per phase, and a permutation test of the difference.

    Parameters
    ----------
    ratings : sequence of SessionRating
        One rater's ratings of one sign, photo by photo.
    seed : int
        Seed of the random orderings, so a result can be reproduced.
    baseline, comparison : str
        The two phases compared.
    resamples : int
        Random orderings drawn; when there are fewer distinct orderings, scipy
        enumerates them all and the p-value is exact.

    Returns
    -------
    PhaseComparison
        The difference of the phases' means of session means and its two-sided
        p-value; None with a ``reason`` when either phase has fewer than
        ``MIN_SESSIONS_PER_PHASE`` sessions.

    Raises
    ------
    PhotoError
        ``NOT_A_NUMBER``; ``MIXED_PHASES`` when one session has two phases.

    References
    ----------
    Good PI. Permutation, Parametric and Bootstrap Tests of Hypotheses. 3rd ed.
    Springer; 2005. Phipson B, Smyth GK. Permutation p-values should never be zero.
    Stat Appl Genet Mol Biol 2010;9:39.
    """
    sessions = _session_means(ratings)
    by_phase: dict[str, list[float]] = {}
    for phase, mean in sessions.values():
        by_phase.setdefault(phase, []).append(mean)
    phases = tuple(PhaseMean(p, float(np.mean(v)), len(v)) for p, v in by_phase.items())
    first, second = by_phase.get(baseline, []), by_phase.get(comparison, [])
    if min(len(first), len(second)) < MIN_SESSIONS_PER_PHASE:
        reason = TOO_FEW_SESSIONS.format(
            minimum=MIN_SESSIONS_PER_PHASE,
            baseline=baseline,
            comparison=comparison,
            n_baseline=len(first),
            n_comparison=len(second),
        )
        return PhaseComparison(phases, baseline, comparison, None, None, reason)
    difference, p_value = _permutation_test(second, first, seed, resamples)
    return PhaseComparison(phases, baseline, comparison, difference, p_value, None)


def rater_agreement(
    pairs: Sequence[tuple[int, int]],
    categories: Sequence[int] = RATING_CATEGORIES,
) -> Agreement:
    """Quadratic-weighted Cohen's kappa of two raters on the same photos.

    Parameters
    ----------
    pairs : sequence of (int, int)
        Per photo rated by both: the first rater's and the second rater's rating.
    categories : sequence of int
        The scale's ordered categories; all of them enter the weights, used or not.

    Returns
    -------
    Agreement
        Computed by statsmodels' ``cohens_kappa`` with ``wt="quadratic"``; None
        with a ``reason`` for fewer than ``MIN_PAIRS`` photos or when every rating
        is the same (the chance agreement is then complete).

    Raises
    ------
    PhotoError
        ``OUTSIDE_CATEGORIES``.

    References
    ----------
    Cohen J. Weighted kappa: nominal scale agreement with provision for scaled
    disagreement or partial credit. Psychol Bull 1968;70:213-220.
    Fleiss JL, Cohen J. The equivalence of weighted kappa and the intraclass
    correlation coefficient as measures of reliability. Educ Psychol Meas
    1973;33:613-619.
    """
    index = {category: position for position, category in enumerate(categories)}
    if any(a not in index or b not in index for a, b in pairs):
        raise PhotoError(OUTSIDE_CATEGORIES.format(categories=tuple(categories)))
    if len(pairs) < MIN_PAIRS:
        return Agreement(None, len(pairs), TOO_FEW_PAIRS.format(minimum=MIN_PAIRS))
    if len({rating for pair in pairs for rating in pair}) == 1:
        return Agreement(None, len(pairs), NO_SPREAD)
    from statsmodels.stats.inter_rater import cohens_kappa

    table = np.zeros((len(categories), len(categories)))
    for a, b in pairs:
        table[index[a], index[b]] += 1
    kappa = cohens_kappa(table, wt="quadratic", return_results=False)
    return Agreement(float(kappa), len(pairs), None)


def _session_means(ratings: Sequence[SessionRating]) -> dict[str, tuple[str, float]]:
    if not all(math.isfinite(r.rating) for r in ratings):
        raise PhotoError(NOT_A_NUMBER)
    grouped: dict[str, tuple[str, list[float]]] = {}
    for r in ratings:
        phase, values = grouped.setdefault(r.session, (r.phase, []))
        if phase != r.phase:
            raise PhotoError(MIXED_PHASES.format(session=r.session))
        values.append(r.rating)
    return {s: (phase, float(np.mean(v))) for s, (phase, v) in grouped.items()}


def _permutation_test(
    comparison: list[float], baseline: list[float], seed: int, resamples: int
) -> tuple[float, float]:
    from scipy import stats

    def difference(
        x: npt.NDArray[np.float64], y: npt.NDArray[np.float64], axis: int
    ) -> npt.NDArray[np.float64]:
        return np.asarray(np.mean(x, axis=axis) - np.mean(y, axis=axis))

    result = stats.permutation_test(
        (comparison, baseline),
        difference,
        permutation_type="independent",
        vectorized=True,
        n_resamples=resamples,
        alternative="two-sided",
        rng=np.random.default_rng(seed),
    )
    return float(result.statistic), float(result.pvalue)
