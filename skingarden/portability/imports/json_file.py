"""Read a JSON export (schema version 3, or an earlier one brought up to it) into
a batch, checking every record.

The account must not hold programmes, patch tests, questionnaires or imported
tracking yet: the file is a whole history, and merging two histories would
change what each programme's protocol and safety screen meant. Safety screens
already there are kept; the file's come after them, and the file's profile
replaces the account's.
"""

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError

from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.portability import schema
from skingarden.portability.imports import form_rules, json_text, upgrades
from skingarden.portability.imports.batch import Batch
from skingarden.portability.imports.json_photos import PhotoFiles, skipped_note
from skingarden.portability.imports.json_programmes import (
    FileIndex,
    read_programme,
    read_response,
)
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.portability.schema import full_clean_at, join, load_record, reject
from skingarden.portability.selectors import data_kinds_present
from skingarden.programmes.models import PatchTest, PatchTestDay

NOT_AN_EXPORT = (
    "This is not a Skin Garden JSON export (its “schema” is not “{schema}”)."
)
NEWER_VERSION = (
    "This export uses schema version {version}; this Skin Garden reads version "
    "{supported}. Update Skin Garden, then import it again."
)
BAD_SCOPE = "must be “all” or “programmes”."
NOT_EMPTY = (
    "A JSON export can only be imported into an account with no data of its own "
    "yet, and this one already has {kinds}. Import it into a new account."
)
READABLE = "must be {versions}."
DUPLICATE_CODE = "the code “{code}” is used twice in this file."
DUPLICATE = "{what} is in the file twice."
IN_FUTURE = "{day} has not happened yet."
RESCORED = (
    "Rescored with the current scoring code: {count} questionnaire {noun} scored "
    "with an older version."
)


def read(
    *, owner: User, text: str, today: date, photo_files: PhotoFiles | None = None
) -> tuple[Batch, tuple[str, ...]]:
    """The batch to write, and the notes for the summary (responses rescored,
    photos left out). ``photo_files`` checks and stores each shot's file (an
    archive import); without it the photo records are left out."""
    document = _parse(text)
    _refuse_if_not_empty(owner)
    record = load_record(document, schema.DOCUMENT, "", schema.DOCUMENT_LISTS)
    if record["scope"] not in ("all", "programmes"):
        reject("scope", BAD_SCOPE)
    batch = Batch(guard=lambda: _refuse_if_not_empty(owner))
    index = FileIndex(owner, today, photo_files=photo_files)
    batch.profile = _profile(owner, record["participant"], today)
    for n, item in enumerate(record["safety_screens"]):
        _read_screen(item, f"safety_screens[{n}]", index, batch)
    for n, item in enumerate(record["patch_tests"]):
        _read_patch_test(item, f"patch_tests[{n}]", index, batch)
    for n, item in enumerate(record["programmes"]):
        read_programme(item, f"programmes[{n}]", index, batch)
    for n, item in enumerate(record["instrument_responses"]):
        read_response(item, f"instrument_responses[{n}]", index, batch, programme=None)
    _read_imported(record["imported"], "imported", index, batch)
    return batch, _rescored_note(index.rescored) + skipped_note(index.skipped_photos)


def _rescored_note(count: int) -> tuple[str, ...]:
    if not count:
        return ()
    noun = "response" if count == 1 else "responses"
    return (RESCORED.format(count=count, noun=noun),)


def _parse(text: str) -> dict[str, Any]:
    document = json_text.parse(text)
    if not isinstance(document, dict) or document.get("schema") != schema.SCHEMA:
        raise ValidationError(NOT_AN_EXPORT.format(schema=schema.SCHEMA))
    version = document.get("version")
    if isinstance(version, int) and version > schema.VERSION:
        raise ValidationError(
            NEWER_VERSION.format(version=version, supported=schema.VERSION)
        )
    if version not in upgrades.READABLE:
        reject("version", READABLE.format(versions=upgrades.readable_words()))
    return upgrades.to_current(document)


def _refuse_if_not_empty(owner: User) -> None:
    present = data_kinds_present(user=owner)
    if present:
        raise ValidationError(NOT_EMPTY.format(kinds=_and(present)))


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _profile(owner: User, item: dict[str, Any], today: date) -> Profile:
    record = load_record(item, schema.PARTICIPANT, "participant")
    form_rules.check("participant", record, "participant", today)
    profile = Profile.objects.get(user=owner)
    profile.conditions = record["conditions"]
    profile.birth_year = record["birth_year"]
    profile.time_zone = record["time_zone"]
    full_clean_at(profile, "participant", exclude=["user"])
    return profile


