"""An outcome's answer in words, for every page that gives it (the report, the PDF,
the dashboard) and for ``skingarden analyse``. Pure: an ``OutcomeAnalysis`` and the
measure's ``Terms`` in, sentences out (docs/analysis.md §14).

The effect sentence uses the numbers the verdict was decided on (for a count
outcome, the count model's difference a day); the chances come from the Bayesian
summary; the warnings say, one sentence each, what could move the result: a
co-treatment used more in one phase, a co-treatment used in answer to symptoms,
late entries.
"""

from dataclasses import dataclass

from skingarden.analysis.cotreatments import (
    CoTreatmentCheck,
    usage_phrase,
    why_not_adjusted,
)
from skingarden.analysis.late import LateEntries
from skingarden.analysis.outcome import OutcomeAnalysis
from skingarden.analysis.wording import Terms, chances_sentence, effect_sentence


@dataclass(frozen=True)
class Answer:
    verdict: str  # one of verdict.VERDICTS
    reason: str  # the verdict's sentence
    effect: str  # the estimate and its interval in words ("" when not estimated)
    chances: str  # P(any improvement) and P(one that matters) ("" without them)
    warnings: tuple[str, ...]


def describe(analysis: OutcomeAnalysis, terms: Terms) -> Answer:
    """Say ``analysis`` in words, in the terms of its measure."""
    verdict = analysis.verdict
    bounds = _verdict_numbers(analysis)
    effect = effect_sentence(*bounds, terms) if bounds else ""
    bayes = analysis.bayes
    chances = (
        chances_sentence(
            bayes.p_benefit, bayes.p_meaningful, analysis.spec.threshold, terms
        )
        if bayes is not None
        else ""
    )
    warnings = [*co_treatment_sentences(analysis.co_treatments, terms)]
    if analysis.late is not None and analysis.late.total:
        warnings.append(late_sentence(analysis.late, terms))
    return Answer(verdict.label, verdict.reason, effect, chances, tuple(warnings))


def _verdict_numbers(analysis: OutcomeAnalysis) -> tuple[float, float, float] | None:
    if analysis.counts is not None:
        c = analysis.counts
        return c.difference, c.diff_low, c.diff_high
    if analysis.effect is not None:
        e = analysis.effect
        return e.value, e.ci_low, e.ci_high
    return None


def co_treatment_sentences(check: CoTreatmentCheck | None, terms: Terms) -> list[str]:
    """One sentence for an imbalance (with the adjusted result, or why there is
    none to rely on), and one for each co-treatment used in answer to symptoms."""
    if check is None:
        return []
    sentences = []
    if check.imbalanced:
        usage = _capital(usage_phrase(check.imbalanced, terms.treatment))
        adjusted = check.adjusted
        if check.adjustment_usable and adjusted is not None:
            taken = effect_sentence(
                adjusted.value, adjusted.ci_low, adjusted.ci_high, terms, opening=False
            )
            sentences.append(
                f"{usage}, a difference that could move the result on its own; with "
                f"those days taken into account, {taken}"
            )
        elif check.follows_symptoms:  # the sentence below says why
            sentences.append(
                f"{usage}, a difference that could move the result on its own."
            )
        else:
            sentences.append(
                f"{usage}, a difference that could move the result on its own, and "
                f"{why_not_adjusted(check, terms.treatment)}."
            )
    worse = "higher" if terms.lower_is_better else "lower"
    whose = f"{terms.owner.lower()} {terms.measure}".strip()
    sentences += [
        f"{_capital(use.label)} was used more often after days when {whose} was "
        f"{worse}: when use follows symptoms, taking it into account cannot separate "
        f"its effect from {terms.treatment}'s, so no result is claimed from that "
        "analysis."
        for use in check.follows_symptoms
    ]
    return sentences


def late_sentence(late: LateEntries, terms: Terms) -> str:
    """ "3 days were logged more than a day late (1 baseline, 2 kefir); without them,
    your worst itch was …"."""
    parts = [
        f"{late.n_late[phase]} {name}"
        for phase, name in (
            ("baseline", "baseline"),
            ("lag", "onset-lag"),
            ("intervention", terms.treatment),
            ("follow_up", "follow-up"),
        )
        if late.n_late[phase]
    ]
    days = "1 day was" if late.total == 1 else f"{late.total} days were"
    opening = f"{days} logged more than a day late ({', '.join(parts)})"
    estimate = late.without_late
    if estimate is None:
        return f"{opening}. {late.note}"
    without = effect_sentence(
        estimate.value, estimate.ci_low, estimate.ci_high, terms, opening=False
    )
    return f"{opening}; without them, {without}"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
