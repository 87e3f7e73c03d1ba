"""The API's documents: what it accepts (strict: JSON types as written, no unknown
keys) and what it answers. The OpenAPI document at /api/v1/openapi.json is
generated from these; docs/api.md explains them."""

import datetime as dt
import re
from typing import Annotated, Any, Literal
from uuid import UUID

from ninja import Field, Schema
from pydantic import AfterValidator, BeforeValidator, ConfigDict, WithJsonSchema
from pydantic_core import PydanticCustomError

from skingarden.programmes.catalogue import MEASURES, PRODUCTS, RED_FLAGS, TAGS
from skingarden.programmes.models import SITE_SCORE_MAX

CHOOSE_FROM_LIST = "Choose only from the list: {allowed}."
NOT_A_DATE = "Must be a date written as YYYY-MM-DD."
NOT_A_CODE = "Must be a code as the API gives it (8-4-4-4-12 hexadecimal digits)."
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
CODE = re.compile(r"[0-9a-fA-F]{8}(-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12}")


def _iso_date(value: object) -> dt.date:
    """Only an ISO date: pydantic would also read "0" or "1700000000" as a time
    stamp, which no client means."""
    if isinstance(value, str) and ISO_DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date", NOT_A_DATE)


def _code(value: object) -> UUID:
    if isinstance(value, str) and CODE.fullmatch(value):
        return UUID(value)
    raise PydanticCustomError("uuid", NOT_A_CODE)


def _whole(value: object) -> object:
    """JSON Schema counts 7.0 as an integer, so the API does too; 7.5, "7" and true
    stay refused (by the strict integer check that follows)."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


# Last in a type's metadata, so that its range is the integer's own in the schema.
WHOLE = BeforeValidator(_whole)
SiteScore = Annotated[int, Field(ge=0, le=SITE_SCORE_MAX), WHOLE]
IsoDate = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Code = Annotated[
    UUID, BeforeValidator(_code), WithJsonSchema({"type": "string", "format": "uuid"})
]


def _one_of(allowed: tuple[str, ...]) -> AfterValidator:
    def check(value: str) -> str:
        if value not in allowed:
            message = CHOOSE_FROM_LIST.format(allowed=", ".join(allowed))
            raise PydanticCustomError("choice", message)
        return value

    return AfterValidator(check)


def _enum(allowed: tuple[str, ...]) -> WithJsonSchema:
    return WithJsonSchema({"type": "string", "enum": list(allowed)})


PRODUCT_KEYS = tuple(PRODUCTS)
TAG_KEYS = tuple(TAGS)
FLAG_KEYS = tuple(RED_FLAGS)
ProductKey = Annotated[str, _one_of(PRODUCT_KEYS), _enum(PRODUCT_KEYS)]
TagKey = Annotated[str, _one_of(TAG_KEYS), _enum(TAG_KEYS)]
FlagKey = Annotated[str, _one_of(FLAG_KEYS), _enum(FLAG_KEYS)]


def _bounded(key: str) -> Any:
    """A measure's range, inside the type (so the schema says minimum and maximum
    of the number itself, not of "number or null")."""
    return Field(ge=MEASURES[key].low, le=MEASURES[key].high)


def _about(key: str) -> Any:
    measure = MEASURES[key]
    return Field(
        None, description=f"{measure.label} ({measure.unit}); null: not recorded."
    )


class CheckInFields(Schema):
    """A day's answers (24-hour recall). A blank (null) is "not recorded", never
    zero; only the primary outcome is required, by the programme's own rule."""

    worst_itch: Annotated[int, _bounded("worst_itch"), WHOLE] | None = _about(
        "worst_itch"
    )
    sleep_loss: Annotated[int, _bounded("sleep_loss"), WHOLE] | None = _about(
        "sleep_loss"
    )
    new_spots: Annotated[int, _bounded("new_spots"), WHOLE] | None = _about("new_spots")
    kefir_ml: Annotated[int, _bounded("kefir_ml"), WHOLE] | None = _about("kefir_ml")
    fruit_veg_servings: Annotated[int, _bounded("fruit_veg_servings"), WHOLE] | None = (
        _about("fruit_veg_servings")
    )
    fibre_servings: Annotated[int, _bounded("fibre_servings"), WHOLE] | None = _about(
        "fibre_servings"
    )
    bowel_movements: Annotated[int, _bounded("bowel_movements"), WHOLE] | None = _about(
        "bowel_movements"
    )
    stool_form: Annotated[int, _bounded("stool_form"), WHOLE] | None = _about(
        "stool_form"
    )
    gut_discomfort: Annotated[int, _bounded("gut_discomfort"), WHOLE] | None = _about(
        "gut_discomfort"
    )
    energy: Annotated[int, _bounded("energy"), WHOLE] | None = _about("energy")
    topical_applied: bool | None = Field(
        None, description="Topical mixture applied (only on its phases' days)."
    )
    topical_side: Literal["", "left", "right"] = Field(
        "", description="Split-body programmes: the side that got kefir + carrier."
    )
    products: list[ProductKey] = Field(
        default_factory=list, json_schema_extra={"uniqueItems": True}
    )
    tags: list[TagKey] = Field(
        default_factory=list, json_schema_extra={"uniqueItems": True}
    )
    red_flags: list[FlagKey] = Field(
        description="The safety questions: each one answered yes; [] means none of "
        "these. Any yes pauses the programme until seen.",
        json_schema_extra={"uniqueItems": True},
    )
    note: str = Field("", max_length=2000)
    site_kefir: SiteScore | None = Field(
        None, description="Split-body: the primary measure on the kefir site."
    )
    site_carrier: SiteScore | None = Field(
        None, description="Split-body: the primary measure on the carrier site."
    )


