"""Programmes from a JSON export, checked with the rules typed data obeys: the
models' own validation, the daily log's rules, and the instruments' scoring."""

import copy
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError

from skingarden.accounts.models import SafetyScreen, User
from skingarden.instruments import definitions
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.services import FUTURE_DATE, apply_score, score_or_error
from skingarden.portability import schema
from skingarden.portability.imports import form_rules
from skingarden.portability.imports.batch import Batch
from skingarden.portability.imports.json_photos import PhotoFiles, read_photo_sessions
from skingarden.portability.schema import full_clean_at, join, load_record, reject
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    PatchTest,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.protocol import LockedProtocol, ProtocolError
from skingarden.programmes.services.checkins import (
    FUTURE_DAY,
    OUTSIDE_PROGRAMME,
)
from skingarden.programmes.services.checkins import (
    checkin_values_check as checkin_rules,
)

UNKNOWN_SCREEN = "no safety screen in this file has the code “{code}”."
SECOND_OPEN = (
    "a second programme under way; only one can be active or paused at a time."
)
NO_PHASES = "a programme needs its phases."
PHASE_GAP = "starts on {start}, but the phase before it ended on {end}."
PHASES_START = "the first phase starts on {start}, not on the programme's start."
PHASES_END = "the last phase ends on {end}, but the programme ends on {programme}."
LOGGED_TWICE = "{day} is logged twice in this file."
NO_CHECKIN = "this programme has no check-in on {day}."
FLAG_NOT_ANSWERED = "the check-in of {day} did not answer yes to “{flag}”."
FLAG_NOT_WITHDRAWN = (
    "“{flag}” on {day} was withdrawn as a mistake, but the check-in still answers "
    "yes to it."
)
FLAG_TWICE = "“{flag}” on {day} is in the file twice."
ANSWERED_TWICE = "{instrument} ({rated_by}) on {day} is in the file twice."
SCORE_DISAGREES = (
    "the file says {stored}, but these answers score {scored} with the same "
    "scoring version ({version}): the file was changed or damaged."
)


@dataclass
class FileIndex:
    """What the rest of the file refers to, and what must be unique across it."""

    owner: User
    today: date
    screens: dict[str, SafetyScreen] = field(default_factory=dict)
    patch_tests: dict[str, PatchTest] = field(default_factory=dict)
    checkin_days: set[date] = field(default_factory=set)
    responses: set[tuple[str, date, str]] = field(default_factory=set)
    rescored: int = 0
    # The archive's files; None for a JSON file on its own (photos left out).
    photo_files: PhotoFiles | None = None
    photo_codes: set[str] = field(default_factory=set)
    skipped_photos: int = 0


def read_programme(item: Any, path: str, index: FileIndex, batch: Batch) -> None:
    record = load_record(
        item, schema.PROGRAMME + schema.PROGRAMME_LINKS, path, schema.PROGRAMME_LISTS
    )
    form_rules.check("programme", record, path, index.today)
    screen_code = record.pop("safety_screen")
    screen = index.screens.get(screen_code)
    if screen is None:
        reject(join(path, "safety_screen"), UNKNOWN_SCREEN.format(code=screen_code))
    lists = {name: record.pop(name) for name in schema.PROGRAMME_LISTS}
    record.pop("code")
    record["protocol"] = _protocol(
        _relinked(record["protocol"], index), join(path, "protocol")
    )
    programme = Programme(owner=index.owner, safety_screen=screen, **record)
    full_clean_at(programme, path, exclude=["owner", "safety_screen"])
    if programme.is_open and any(p.is_open for p in batch.programmes):
        reject(join(path, "status"), SECOND_OPEN)
    batch.programmes.append(programme)
    _read_phases(programme, lists["phases"], join(path, "phases"), batch)
    for n, amendment in enumerate(lists["amendments"]):
        where = f"{path}.amendments[{n}]"
        _read_amendment(programme, amendment, where, index, batch)
    checkins: dict[date, CheckIn] = {}
    for n, checkin_item in enumerate(lists["checkins"]):
        where = f"{path}.checkins[{n}]"
        checkin = _read_checkin(programme, checkin_item, where, index, batch)
        checkins[checkin.date] = checkin
    flags: set[tuple[date, str]] = set()
    for n, event in enumerate(lists["red_flag_events"]):
        where = f"{path}.red_flag_events[{n}]"
        _read_red_flag(programme, event, where, checkins, flags, batch)
    for n, response in enumerate(lists["instrument_responses"]):
        where = f"{path}.instrument_responses[{n}]"
        read_response(response, where, index, batch, programme=programme)
    sessions = lists["photo_sessions"]
    read_photo_sessions(programme, sessions, join(path, "photo_sessions"), index, batch)


