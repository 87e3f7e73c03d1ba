"""The state of a programme as the dashboard, the programme page and a
practitioner's client list show it: phases, the dose timeline, red flags,
amendments and the questionnaires due."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.dosing import Decision, DoseChange
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.plan import PhaseKind, PlannedPhase
from skingarden.programmes.protocol import TopicalArm
from skingarden.programmes.timeline import (
    DayLog,
    DueSlot,
    PauseWindow,
    Timeline,
    build_timeline,
)


def planned_phases(phases: list[Phase]) -> list[PlannedPhase]:
    return [PlannedPhase(PhaseKind(p.kind), p.start_date, p.end_date) for p in phases]


@dataclass(frozen=True)
class InstrumentStatus:
    """One due slot of one of the programme's weekly or monthly instruments."""

    instrument_id: str
    title: str
    slot: DueSlot
    response: InstrumentResponse | None

    @property
    def total_display(self) -> str:
        total = self.response.total if self.response else None
        return "" if total is None else f"{float(total):g}"


@dataclass(frozen=True)
class ProgrammeState:
    """Everything the dashboard and the programme page show, read in a fixed number
    of queries whatever the length of the programme."""

    programme: Programme
    today: date
    phases: list[Phase]
    timeline: Timeline
    amendments: list[Amendment]
    open_red_flags: list[RedFlagEvent]
    instruments: list[InstrumentStatus]
    today_checkin_exists: bool

    @property
    def due_now(self) -> list[InstrumentStatus]:
        """Instruments open today and not yet answered."""
        return [
            s
            for s in self.instruments
            if s.response is None and s.slot.is_open_on(self.today)
        ]

    @property
    def topical(self) -> TopicalArm:
        return self.programme.topical

    @property
    def planned_today(self) -> int:
        return self.timeline.planned_ml(self.today)

    @property
    def phase_day_today(self) -> int | None:
        return self.timeline.phase_day(self.today)

    @property
    def kefir_day_today(self) -> int | None:
        return self.timeline.kefir_day(self.today)

    @property
    def days_until_start(self) -> int:
        return (self.timeline.first_day - self.today).days

    @property
    def awaiting_completion(self) -> bool:
        return self.programme.is_open and self.today >= self.timeline.last_day


def programme_state(*, programme: Programme, today: date) -> ProgrammeState:
    phases = list(programme.phases.all())
    logs = CheckIn.objects.filter(programme=programme).values_list(
        "date", "kefir_ml", "gut_discomfort"
    )
    amendments = list(programme.amendments.all())
    flags = list(programme.red_flags.all())
    responses = list(InstrumentResponse.objects.filter(programme=programme))
    return _state(programme, today, phases, list(logs), amendments, flags, responses)


def programme_states(
    *, programmes: Sequence[Programme], today_for: Mapping[int, date]
) -> dict[int, ProgrammeState]:
    """The states of many programmes in five queries, whatever their number (for
    lists such as a practitioner's clients). ``today_for`` maps programme id to the
    owner's local date."""
    ids = [programme.pk for programme in programmes]
    phases = _grouped(Phase.objects.filter(programme__in=ids).order_by("position"))
    logs: dict[int, list[tuple[date, int | None, int | None]]] = defaultdict(list)
    for programme_id, *log in CheckIn.objects.filter(programme__in=ids).values_list(
        "programme_id", "date", "kefir_ml", "gut_discomfort"
    ):
        logs[programme_id].append(tuple(log))  # type: ignore[arg-type]
    amendments = _grouped(Amendment.objects.filter(programme__in=ids))
    flags = _grouped(RedFlagEvent.objects.filter(programme__in=ids))
    responses = _grouped(InstrumentResponse.objects.filter(programme__in=ids))
    return {
        p.pk: _state(
            p,
            today_for[p.pk],
            phases[p.pk],
            logs[p.pk],
            amendments[p.pk],
            flags[p.pk],
            responses[p.pk],
        )
        for p in programmes
    }


def _grouped(rows: Iterable[Any]) -> defaultdict[int, list[Any]]:
    grouped: defaultdict[int, list[Any]] = defaultdict(list)
    for row in rows:
        grouped[row.programme_id].append(row)
    return grouped


def _state(
    programme: Programme,
    today: date,
    phases: list[Phase],
    log_rows: list[tuple[date, int | None, int | None]],
    amendments: list[Amendment],
    flags: list[RedFlagEvent],
    responses: list[InstrumentResponse],
) -> ProgrammeState:
    logs = {row[0]: DayLog(*row) for row in log_rows}
    protocol = programme.protocol
    timeline = build_timeline(
        phases=planned_phases(phases),
        today=today,
        logs=logs,
        pauses=pause_windows(flags),
        dose_changes=dose_changes(amendments),
        recorded=recorded_decisions(amendments),
        ramp=protocol.ramp,
        target_ml=protocol.target_ml,
        rule=protocol.gut_rule,
    )
    return ProgrammeState(
        programme,
        today,
        phases,
        timeline,
        amendments,
        [flag for flag in flags if flag.is_open],
        instrument_statuses(programme, timeline, responses),
        today in logs,
    )


def instrument_statuses(
    programme: Programme, timeline: Timeline, stored: list[InstrumentResponse]
) -> list[InstrumentStatus]:
    """Every due slot of the protocol's instruments, with its response."""
    responses = {
        (response.instrument_id, response.due_on): response for response in stored
    }
    return [
        InstrumentStatus(
            item.id,
            definitions.load(item.id).short_title,
            slot,
            responses.get((item.id, slot.due_on)),
        )
        for item in programme.protocol.instruments
        for slot in timeline.slots(item.schedule)
    ]


def pause_windows(flags: list[RedFlagEvent]) -> list[PauseWindow]:
    return [
        PauseWindow(
            flag.reported_on + timedelta(days=1),
            flag.resolved_on - timedelta(days=1) if flag.resolved_on else None,
        )
        for flag in flags
    ]


def dose_changes(amendments: list[Amendment]) -> list[DoseChange]:
    return [
        DoseChange(a.effective_on, int(a.details["ml"]))
        for a in amendments
        if a.kind == Amendment.Kind.DOSE_CHANGE
    ]


def recorded_decisions(amendments: list[Amendment]) -> dict[date, Decision]:
    kinds = {
        Amendment.Kind.STEP_BACK: Decision.STEP_BACK,
        Amendment.Kind.GUT_STOP: Decision.STOP,
    }
    return {
        date.fromisoformat(a.details["decided_on"]): kinds[Amendment.Kind(a.kind)]
        for a in amendments
        if a.kind in kinds
    }


@dataclass(frozen=True)
class DayRow:
    day: date
    phase_label: str
    checkin: CheckIn | None


def programme_days(*, state: ProgrammeState, checkins: list[CheckIn]) -> list[DayRow]:
    """Every programme day up to today, newest first, logged or not."""
    by_day = {checkin.date: checkin for checkin in checkins}
    timeline = state.timeline
    last = min(state.today, timeline.last_day)
    rows = []
    for phase in timeline.phases:
        for offset in range(phase.days):
            day = phase.start + timedelta(days=offset)
            if day <= last:
                rows.append(DayRow(day, phase.kind.label, by_day.get(day)))
    return rows[::-1]
