"""The split-body photo comparison judged by eye: on each day a rater saw the two
sides side by side, placed at random and unnamed, and said which looked better (or
that neither did). The result is the number of days the kefir side was preferred,
with an exact two-sided sign test (binomial, p = 1/2) over the days with a
preference; days judged alike carry no sign and are left out, as a sign test does
with ties. scipy is imported on first use.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from skingarden.photos.metrics import PhotoError

KEFIR, CARRIER, NEITHER = "kefir", "carrier", "neither"
JUDGEMENTS = (KEFIR, CARRIER, NEITHER)

NOT_A_JUDGEMENT = "Each judgement must be one of kefir, carrier or neither."
NO_PREFERENCE = "No day has a preference for one side yet, so there is no test."


@dataclass(frozen=True)
class SignTest:
    kefir: int  # days the kefir side looked better
    carrier: int  # days the carrier side looked better
    neither: int  # days judged alike (left out of the test)
    p_value: float | None  # exact, two-sided
    reason: str | None  # why there is no test, when there is none

    @property
    def judged(self) -> int:
        return self.kefir + self.carrier + self.neither


def side_sign_test(judgements: Sequence[str]) -> SignTest:
    """Count the judgements and test the kefir side's share of the preferences.

    Parameters
    ----------
    judgements : sequence of str
        One per day: ``"kefir"``, ``"carrier"`` or ``"neither"``.

    Returns
    -------
    SignTest
        The counts and scipy's exact binomial p-value (two-sided, p = 1/2) of the
        kefir count among the days with a preference; None with a ``reason`` when
        no day has one.

    Raises
    ------
    PhotoError
        ``NOT_A_JUDGEMENT``.

    References
    ----------
    Dixon WJ, Mood AM. The statistical sign test. J Am Stat Assoc
    1946;41:557-566.
    """
    if any(j not in JUDGEMENTS for j in judgements):
        raise PhotoError(NOT_A_JUDGEMENT)
    kefir, carrier = judgements.count(KEFIR), judgements.count(CARRIER)
    neither = judgements.count(NEITHER)
    if kefir + carrier == 0:
        return SignTest(kefir, carrier, neither, None, NO_PREFERENCE)
    from scipy import stats

    result = stats.binomtest(kefir, kefir + carrier, 0.5, alternative="two-sided")
    return SignTest(kefir, carrier, neither, float(result.pvalue), None)