def _relinked(protocol: dict[str, Any], index: FileIndex) -> dict[str, Any]:
    """The protocol names the screen and patch test it was locked with by code;
    imported rows get new codes, so the names follow them. A code this file does
    not hold (a practitioner's export leaves patch tests out) is kept as it was."""
    protocol = copy.deepcopy(protocol)
    screen = protocol.get("safety_screen")
    if isinstance(screen, dict) and screen.get("code") in index.screens:
        screen["code"] = str(index.screens[screen["code"]].code)
    topical = protocol.get("topical")
    if isinstance(topical, dict) and topical.get("patch_test") in index.patch_tests:
        topical["patch_test"] = str(index.patch_tests[topical["patch_test"]].code)
    return protocol


def _protocol(data: Any, path: str) -> LockedProtocol:
    """The locked protocol through the same parser the database column uses, so an
    imported protocol obeys every rule a stored one does."""
    try:
        return LockedProtocol.from_json(data, path=path)
    except ProtocolError as error:
        where, message = next(iter(error.problems.items()))
        reject(where, message)


def _read_phases(
    programme: Programme, items: list[Any], path: str, batch: Batch
) -> None:
    if not items:
        reject(path, NO_PHASES)
    phases: list[Phase] = []
    for n, item in enumerate(items):
        where = f"{path}[{n}]"
        phase = Phase(
            programme=programme, position=n, **load_record(item, schema.PHASE, where)
        )
        full_clean_at(phase, where, exclude=["programme"])
        if phases and phase.start_date != phases[-1].end_date + timedelta(days=1):
            reject(
                join(where, "start_date"),
                PHASE_GAP.format(start=phase.start_date, end=phases[-1].end_date),
            )
        phases.append(phase)
    if phases[0].start_date != programme.start_date:
        reject(path, PHASES_START.format(start=phases[0].start_date))
    if phases[-1].end_date != programme.end_date:
        reject(
            path,
            PHASES_END.format(end=phases[-1].end_date, programme=programme.end_date),
        )
    batch.phases += phases


def _read_amendment(
    programme: Programme, item: Any, path: str, index: FileIndex, batch: Batch
) -> None:
    record = load_record(item, schema.AMENDMENT, path)
    form_rules.check("amendment", record, path, index.today)
    record.pop("code")
    amendment = Amendment(programme=programme, **record)
    full_clean_at(amendment, path, exclude=["programme"])
    batch.amendments.append(amendment)


def _read_checkin(
    programme: Programme, item: Any, path: str, index: FileIndex, batch: Batch
) -> CheckIn:
    record = load_record(item, schema.CHECKIN, path)
    record.pop("code")
    day = record["date"]
    if day in index.checkin_days:
        reject(join(path, "date"), LOGGED_TWICE.format(day=day))
    if day > index.today:
        reject(join(path, "date"), FUTURE_DAY)
    assert programme.end_date is not None  # noqa: S101 - checked with the phases
    if not programme.start_date <= day <= programme.end_date:
        first, last = programme.start_date, programme.end_date
        reject(
            join(path, "date"),
            OUTSIDE_PROGRAMME.format(day=day, first=first, last=last),
        )
    checkin = CheckIn(owner=index.owner, programme=programme, **record)
    full_clean_at(checkin, path, exclude=["owner", "programme"])
    try:
        checkin_rules(programme, checkin)
    except ValidationError as error:
        schema.raise_at(path, error)
    index.checkin_days.add(day)
    batch.checkins.append(checkin)
    return checkin