def _new_code(code: str, known: dict[str, Any], path: str) -> None:
    if code in known:
        reject(join(path, "code"), DUPLICATE_CODE.format(code=code))


def _read_screen(item: Any, path: str, index: FileIndex, batch: Batch) -> None:
    record = load_record(item, schema.SAFETY_SCREEN, path)
    form_rules.check("safety_screen", record, path, index.today)
    code = record.pop("code")
    _new_code(code, index.screens, path)
    screen = SafetyScreen(user=index.owner, **record)
    full_clean_at(screen, path, exclude=["user"])
    index.screens[code] = screen
    batch.screens.append(screen)


def _read_patch_test(item: Any, path: str, index: FileIndex, batch: Batch) -> None:
    record = load_record(item, schema.PATCH_TEST, path, ("days",))
    form_rules.check("patch_test", record, path, index.today)
    code, days = record.pop("code"), record.pop("days")
    _new_code(code, index.patch_tests, path)
    # Only a test kept day by day on this instance can unlock the topical arm; an
    # imported one is kept in the record as it was, but never counts (issue 10).
    record["real_time"] = False
    test = PatchTest(owner=index.owner, **record)
    full_clean_at(test, path, exclude=["owner"])
    seen: set[date] = set()
    for n, day_item in enumerate(days):
        where = f"{path}.days[{n}]"
        day_record = load_record(day_item, schema.PATCH_TEST_DAY, where)
        form_rules.check("patch_test_day", day_record, where, index.today)
        day = PatchTestDay(patch_test=test, **day_record)
        full_clean_at(day, where, exclude=["patch_test"])
        _once(day.date, seen, join(where, "date"), str(day.date))
        batch.patch_test_days.append(day)
    index.patch_tests[code] = test
    batch.patch_tests.append(test)


def _once(key: Any, seen: set[Any], path: str, what: str) -> None:
    if key in seen:
        reject(path, DUPLICATE.format(what=what))
    seen.add(key)


def _past(day: date, today: date, path: str) -> None:
    if day > today:
        reject(path, IN_FUTURE.format(day=day))


def _read_imported(item: Any, path: str, index: FileIndex, batch: Batch) -> None:
    lists = load_record(item, (), path, schema.IMPORTED_LISTS)
    names: set[tuple[str, str]] = set()
    for n, measure_item in enumerate(lists["custom_measures"]):
        _read_measure(measure_item, f"{path}.custom_measures[{n}]", names, index, batch)
    treatments: set[tuple[date, str]] = set()
    for n, entry_item in enumerate(lists["treatment_entries"]):
        where = f"{path}.treatment_entries[{n}]"
        record = load_record(entry_item, schema.TREATMENT_ENTRY, where)
        record.pop("code")
        entry = TreatmentEntry(owner=index.owner, **record)
        full_clean_at(entry, where, exclude=["owner"])
        _past(entry.date, index.today, join(where, "date"))
        what = f"“{entry.name}” on {entry.date}"
        _once((entry.date, entry.name), treatments, where, what)
        batch.treatments.append(entry)
    days: set[date] = set()
    for n, day_item in enumerate(lists["days"]):
        where = f"{path}.days[{n}]"
        record = load_record(day_item, schema.IMPORTED_DAY, where)
        record.pop("code")
        day = ImportedDay(owner=index.owner, **record)
        full_clean_at(day, where, exclude=["owner"])
        _past(day.date, index.today, join(where, "date"))
        _once(day.date, days, join(where, "date"), str(day.date))
        batch.days.append(day)


def _read_measure(
    item: Any,
    path: str,
    names: set[tuple[str, str]],
    index: FileIndex,
    batch: Batch,
) -> None:
    record = load_record(item, schema.CUSTOM_MEASURE, path, ("values",))
    record.pop("code")
    values = record.pop("values")
    measure = CustomMeasure(owner=index.owner, **record)
    full_clean_at(measure, path, exclude=["owner"])
    what = f"The {measure.kind} “{measure.name}”"
    _once((measure.kind, measure.name), names, join(path, "name"), what)
    batch.measures.append(measure)
    seen: set[date] = set()
    for n, value_item in enumerate(values):
        where = f"{path}.values[{n}]"
        value_record = load_record(value_item, schema.CUSTOM_MEASURE_VALUE, where)
        value_record.pop("code")
        value = CustomMeasureValue(owner=index.owner, measure=measure, **value_record)
        full_clean_at(value, where, exclude=["owner", "measure"])
        _past(value.date, index.today, join(where, "date"))
        _once(value.date, seen, join(where, "date"), str(value.date))
        batch.measure_values.append(value)
