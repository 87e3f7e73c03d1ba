"""The JSON export's schema, version 3: which fields of which rows, and how each is
written and read back. Export and import both use it, so they cannot drift apart;
``imports.upgrades`` brings a version-1 or version-2 file up to version 3 first.

Each record's fields are named here and typed from the model field they copy, so a
new column needs one line here (and a line in docs/portability.md).
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Any, NoReturn

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.backends.base.operations import BaseDatabaseOperations

from skingarden.accounts.models import Profile, SafetyScreen
from skingarden.instruments.models import InstrumentResponse
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    TreatmentEntry,
)
from skingarden.programmes.models import (
    CHECKIN_FIELDS,
    Amendment,
    CheckIn,
    PatchTest,
    PatchTestDay,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.programmes.protocol import LockedProtocol

SCHEMA = "skingarden-export"
VERSION = 3


class Kind(StrEnum):
    TEXT = "text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    DATE = "date"
    DATETIME = "datetime"
    LIST = "list"
    OBJECT = "object"


KIND_WORDS = {
    Kind.TEXT: "text",
    Kind.INTEGER: "a whole number",
    Kind.NUMBER: "a number",
    Kind.BOOLEAN: "true or false",
    Kind.DATE: "a date (YYYY-MM-DD)",
    Kind.DATETIME: "a date and time with its UTC offset",
    Kind.LIST: "a list",
    Kind.OBJECT: "an object",
}
OUT_OF_RANGE = "is out of range: it must be a whole number from {low} to {high}."


@dataclass(frozen=True)
class Field:
    name: str
    kind: Kind
    nullable: bool
    # An integer column's range on every database: SQLite would store any 64-bit
    # value where PostgreSQL refuses one past the column type's range.
    low: int | None = None
    high: int | None = None


def _kind(field: models.Field[Any, Any], lists: Sequence[str]) -> Kind:
    if isinstance(field, models.DateTimeField):
        return Kind.DATETIME
    if isinstance(field, models.DateField):
        return Kind.DATE
    if isinstance(field, models.BooleanField):
        return Kind.BOOLEAN
    if isinstance(field, models.DecimalField | models.FloatField):
        return Kind.NUMBER
    if isinstance(field, models.IntegerField):
        return Kind.INTEGER
    if isinstance(field, models.JSONField):
        is_list = field.default is list or field.name in lists
        return Kind.LIST if is_list else Kind.OBJECT
    return Kind.TEXT  # CharField, TextField, and the UUID codes as text


def fields_of(
    model: type[models.Model], *names: str, lists: Sequence[str] = ()
) -> tuple[Field, ...]:
    """The fields ``names`` of ``model``. A JSON field is an object unless its
    default is a list or it is named in ``lists``."""
    specs = []
    for name in names:
        field = model._meta.get_field(name)
        assert isinstance(field, models.Field)  # noqa: S101 - concrete columns only
        kind = _kind(field, lists)
        low, high = (
            BaseDatabaseOperations.integer_field_ranges[field.get_internal_type()]
            if kind is Kind.INTEGER
            else (None, None)
        )
        specs.append(Field(name, kind, bool(field.null), low, high))
    return tuple(specs)


PARTICIPANT = (
    Field("email", Kind.TEXT, nullable=True),
    *fields_of(Profile, "conditions", "birth_year", "time_zone"),
)
SAFETY_SCREEN = fields_of(
    SafetyScreen,
    "code",
    "rules_version",
    "answers",
    "birth_year",
    "conditions",
    "outcome",
    "blocks",
    "clinician_reasons",
    "warnings",
    "clinician_name",
    "clinician_agreed_on",
    "screened_on",
    lists=["conditions"],
)
PATCH_TEST = fields_of(
    PatchTest,
    "code",
    "started_on",
    "carrier",
    "kefir_parts",
    "carrier_parts",
    "real_time",
)
PATCH_TEST_DAY = fields_of(
    PatchTestDay, "date", "applied", "reaction", "note", "entered_at"
)
PROGRAMME = fields_of(
    Programme,
    "code",
    "template",
    "status",
    "start_date",
    "end_date",
    "locked_at",
    "ended_on",
    "end_reason",
    "protocol",
)
# Links between records are written as the linked record's content key.
PROGRAMME_LINKS = (Field("safety_screen", Kind.TEXT, nullable=False),)  # its code
PHASE = fields_of(Phase, "kind", "start_date", "end_date")
AMENDMENT = fields_of(
    Amendment, "code", "kind", "effective_on", "what", "why", "automatic", "details"
)
CHECKIN = fields_of(
    CheckIn, "code", "date", "entered_on", *CHECKIN_FIELDS, "form_version"
)
RED_FLAG_EVENT = fields_of(
    RedFlagEvent,
    "code",
    "flag",
    "reported_on",
    "seen_on",
    "seen_by",
    "resolution",
    "resolved_on",
)
RED_FLAG_LINKS = (Field("checkin_date", Kind.DATE, nullable=False),)
# The scored fields are the ones rescoring recomputes (see imports).
SCORED_FIELDS = (
    "instrument_version",
    "total",
    "band",
    "bands",
    "subscores",
    "scored",
    "scoring_version",
)
INSTRUMENT_RESPONSE = fields_of(
    InstrumentResponse,
    "code",
    "instrument_id",
    "date",
    "due_on",
    "rated_by",
    "rater_name",
    "answers",
    *SCORED_FIELDS,
)
CUSTOM_MEASURE = fields_of(CustomMeasure, "code", "name", "kind")
CUSTOM_MEASURE_VALUE = fields_of(CustomMeasureValue, "code", "date", "value")
TREATMENT_ENTRY = fields_of(TreatmentEntry, "code", "date", "name", "dose", "taken")
IMPORTED_DAY = fields_of(
    ImportedDay, "code", "date", "tags", "free_tags", "foods", "weather"
)

DOCUMENT = (
    Field("schema", Kind.TEXT, nullable=False),
    Field("version", Kind.INTEGER, nullable=False),
    Field("exported_on", Kind.DATE, nullable=False),
    Field("scope", Kind.TEXT, nullable=False),
    Field("participant", Kind.OBJECT, nullable=False),
    Field("imported", Kind.OBJECT, nullable=False),
)
DOCUMENT_LISTS = (
    "safety_screens",
    "patch_tests",
    "programmes",
    "instrument_responses",
)
PROGRAMME_LISTS = (
    "phases",
    "amendments",
    "checkins",
    "red_flag_events",
    "instrument_responses",
    "photo_sessions",
)
IMPORTED_LISTS = ("custom_measures", "treatment_entries", "days")


def dump(value: Any, kind: Kind) -> Any:
    """One field's value as JSON, written the same way whatever the database or
    the server's time zone (datetimes in UTC)."""
    if value is None:
        return None
    if kind is Kind.DATETIME:
        return value.astimezone(UTC).isoformat()
    if kind is Kind.DATE:
        return value.isoformat()
    if kind is Kind.NUMBER:
        return float(value)
    if kind is Kind.TEXT:
        return str(value)
    if isinstance(value, LockedProtocol):
        value = value.to_json()
    if kind in (Kind.LIST, Kind.OBJECT):
        return _sorted_keys(value)
    return value


