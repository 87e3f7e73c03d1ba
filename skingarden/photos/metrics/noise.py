"""Measurement error of a photo metric from repeated shots.

Each session has two shots taken a few seconds apart and re-framed between them, so
their difference is the metric's own noise (framing, light, camera), not a change of
the skin. The within-session standard deviation, pooled over sessions, is the
standard error of measurement (SEM); the smallest detectable change between two
sessions is SDC = 1.96 × √2 × SEM: a difference between two single measurements
smaller than that is within what the measurement's noise alone gives 95 % of the
time.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from skingarden.photos.metrics import PhotoError

MIN_SESSIONS = 3  # sessions with at least two shots
Z_95 = 1.96

NOT_ENOUGH_SESSIONS = (
    "The measurement error needs at least {minimum} sessions with two shots each; "
    "there {verb} {count} so far."
)
NOT_A_NUMBER = "Every measurement must be a finite number."
WITHIN_NOISE = "within measurement noise"
BEYOND_NOISE = "larger than the measurement noise"
NOISE_UNKNOWN = "measurement noise not yet known"


@dataclass(frozen=True)
class MeasurementError:
    sessions: int  # sessions with at least two shots
    sem: float | None
    sdc: float | None
    reason: str | None  # why there is no SEM, when there is none


def measurement_error(sessions: Sequence[Sequence[float]]) -> MeasurementError:
    """SEM and SDC from repeated shots within sessions.

    Parameters
    ----------
    sessions : sequence of sequences of float
        The metric of each shot, grouped by session. Sessions with one shot add
        nothing and are left out.

    Returns
    -------
    MeasurementError
        ``sem`` is the pooled within-session standard deviation,
        √(Σ (x − x̄ₛ)² / Σ (nₛ − 1)); for pairs this is √(Σ d² / 2k). With fewer
        than ``MIN_SESSIONS`` sessions of two or more shots, ``sem`` and ``sdc``
        are None and ``reason`` says why.

    Raises
    ------
    PhotoError
        ``NOT_A_NUMBER`` for a NaN or infinite value.

    References
    ----------
    Bland JM, Altman DG. Measurement error. BMJ 1996;313:744.
    de Vet HCW, Terwee CB, Knol DL, Bouter LM. When to use agreement versus
    reliability measures. J Clin Epidemiol 2006;59:1033-1039.
    """
    values = [value for session in sessions for value in session]
    if not all(math.isfinite(value) for value in values):
        raise PhotoError(NOT_A_NUMBER)
    repeated = [list(session) for session in sessions if len(session) >= 2]
    if len(repeated) < MIN_SESSIONS:
        verb = "is" if len(repeated) == 1 else "are"
        reason = NOT_ENOUGH_SESSIONS.format(
            minimum=MIN_SESSIONS, verb=verb, count=len(repeated)
        )
        return MeasurementError(len(repeated), None, None, reason)
    squares = sum(_sum_of_squares(session) for session in repeated)
    freedom = sum(len(session) - 1 for session in repeated)
    sem = math.sqrt(squares / freedom)
    return MeasurementError(len(repeated), sem, Z_95 * math.sqrt(2) * sem, None)


def change_label(change: float, error: MeasurementError) -> str:
    """``WITHIN_NOISE`` when ``|change|`` is smaller than the SDC,
    ``BEYOND_NOISE`` when it is not, ``NOISE_UNKNOWN`` without an SDC."""
    if error.sdc is None:
        return NOISE_UNKNOWN
    return WITHIN_NOISE if abs(change) < error.sdc else BEYOND_NOISE


def _sum_of_squares(session: Sequence[float]) -> float:
    mean = sum(session) / len(session)
    return sum((value - mean) ** 2 for value in session)
