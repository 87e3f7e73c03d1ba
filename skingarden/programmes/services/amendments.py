"""Changes to a programme after its start, each recorded as an amendment: an
extension, a dose change, a shorter baseline, the follow-up, stopping early,
completing, abandoning."""

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from skingarden.programmes import plan
from skingarden.programmes.models import Amendment, Programme
from skingarden.programmes.plan import DOSE_MAX_ML, DOSE_MIN_ML, PhaseKind, PlannedPhase
from skingarden.programmes.services.freshness import locked_open
from skingarden.programmes.services.programmes import amendment_record, phases_replace

REASON_REQUIRED = "Say why, in a few words: it goes on the record."
EXTENSION_DAYS = "An extension is 7 or 14 days."
EXTENSION_NOT_NOW = "You can extend only while you are taking kefir."
DOSE_RANGE = "A daily dose of 5 to 250 ml."
DOSE_NOT_NOW = "The dose can be changed only while you are taking kefir."
DOSE_DATE_PAST = "A dose change takes effect today or later."
BASELINE_NOT_NOW = "The baseline can be shortened only while it is under way."
BASELINE_SHORTEN_RANGE = (
    "The baseline can be cut to {low} to {high} days from today's position."
)
FOLLOW_UP_STARTED = "The follow-up has already started."
FOLLOW_UP_SAME = "That is already the plan."
STOP_BEFORE_KEFIR = (
    "Kefir has not started yet. To end the programme, abandon it instead."
)
COMPLETE_TOO_EARLY = (
    "The programme runs until {day}. To end it sooner, stop early or abandon it."
)


def _require_reason(why: str) -> str:
    if not why.strip():
        raise ValidationError({"why": REASON_REQUIRED})
    return why.strip()


def _kefir_phase_today(phases: list[PlannedPhase], today: date) -> bool:
    return any(p.kind.takes_kefir and p.start <= today <= p.end for p in phases)


@transaction.atomic
def programme_extend(
    *,
    programme: Programme,
    days: int,
    why: str,
    today: date,
    shown: Mapping[str, Any] | None = None,
) -> Programme:
    """Add 7 or 14 kefir days. ``shown`` is the planning figure the person saw on
    the form (``selectors.planning.Planning.as_details``), kept with the amendment
    so the report's methods can say what the decision was made on."""
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    if days not in plan.EXTENSION_CHOICES:
        raise ValidationError({"days": EXTENSION_DAYS})
    if not _kefir_phase_today(phases, today):
        raise ValidationError(EXTENSION_NOT_NOW)
    new_phases = plan.extend(phases, days)
    extension = next(p for p in new_phases if p not in phases)
    phases_replace(programme, new_phases)
    amendment_record(
        programme,
        kind=Amendment.Kind.EXTENSION,
        effective_on=extension.start,
        what=f"Kefir extended by {days} days, to {extension.end.isoformat()}.",
        why=why,
        details={"days": days, **({"assurance": dict(shown)} if shown else {})},
    )
    return programme