def _sorted_keys(value: Any) -> Any:
    """A JSON value with every object's keys in order: PostgreSQL's jsonb does not
    keep the order they were written in, SQLite does, and exports must agree."""
    if isinstance(value, dict):
        return {key: _sorted_keys(value[key]) for key in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(item) for item in value]
    return value


def dump_record(obj: models.Model, spec: Sequence[Field]) -> dict[str, Any]:
    return {field.name: dump(getattr(obj, field.name), field.kind) for field in spec}


def join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def reject(path: str, reason: str) -> NoReturn:
    """Stop the import: ``reason`` at ``path`` (the whole file when it is empty)."""
    raise ValidationError(f"{path or 'The file'}: {reason}")


def load_value(value: Any, field: Field, path: str) -> Any:
    """A JSON value as the model wants it; anything else names the path and stops."""
    if value is None:
        if field.nullable:
            return None
        reject(path, f"is empty, but it must be {KIND_WORDS[field.kind]}.")
    loaded = _load(value, field.kind)
    if loaded is _INVALID:
        reject(path, f"{_show(value)} is not {KIND_WORDS[field.kind]}.")
    low, high = field.low, field.high
    if low is not None and high is not None and not low <= loaded <= high:
        reject(path, OUT_OF_RANGE.format(low=low, high=high))
    return loaded


_INVALID = object()


def _load(value: Any, kind: Kind) -> Any:
    if kind is Kind.TEXT:
        return value if isinstance(value, str) else _INVALID
    if kind is Kind.BOOLEAN:
        return value if isinstance(value, bool) else _INVALID
    if kind is Kind.INTEGER:
        whole = isinstance(value, int) and not isinstance(value, bool)
        return value if whole else _INVALID
    if kind is Kind.NUMBER:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        return Decimal(str(value)) if number else _INVALID
    if kind is Kind.LIST:
        return value if isinstance(value, list) else _INVALID
    if kind is Kind.OBJECT:
        return value if isinstance(value, dict) else _INVALID
    if kind is Kind.DATE:
        return _date(value)
    return _datetime(value)


def _date(value: Any) -> Any:
    if not isinstance(value, str) or len(value) != 10:
        return _INVALID
    try:
        return date.fromisoformat(value)
    except ValueError:
        return _INVALID


def _datetime(value: Any) -> Any:
    if not isinstance(value, str):
        return _INVALID
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return _INVALID
    return _INVALID if moment.tzinfo is None else moment


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "…"


def load_record(
    data: Any, spec: Sequence[Field], path: str, lists: Sequence[str] = ()
) -> dict[str, Any]:
    """A record's fields, checked and converted; its nested lists as they are."""
    if not isinstance(data, dict):
        reject(path, "must be an object.")
    expected = [field.name for field in spec] + list(lists)
    for name in expected:
        if name not in data:
            reject(path, f"“{name}” is missing.")
    for name in sorted(data):
        if name not in expected:
            reject(path, f"“{name}” is not part of schema version {VERSION}.")
    values = {f.name: load_value(data[f.name], f, join(path, f.name)) for f in spec}
    for name in lists:
        if not isinstance(data[name], list):
            reject(join(path, name), "must be a list.")
        values[name] = data[name]
    return values


def full_clean_at(obj: models.Model, path: str, exclude: Sequence[str] = ()) -> None:
    """The model's own validation, with the first problem reported at its path.
    Uniqueness is checked by the importer across the whole file instead."""
    try:
        obj.full_clean(
            exclude=list(exclude), validate_unique=False, validate_constraints=False
        )
    except ValidationError as error:
        raise_at(path, error)


def raise_at(path: str, error: ValidationError) -> NoReturn:
    if not hasattr(error, "error_dict"):
        reject(path, error.messages[0])
    field, messages = next(iter(_ordered(error.message_dict).items()))
    where = path if field == NON_FIELD_ERRORS else join(path, field)
    reject(where, messages[0])


def _ordered(errors: Mapping[str, list[str]]) -> dict[str, list[str]]:
    return dict(sorted(errors.items()))
