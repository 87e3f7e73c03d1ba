"""Pooled results across a practitioner's consenting clients who finished the same
protocol: the reads, and the hand-over to the pure meta-analysis.

"The same protocol" is the same programme template with the same primary outcome,
so every effect is on one scale. Each client's effect is the one stored with their
finished report (computed once, when the report is built), so pooling a thousand
clients reads a thousand rows instead of re-running a thousand analyses. A client
whose report is missing or out of date gets a build queued and is counted as
pending until it is ready.

Each client's interval on the page and in the forest plot is the one their report
shows. Pooling needs a normal distribution for each estimate: it uses the standard
error of a normal interval as wide as the report's (width / 3.92), and the page
says how far that normal interval's ends lie from the report's (docs/pooled.md).
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skingarden.accounts.models import User
from skingarden.analysis.pooled import (
    ClientEffect,
    PooledAnalysis,
    RandomEffectsFit,
    ShrunkenEffect,
    client_interval,
    pool_effects,
)
from skingarden.analysis.wording import (
    Terms,
    change,
    effect_sentence,
    interval,
    number,
    quantity,
    rounded,
    short_unit,
    signed,
    signed_interval,
)
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import Programme
from skingarden.programmes.terms import terms_for
from skingarden.reports.forest import forest_spec
from skingarden.reports.models import Report
from skingarden.reports.selectors import report_as_of, report_key
from skingarden.reports.services import report_request
from skingarden.sharing.models import Consent
from skingarden.sharing.selectors import require_practitioner

QUEUED_OR_RUNNING = (Report.Status.QUEUED, Report.Status.RUNNING)


@dataclass(frozen=True)
class ClientRowEstimate:
    """A client's estimate with the interval their report shows, and the normal
    interval of the same width that pooling uses in its place."""

    label: str
    estimate: float
    low: float
    high: float
    normal_low: float
    normal_high: float

    shrunk: ShrunkenEffect

    @property
    def gap(self) -> float:
        """How far the normal interval's ends lie from the report's, at most."""
        return max(abs(self.normal_low - self.low), abs(self.normal_high - self.high))

    # For the table: signed, one decimal (wording.signed), under a heading that says
    # which way is better.
    @property
    def estimate_text(self) -> str:
        return signed(self.estimate)

    @property
    def interval_text(self) -> str:
        return signed_interval(self.low, self.high)

    @property
    def normal_text(self) -> str:
        return signed_interval(self.normal_low, self.normal_high)

    @property
    def shrunk_text(self) -> str:
        bounds = signed_interval(self.shrunk.interval.low, self.shrunk.interval.high)
        return f"{signed(self.shrunk.estimate)} ({bounds})"


@dataclass(frozen=True)
class PooledClient:
    consent: Consent
    programme: Programme
    effect: dict[str, Any]


@dataclass
class PooledGroup:
    template: str
    measure: str
    clients: list[PooledClient] = field(default_factory=list)
    pending: int = 0
    not_analysable: int = 0
    analysis: PooledAnalysis | None = None
    chart: dict[str, Any] | None = None

    @property
    def label(self) -> str:
        return MEASURES[self.measure].label

    @property
    def unit(self) -> str:
        return MEASURES[self.measure].unit

    @property
    def lower_is_better(self) -> bool:
        return bool(self.clients[0].effect.get("lower_is_better", True))

    @property
    def terms(self) -> Terms:
        return terms_for(self.measure, lower_is_better=self.lower_is_better, owner="")

    @property
    def better_heading(self) -> str:
        way = "lower" if self.lower_is_better else "higher"
        return f"{short_unit(self.unit)}; {way} is better"

    @property
    def fit(self) -> RandomEffectsFit | None:
        return self.analysis.primary if self.analysis else None

    @property
    def pooled_sentence(self) -> str:
        """ "Across these 4 clients, on average: worst itch was 1.2 points lower on
        kefir days than at baseline (95 % interval: …)."""
        fit = self.fit
        if fit is None:
            return ""
        said = effect_sentence(
            fit.estimate, fit.interval.low, fit.interval.high, self.terms, opening=False
        )
        return f"Across these {len(self.clients)} clients, on average: {said}"

    @property
    def prediction_sentence(self) -> str:
        fit = self.fit
        if fit is None:
            return ""
        bounds = interval(fit.prediction.low, fit.prediction.high)
        return (
            f"A new client's own change is expected anywhere from {bounds} (95 % "
            "prediction interval)."
        )

    @property
    def hartung_knapp_sentence(self) -> str:
        fit = self.fit
        if fit is None:
            return ""
        bounds = interval(fit.hartung_knapp.low, fit.hartung_knapp.high)
        return (
            "Allowing for how few clients there are and how much their results "
            f"spread (Hartung–Knapp), the 95 % interval is {bounds}."
        )

    @property
    def dl_sentence(self) -> str:
        dl = self.analysis.dl if self.analysis else None
        if dl is None:
            return ""
        unit = self.terms.unit
        return (
            f"DerSimonian–Laird gives {change(dl.estimate, unit)} (95 % interval: "
            f"{interval(dl.interval.low, dl.interval.high)}), τ² {dl.tau2:.3f}."
        )

    @property
    def normal_gap_sentence(self) -> str:
        """What pooling assumes about each client's interval, and its size."""
        rows = self.rows
        if not rows:
            return ""
        widest = max(rows, key=lambda row: row.gap)
        unit = self.terms.unit
        if rounded(widest.gap) == 0:
            size = f"the two agree to within {quantity('0.1', unit)}"
        else:
            size = (
                f"its ends lie up to {quantity(number(widest.gap), unit)} from the "
                f"report's ({widest.label})"
            )
        return (
            "Each client's interval here is the one in their report. A report's "
            "interval allows for the uncertainty in how alike neighbouring days are, "
            "so it need not be symmetric around the estimate; pooling needs a normal "
            "distribution, so it uses a normal interval of the same width centred on "
            f"the estimate (its standard error is the width divided by 3.92). For "
            f"these clients {size}."
        )

    @property
    def forest_id(self) -> str:
        return f"forest-{self.template}-{self.measure}"

    @property
    def rows(self) -> list[ClientRowEstimate]:
        """Each client's own estimate beside their shrunken one, for the table."""
        analysis = self.analysis
        fit = analysis.primary if analysis else None
        if analysis is None or fit is None:
            return []
        return [
            ClientRowEstimate(
                entered.label,
                entered.estimate,
                client.effect["ci_low"],
                client.effect["ci_high"],
                normal.low,
                normal.high,
                shrunk,
            )
            for client, entered, shrunk in zip(
                self.clients, analysis.clients, fit.shrunken, strict=True
            )
            for normal in [client_interval(entered, analysis.level)]
        ]