def _read_red_flag(
    programme: Programme,
    item: Any,
    path: str,
    checkins: dict[date, CheckIn],
    seen: set[tuple[date, str]],
    batch: Batch,
) -> None:
    record = load_record(item, schema.RED_FLAG_EVENT + schema.RED_FLAG_LINKS, path)
    record.pop("code")
    day, flag = record.pop("checkin_date"), record["flag"]
    checkin = checkins.get(day)
    if checkin is None:
        reject(join(path, "checkin_date"), NO_CHECKIN.format(day=day))
    # A yes withdrawn as a mistake has left the day's log; any other stands in it.
    withdrawn = record["resolution"] == RedFlagEvent.Resolution.MISTAKEN
    if withdrawn and flag in checkin.red_flags:
        reject(join(path, "flag"), FLAG_NOT_WITHDRAWN.format(day=day, flag=flag))
    if not withdrawn and flag not in checkin.red_flags:
        reject(join(path, "flag"), FLAG_NOT_ANSWERED.format(day=day, flag=flag))
    if (day, flag) in seen:
        reject(join(path, "flag"), FLAG_TWICE.format(day=day, flag=flag))
    seen.add((day, flag))
    event = RedFlagEvent(programme=programme, checkin=checkin, **record)
    full_clean_at(event, path, exclude=["programme", "checkin"])
    batch.red_flags.append(event)


def read_response(
    item: Any,
    path: str,
    index: FileIndex,
    batch: Batch,
    *,
    programme: Programme | None,
) -> None:
    """A questionnaire response, rescored by the current code (see the docs: same
    versions must give the same score; an older version is rescored)."""
    record = load_record(item, schema.INSTRUMENT_RESPONSE, path)
    record.pop("code")
    key = (record["instrument_id"], record["date"], record["rated_by"])
    if key in index.responses:
        instrument, day, rated_by = key
        reject(
            path,
            ANSWERED_TWICE.format(instrument=instrument, day=day, rated_by=rated_by),
        )
    if record["date"] > index.today:
        reject(join(path, "date"), FUTURE_DATE)
    try:
        definition = definitions.load(record["instrument_id"])
    except definitions.UnknownInstrument as error:
        reject(join(path, "instrument_id"), str(error))
    try:
        result = score_or_error(definition, record["answers"])
    except ValidationError as error:
        reject(join(path, "answers"), error.messages[0])
    response = InstrumentResponse(owner=index.owner, programme=programme, **record)
    scored = InstrumentResponse()
    apply_score(scored, result)
    _compare_scores(response, scored, path, index)
    full_clean_at(response, path, exclude=["owner", "programme", "rater"])
    index.responses.add(key)
    batch.responses.append(response)


def _compare_scores(
    response: InstrumentResponse,
    scored: InstrumentResponse,
    path: str,
    index: FileIndex,
) -> None:
    spec = [f for f in schema.INSTRUMENT_RESPONSE if f.name in schema.SCORED_FIELDS]
    stored, current = (
        schema.dump_record(response, spec),
        schema.dump_record(scored, spec),
    )
    if stored == current:
        return
    same_code = all(
        stored[name] == current[name]
        for name in ("instrument_version", "scoring_version")
    )
    if same_code:
        name = next(n for n in schema.SCORED_FIELDS if stored[n] != current[n])
        reject(
            join(path, name),
            SCORE_DISAGREES.format(
                stored=stored[name],
                scored=current[name],
                version=current["scoring_version"],
            ),
        )
    for name in schema.SCORED_FIELDS:
        setattr(response, name, getattr(scored, name))
    index.rescored += 1