class CheckInIn(CheckInFields):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "worst_itch": 4,
                    "sleep_loss": 2,
                    "kefir_ml": 40,
                    "gut_discomfort": 0,
                    "products": ["emollient"],
                    "red_flags": [],
                }
            ]
        },
    )


class CheckInOut(CheckInFields):
    date: dt.date
    version: int = Field(description="The day's own version, also its ETag.")
    form_version: str
    entered_on: dt.date
    late: bool = Field(description="First saved after its day.")
    topical_carrier: str
    topical_ratio: str


class RedFlagOut(Schema):
    flag: str
    question: str
    urgency: str
    advice: str
    reported_on: dt.date


class DoseChangeOut(Schema):
    decision: Literal["step_back", "stop"]
    decided_on: dt.date
    effective_on: dt.date
    from_ml: int
    to_ml: int


class CheckInSavedOut(CheckInOut):
    saved: bool = Field(
        description="False when the same answers were already stored: nothing "
        "was written."
    )
    new_red_flags: list[RedFlagOut]
    dose_changes: list[DoseChangeOut]


class AuthOut(Schema):
    method: Literal["token", "session"]
    can_write: bool
    token_name: str | None
    expires_at: dt.datetime | None


class MeOut(Schema):
    code: UUID
    email: str
    role: Literal["participant", "practitioner"]
    time_zone: str
    today: dt.date
    auth: AuthOut


class ProgrammeOut(Schema):
    code: UUID
    status: Literal["active", "paused", "completed", "stopped", "abandoned"]
    is_open: bool
    template: str
    start_date: dt.date
    end_date: dt.date | None
    ended_on: dt.date | None
    primary_measure: str
    shared_by: str | None = Field(
        description="For a practitioner: the participant who shares it."
    )


class PhaseOut(Schema):
    kind: str
    label: str
    start_date: dt.date
    end_date: dt.date


class AmendmentOut(Schema):
    kind: str
    effective_on: dt.date
    what: str
    why: str
    automatic: bool


class ProgrammeDetailOut(ProgrammeOut):
    phases: list[PhaseOut]
    amendments: list[AmendmentOut]
    protocol: dict[str, Any] = Field(
        description="The locked protocol, as in the JSON export (docs/portability.md)."
    )


class AdherenceOut(Schema):
    days_elapsed: int
    days_logged: int
    doses_planned: int
    doses_taken: int
    doses_partial: int
    doses_missed: int
    doses_unlogged: int


class ResponseOut(Schema):
    code: UUID
    instrument: str
    date: dt.date
    due_on: dt.date | None
    rated_by: str
    scored: bool
    total: float | None
    band: str
    answers: dict[str, Any]


class DueOut(Schema):
    instrument: str
    title: str
    due_on: dt.date
    closes_on: dt.date
    open_today: bool
    response: ResponseOut | None


class ResponseIn(Schema):
    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"answers": {str(item): 2 for item in range(1, 8)}}]
        },
    )

    answers: dict[str, Any] = Field(
        description="The answers by item, in the format of `skingarden score` "
        "(docs/instruments.md)."
    )


class TodayOut(Schema):
    date: dt.date
    status: str
    started: bool
    days_until_start: int
    phase: PhaseOut | None
    phase_day: int | None
    kefir_day: int | None
    planned_ml: int
    logged: bool
    checkin_version: int | None
    awaiting_completion: bool
    open_red_flags: list[RedFlagOut]
    questionnaires_due: list[DueOut]
    adherence: AdherenceOut


class ReportOut(Schema):
    status: Literal["queued", "running", "ready", "failed"]
    progress: int
    step: str
    as_of: dt.date
    interim: bool
    requested_at: dt.datetime
    built_at: dt.datetime | None
    error: str


class EffectOut(Schema):
    measure: str
    unit: str
    lower_is_better: bool
    estimate: float
    ci_low: float
    ci_high: float
    standard_error: float


class ReportResultOut(Schema):
    as_of: dt.date
    interim: bool
    built_at: dt.datetime | None
    verdict: str
    primary_effect: EffectOut | None