@transaction.atomic
def programme_change_dose(
    *, programme: Programme, ml: int, effective_on: date, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    if not DOSE_MIN_ML <= ml <= DOSE_MAX_ML:
        raise ValidationError({"ml": DOSE_RANGE})
    if effective_on < today:
        raise ValidationError({"effective_on": DOSE_DATE_PAST})
    if not any(p.kind.takes_kefir and p.start <= effective_on <= p.end for p in phases):
        raise ValidationError(DOSE_NOT_NOW)
    amendment_record(
        programme,
        kind=Amendment.Kind.DOSE_CHANGE,
        effective_on=effective_on,
        what=f"Daily kefir dose set to {ml} ml (lower ramp steps capped at it).",
        why=why,
        details={"ml": ml},
    )
    return programme


@transaction.atomic
def programme_shorten_baseline(
    *, programme: Programme, days: int, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    baseline = phases[0]
    if (
        baseline.kind is not PhaseKind.BASELINE
        or not baseline.start <= today <= baseline.end
    ):
        raise ValidationError(BASELINE_NOT_NOW)
    lowest = (today - baseline.start).days + 1  # logged days stay baseline days
    if not lowest <= days < baseline.days:
        raise ValidationError(
            {"days": BASELINE_SHORTEN_RANGE.format(low=lowest, high=baseline.days - 1)}
        )
    phases_replace(programme, plan.shorten_baseline(phases, days))
    amendment_record(
        programme,
        kind=Amendment.Kind.SHORTENED_BASELINE,
        effective_on=baseline.start + timedelta(days=days),
        what=f"Baseline shortened from {baseline.days} to {days} days; kefir starts "
        f"{(baseline.start + timedelta(days=days)).isoformat()}.",
        why=why,
        details={"from": baseline.days, "to": days},
    )
    return programme


@transaction.atomic
def programme_set_follow_up(
    *, programme: Programme, follow_up: bool, why: str, today: date
) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    current = next((p for p in phases if p.kind is PhaseKind.FOLLOW_UP), None)
    if current is not None and current.start <= today:
        raise ValidationError(FOLLOW_UP_STARTED)
    if (current is not None) == follow_up:
        raise ValidationError(FOLLOW_UP_SAME)
    new_phases = plan.with_follow_up(phases, plan.FOLLOW_UP_DAYS if follow_up else 0)
    phases_replace(programme, new_phases)
    what = (
        f"A {plan.FOLLOW_UP_DAYS}-day follow-up off kefir was added."
        if follow_up
        else "The follow-up off kefir was removed."
    )
    amendment_record(
        programme,
        kind=Amendment.Kind.FOLLOW_UP,
        effective_on=new_phases[-1].end,
        what=what,
        why=why,
        details={"follow_up": follow_up},
    )
    return programme


def stop_kefir(
    programme: Programme,
    phases: list[PlannedPhase],
    *,
    effective_on: date,
    kind: str,
    what: str,
    why: str,
    automatic: bool = False,
    details: dict[str, Any] | None = None,
) -> Programme:
    """End kefir from ``effective_on``. A planned follow-up starts that day; without
    one the programme ends as stopped early. Call inside a transaction with the lock."""
    kefir_began = any(p.kind.takes_kefir and p.start < effective_on for p in phases)
    follow_up = next((p.days for p in phases if p.kind is PhaseKind.FOLLOW_UP), 0)
    follow_up = follow_up if kefir_began else 0
    new_phases = plan.stop_kefir(phases, effective_on, follow_up)
    phases_replace(programme, new_phases)
    amendment_record(
        programme,
        kind=kind,
        effective_on=effective_on,
        what=what,
        why=why,
        automatic=automatic,
        details=details,
    )
    if not follow_up:
        programme.status = Programme.Status.STOPPED
        programme.ended_on = new_phases[-1].end
        programme.end_reason = why
        programme.save(update_fields=["status", "ended_on", "end_reason"])
    return programme


@transaction.atomic
def programme_stop_early(*, programme: Programme, why: str, today: date) -> Programme:
    programme, phases = locked_open(programme)
    why = _require_reason(why)
    kefir_start = next((p.start for p in phases if p.kind.takes_kefir), None)
    if kefir_start is None or today < kefir_start:
        raise ValidationError(STOP_BEFORE_KEFIR)
    effective = today + timedelta(days=1)
    return stop_kefir(
        programme,
        phases,
        effective_on=effective,
        kind=Amendment.Kind.EARLY_STOP,
        what=f"Kefir stopped early; the last kefir day was {today.isoformat()}.",
        why=why,
    )


@transaction.atomic
def programme_complete(*, programme: Programme, today: date) -> Programme:
    programme, phases = locked_open(programme)
    last_day = phases[-1].end
    if today < last_day:
        raise ValidationError(COMPLETE_TOO_EARLY.format(day=last_day.isoformat()))
    programme.status = Programme.Status.COMPLETED
    programme.ended_on = last_day
    programme.save(update_fields=["status", "ended_on"])
    amendment_record(
        programme,
        kind=Amendment.Kind.COMPLETED,
        effective_on=last_day,
        what="Programme completed.",
        why="All planned days are over.",
    )
    return programme


@transaction.atomic
def programme_abandon(*, programme: Programme, why: str, today: date) -> Programme:
    programme, _ = locked_open(programme)
    why = _require_reason(why)
    programme.status = Programme.Status.ABANDONED
    programme.ended_on = max(today, programme.start_date)
    programme.end_reason = why
    programme.save(update_fields=["status", "ended_on", "end_reason"])
    amendment_record(
        programme,
        kind=Amendment.Kind.ABANDONED,
        effective_on=today,
        what="Programme abandoned.",
        why=why,
    )
    return programme
