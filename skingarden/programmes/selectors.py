"""Reads for programmes. Every read of a participant's data is scoped to its owner."""

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db import connections, router
from django.http import Http404

from skingarden.accounts.models import User
from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.programmes.dosing import Decision, DoseChange, GutRule
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    PatchTest,
    PatchTestDay,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.plan import PhaseKind, PlannedPhase, RampStep
from skingarden.programmes.protocol import ITCH_CONDITIONS
from skingarden.programmes.timeline import (
    DayLog,
    DueSlot,
    PauseWindow,
    Timeline,
    build_timeline,
)
from skingarden.reports.charts import WeeklyTotal, daily_rows, programme_chart

# Hot reads, written as plain SQL: on these machines the ORM spends ~0.4 ms
# compiling each query, ten times the query itself (docs/benchmarks.md).
PROGRAMME_TABLE = Programme._meta.db_table
PROGRAMME_BY_CODE_SQL = (
    f"SELECT * FROM {PROGRAMME_TABLE} WHERE owner_id = %s AND code = %s"  # noqa: S608
)
LATEST_PROGRAMME_SQL = (
    f"SELECT id, code, revision FROM {PROGRAMME_TABLE} "  # noqa: S608
    "WHERE owner_id = %s ORDER BY created_at DESC, id DESC LIMIT 1"
)


def programme_get_for_user(*, user: User, code: UUID | str) -> Programme:
    """The participant's programme, or 404 whether it is missing or someone else's."""
    try:
        code_value = Programme._meta.get_field("code").get_db_prep_value(
            code, connection=connections[router.db_for_read(Programme)]
        )
    except ValidationError:
        raise Http404("No such programme.") from None
    programme = next(
        iter(Programme.objects.raw(PROGRAMME_BY_CODE_SQL, [user.pk, code_value])), None
    )
    if programme is None:
        raise Http404("No such programme.")
    return programme


@dataclass(frozen=True)
class ProgrammePointer:
    """Enough to find the cached dashboard of a programme without loading it."""

    code: UUID
    revision: int


def programme_pointer_for_dashboard(*, user: User) -> ProgrammePointer | None:
    """The participant's latest programme (the open one, if any: only the latest can
    be open), as its code and revision."""
    with connections[router.db_for_read(Programme)].cursor() as cursor:
        cursor.execute(LATEST_PROGRAMME_SQL, [user.pk])
        row = cursor.fetchone()
    if row is None:
        return None
    code = Programme._meta.get_field("code").to_python(row[1])
    return ProgrammePointer(code, row[2])


def programme_open_for_user(*, user: User) -> Programme | None:
    return Programme.objects.for_user(user).open().first()


def programmes_for_user(*, user: User) -> list[Programme]:
    return list(Programme.objects.for_user(user).order_by("-created_at", "-id"))


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
    def topical(self) -> dict[str, Any]:
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
        ramp=tuple(RampStep(step["days"], step["ml"]) for step in protocol["ramp"]),
        target_ml=protocol["target_ml"],
        rule=GutRule(**protocol["gut_rule"]),
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
    chosen = programme.protocol.get("instruments", [])
    responses = {
        (response.instrument_id, response.due_on): response for response in stored
    }
    return [
        InstrumentStatus(
            item["id"],
            definitions.load(item["id"]).short_title,
            slot,
            responses.get((item["id"], slot.due_on)),
        )
        for item in chosen
        for slot in timeline.slots(item["schedule"])
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


def checkin_for_day(*, programme: Programme, day: date) -> CheckIn | None:
    return CheckIn.objects.filter(programme=programme, date=day).first()


def checkin_latest_before(*, programme: Programme, day: date) -> CheckIn | None:
    return (
        CheckIn.objects.filter(programme=programme, date__lt=day)
        .order_by("-date")
        .first()
    )


def checkins_for_programme(*, programme: Programme) -> list[CheckIn]:
    return list(CheckIn.objects.filter(programme=programme).order_by("date"))


def last_checkin_date(*, user: User) -> date | None:
    row = (
        CheckIn.objects.filter(owner=user)
        .order_by("-date")
        .values_list("date", flat=True)
    )
    return row.first()


def patch_tests_for_user(*, user: User) -> list[PatchTest]:
    return list(PatchTest.objects.filter(owner=user).prefetch_related("days"))


def patch_test_get_for_user(*, user: User, code: UUID | str) -> PatchTest:
    test = (
        PatchTest.objects.filter(owner=user, code=code).prefetch_related("days").first()
    )
    if test is None:
        raise Http404("No such patch test.")
    return test


def patch_test_status(test: PatchTest) -> str:
    """``reaction`` if any day had one; ``incomplete`` if a day of the seven was
    skipped; ``passed`` once all seven days were applied with no reaction; else
    ``in_progress``."""
    days: list[PatchTestDay] = list(test.days.all())
    if any(day.reaction for day in days):
        return "reaction"
    if any(not day.applied for day in days):
        return "incomplete"
    wanted = {test.started_on + timedelta(days=n) for n in range(PatchTest.DAYS)}
    return "passed" if wanted <= {day.date for day in days} else "in_progress"


def patch_test_passed_for(
    *, user: User, carrier: str, kefir_parts: int, carrier_parts: int
) -> PatchTest | None:
    """A passed patch test of exactly this mixture, if the participant has one."""
    candidates = PatchTest.objects.filter(
        owner=user,
        carrier=carrier,
        kefir_parts=kefir_parts,
        carrier_parts=carrier_parts,
    ).prefetch_related("days")
    return next(
        (test for test in candidates if patch_test_status(test) == "passed"), None
    )


def chart_measures(primary: str, conditions: list[str]) -> list[str]:
    """The daily measures charted: the primary, then those fitting the conditions."""
    keys = [primary]
    if any(condition in ITCH_CONDITIONS for condition in conditions):
        keys += ["worst_itch", "sleep_loss"]
    if "acne" in conditions:
        keys.append("new_spots")
    keys += ["gut_discomfort", "energy"]
    return list(dict.fromkeys(keys))


def programme_chart_spec(*, programme: Programme, today: date) -> dict[str, Any]:
    """The Vega-Lite spec of the programme's daily measures (three queries)."""
    phases = planned_phases(list(programme.phases.all()))
    measures = chart_measures(
        programme.primary_measure, programme.protocol["conditions"]
    )
    logs = {
        row["date"]: row
        for row in CheckIn.objects.filter(programme=programme).values("date", *measures)
    }
    weekly = [
        WeeklyTotal(
            definitions.load(instrument).short_title,
            day,
            float(total),
            definitions.load(instrument).range,
        )
        for instrument, day, total in InstrumentResponse.objects.filter(
            programme=programme, scored=True, due_on__isnull=False
        ).values_list("instrument_id", "date", "total")
        if total is not None
    ]
    rows = daily_rows(phases=phases, today=today, measures=measures, logs=logs)
    return programme_chart(phases=phases, rows=rows, measures=measures, weekly=weekly)


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