def pooled_groups(*, practitioner: User, now: datetime) -> list[PooledGroup]:
    """One group per protocol, each pooled when it has at least three clients."""
    groups = _grouped(practitioner, now)
    for group in groups:
        _pool(group)
    return sorted(groups, key=lambda g: (-len(g.clients), g.template, g.measure))


def pending_count(*, practitioner: User, now: datetime) -> int:
    """How many clients' reports are still being built (a missing or out-of-date one
    is queued, as for the page): all the page's poll needs, so nothing is pooled."""
    return sum(group.pending for group in _grouped(practitioner, now))


def _grouped(practitioner: User, now: datetime) -> list[PooledGroup]:
    require_practitioner(practitioner)
    groups: dict[tuple[str, str], PooledGroup] = {}
    for consent, programme, report in _finished(practitioner, now):
        key = (programme.template, programme.primary_measure)
        group = groups.setdefault(key, PooledGroup(*key))
        _place(group, consent, programme, report, now)
    return list(groups.values())


def _finished(
    practitioner: User, now: datetime
) -> list[tuple[Consent, Programme, Report | None]]:
    """Each client's latest completed shared programme per protocol, with its
    report row (three queries)."""
    consents = list(
        Consent.objects.active(now)
        .filter(practitioner=practitioner)
        .select_related("participant__profile")
        .prefetch_related("programmes")
    )
    latest: dict[tuple[int, str, str], tuple[Consent, Programme]] = {}
    for consent in consents:
        for programme in consent.programmes.all():
            if programme.status != Programme.Status.COMPLETED:
                continue
            programme.owner = consent.participant
            key = (
                consent.participant_id,
                programme.template,
                programme.primary_measure,
            )
            if key not in latest or latest[key][1].created_at < programme.created_at:
                latest[key] = (consent, programme)
    chosen = sorted(latest.values(), key=lambda pair: pair[0].participant.email)
    reports = {
        report.programme_id: report
        for report in Report.objects.defer("html", "pdf").filter(
            programme__in=[programme.pk for _, programme in chosen]
        )
    }
    return [(c, p, reports.get(p.pk)) for c, p in chosen]


def _place(
    group: PooledGroup,
    consent: Consent,
    programme: Programme,
    report: Report | None,
    now: datetime,
) -> None:
    today = now.astimezone(programme.owner.profile.zone).date()
    as_of = report_as_of(programme=programme, today=today)
    current = report is not None and report.key == report_key(
        programme=programme, as_of=as_of
    )
    if report is None or not current or report.status in QUEUED_OR_RUNNING:
        report_request(programme=programme, today=today, now=now)
        group.pending += 1
    elif report.is_ready and report.effect:
        group.clients.append(PooledClient(consent, programme, report.effect))
    else:  # failed, or no estimate (too few days on either side)
        group.not_analysable += 1


def _pool(group: PooledGroup) -> None:
    effects = [
        ClientEffect(
            label=client.consent.participant.email,
            estimate=float(client.effect["estimate"]),
            standard_error=float(client.effect["standard_error"]),
        )
        for client in group.clients
    ]
    group.analysis = pool_effects(effects)
    if group.analysis.primary is not None:
        group.chart = forest_spec(
            group.analysis,
            unit=group.unit,
            lower_is_better=group.lower_is_better,
            intervals={
                client.consent.participant.email: (
                    float(client.effect["ci_low"]),
                    float(client.effect["ci_high"]),
                )
                for client in group.clients
            },
        )


def pending_sentence(pending: int) -> str:
    """ "1 client's results are being computed.", "3 clients' results …"."""
    whose = "1 client's" if pending == 1 else f"{pending} clients'"
    return f"{whose} results are being computed."
