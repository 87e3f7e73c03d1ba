"""Pooled results across a practitioner's consenting clients who finished the same
protocol: the reads, and the hand-over to the pure meta-analysis.

"The same protocol" is the same programme template with the same primary outcome,
so every effect is on one scale. Each client's effect is the one stored with their
finished report (computed once, when the report is built), so pooling a thousand
clients reads a thousand rows instead of re-running a thousand analyses. A client
whose report is missing or out of date gets a build queued and is counted as
pending until it is ready.
"""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from skingarden.accounts.models import User
from skingarden.analysis.pooled import (
    ClientEffect,
    PooledAnalysis,
    ShrunkenEffect,
    pool_effects,
)
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import Programme
from skingarden.reports.forest import forest_spec
from skingarden.reports.models import Report
from skingarden.reports.selectors import report_as_of, report_key
from skingarden.reports.services import report_request
from skingarden.sharing.models import Consent
from skingarden.sharing.selectors import require_practitioner

QUEUED_OR_RUNNING = (Report.Status.QUEUED, Report.Status.RUNNING)


@dataclass(frozen=True)
class ClientRowEstimate:
    label: str
    estimate: float
    low: float
    high: float


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
    def forest_id(self) -> str:
        return f"forest-{self.template}-{self.measure}"

    @property
    def rows(self) -> list[tuple[ClientRowEstimate, ShrunkenEffect]]:
        """Each client's own estimate beside their shrunken one, for the table."""
        fit = self.analysis.primary if self.analysis else None
        if fit is None:
            return []
        own = [
            ClientRowEstimate(
                client.consent.participant.email,
                client.effect["estimate"],
                client.effect["ci_low"],
                client.effect["ci_high"],
            )
            for client in self.clients
        ]
        return list(zip(own, fit.shrunken, strict=True))


def pooled_groups(*, practitioner: User, now: datetime) -> list[PooledGroup]:
    """One group per protocol, each pooled when it has at least three clients."""
    require_practitioner(practitioner)
    groups: dict[tuple[str, str], PooledGroup] = {}
    for consent, programme, report in _finished(practitioner, now):
        key = (programme.template, programme.primary_measure)
        group = groups.setdefault(key, PooledGroup(*key))
        _place(group, consent, programme, report, now)
    for group in groups.values():
        _pool(group)
    return sorted(
        groups.values(), key=lambda g: (-len(g.clients), g.template, g.measure)
    )


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
        lower_is_better = bool(group.clients[0].effect.get("lower_is_better", True))
        group.chart = forest_spec(
            group.analysis, unit=group.unit, lower_is_better=lower_is_better
        )
