"""The split-body comparison: kefir in a carrier on one side of the body, the carrier
alone on the matched site of the other side, each rated every day. Pure: plain
records in, a frozen result out.

The series analysed is the daily difference, kefir site minus carrier site. Anything
that moves both sites alike on a day (the weather, stress, the kefir drunk, a flare
of the whole skin) drops out of it, so what is left is what the topical mixture does
beyond its carrier. Its change from the days before topical use (``baseline``) to the
topical days after the onset lag (``intervention``) is estimated exactly as the
primary outcome is (``analysis.outcome.analyse_outcome``: AR(1) errors with ρ
integrated out, the Bayesian summary, the written verdict rules), read against the
primary outcome's meaningful change. The baseline difference is the pre-topical gap
between the two sites, which the change is measured from.

Phases are labelled by the caller as for the primary outcome: ``baseline``, ``lag``
(the first topical days, analysed separately), ``intervention`` and ``follow_up``.

References
----------
Research Techniques Made Simple: randomized controlled trials for topical drugs in
dermatology: when and how should we use a within-person design? J Invest Dermatol
2020;140:931-938 (doi:10.1016/j.jid.2020.03.945).
Pandis N et al. CONSORT 2010 extension for within-person randomised trials. BMJ
2017;357:j2835.
Vohra S et al. CENT 2015. BMJ 2015;350:h1738 (items 3a design, 6a outcomes, 11a
blinding).
"""

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

from skingarden.analysis.outcome import (
    PHASES,
    DayRecord,
    OutcomeAnalysis,
    OutcomeSpec,
    analyse_outcome,
)

DIFFERENCE_MEASURE = "site_difference"
TOPICAL_PHASES = ("lag", "intervention")
METHOD = (
    "Each day's rating on the kefir site minus the rating on the carrier-only site is "
    "one series; the mean difference on the topical days after the onset lag minus "
    "its mean on the baseline days (before any topical use) is estimated as the "
    "primary outcome is, with AR(1) errors (GLS, ρ integrated out over its REML "
    "likelihood). A day with either site unrated is missing; nothing is filled in."
)
NOT_BLINDED = (
    "Not blinded: the participant applies both mixtures and knows which side has the "
    "kefir, so expecting it to help can colour that side's ratings."
)


@dataclass(frozen=True)
class SiteDay:
    """One programme day of a split-body design.

    ``applied`` says whether the topical mixture was applied as planned that day
    (None: not recorded); it is read on topical days only.
    """

    day: date
    phase: str
    kefir_site: float | None
    carrier_site: float | None
    applied: bool | None = None


@dataclass(frozen=True)
class TopicalAdherence:
    """The topical days (onset lag and after) and how many had the mixture applied
    as planned, not applied, or nothing recorded."""

    topical_days: int
    applied: int
    not_applied: int
    not_recorded: int


@dataclass(frozen=True)
class SplitBodyAnalysis:
    difference: OutcomeAnalysis
    records: tuple[DayRecord, ...]
    adherence: TopicalAdherence
    blinded: bool = False
    blinding: str = NOT_BLINDED
    method: str = METHOD

    @property
    def spec(self) -> OutcomeSpec:
        return self.difference.spec

    @property
    def n_missing(self) -> dict[str, int]:
        """Days with either site unrated, per phase."""
        return self.difference.n_missing


def difference_spec(primary: OutcomeSpec) -> OutcomeSpec:
    """The difference series' outcome: the primary outcome's unit, meaningful change,
    direction, prior and onset lag.

    A difference of two counts is not a count (it can be negative), so it is always
    analysed as a continuous outcome.

    Parameters
    ----------
    primary : the primary outcome, rated on each site.

    Returns
    -------
    The OutcomeSpec of kefir site minus carrier site.
    """
    return replace(
        primary,
        measure=DIFFERENCE_MEASURE,
        label=f"{primary.label}: kefir site minus carrier-only site",
        kind="continuous",
    )


def difference_records(days: Sequence[SiteDay]) -> list[DayRecord]:
    """One record per day: kefir site minus carrier site, or no value when either
    site is unrated. The ``adherent`` flag carries ``applied`` on topical days."""
    return [
        DayRecord(
            day=d.day,
            phase=d.phase,
            value=_difference(d),
            adherent=d.applied if d.phase in TOPICAL_PHASES else None,
        )
        for d in days
    ]


def _difference(day: SiteDay) -> float | None:
    if day.kefir_site is None or day.carrier_site is None:
        return None
    return float(day.kefir_site) - float(day.carrier_site)


def topical_adherence(days: Sequence[SiteDay]) -> TopicalAdherence:
    """Count the topical days by whether the mixture was applied as planned."""
    topical = [d.applied for d in days if d.phase in TOPICAL_PHASES]
    return TopicalAdherence(
        topical_days=len(topical),
        applied=sum(1 for a in topical if a is True),
        not_applied=sum(1 for a in topical if a is False),
        not_recorded=sum(1 for a in topical if a is None),
    )


def analyse_split_body(
    days: Sequence[SiteDay], primary: OutcomeSpec
) -> SplitBodyAnalysis:
    """Estimate how the gap between the kefir site and the carrier-only site changed
    once the topical mixture was applied.

    Parameters
    ----------
    days : every analysed programme day in order, rated or not, each with its phase
        (baseline, lag, intervention, follow_up; other labels are ignored).
    primary : the primary outcome's spec; the difference is read against its
        meaningful change and direction (``difference_spec``).

    Returns
    -------
    SplitBodyAnalysis
        ``difference`` is the full analysis of the difference series (the estimate on
        days the mixture was applied as planned is its ``adherent``), with the days
        missing per phase, the topical adherence and the blinding statement.

    Raises
    ------
    AnalysisError
        If there are no days, or they are not in order or repeat a day.

    Notes
    -----
    A change of −2 when lower is better means the kefir site improved by two points
    more than the carrier-only site (or worsened by two less), beyond any gap the two
    sites had before topical use.
    """
    records = difference_records(days)
    analysis = analyse_outcome(records, difference_spec(primary))
    return SplitBodyAnalysis(
        difference=analysis,
        records=tuple(records),
        adherence=topical_adherence([d for d in days if d.phase in PHASES]),
    )
