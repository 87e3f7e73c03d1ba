"""Check-ins as Observations: one per recorded field of a logged day.

Blank means "not recorded", so a blank field (None, "" or an empty list) has no
Observation, while a recorded zero has one. Each Observation's id is derived from
the check-in's UUID and the field, so the same day exports to the same ids.
"""

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from uuid import UUID, uuid5

from skingarden.instruments import definitions
from skingarden.instruments.fhir import CODE_SYSTEM_BASE, SNOMED_CT
from skingarden.portability.fhir_bundle.common import (
    DAILY_LOG_SYSTEM,
    Resource,
    entry,
    observation,
    quantity,
)
from skingarden.programmes.catalogue import MEASURES, PRODUCTS, RED_FLAGS, TAGS
from skingarden.programmes.models import CHECKIN_FIELDS, CheckIn
from skingarden.programmes.split_body import Site

# UCUM codes and the unit people read. A rating has no unit, hence the annotation
# {score}; a count over the day's 24-hour recall is a rate per day (/d); kefir is
# the volume drunk that day.
QUANTITIES: dict[str, tuple[str, str]] = {
    "worst_itch": ("{score}", MEASURES["worst_itch"].unit),
    "sleep_loss": ("{score}", MEASURES["sleep_loss"].unit),
    "new_spots": ("/d", "new spots per day"),
    "kefir_ml": ("mL", "mL"),
    "fruit_veg_servings": ("{serving}/d", "servings per day"),
    "fibre_servings": ("{serving}/d", "servings per day"),
    "bowel_movements": ("/d", "bowel movements per day"),
    "gut_discomfort": ("{score}", MEASURES["gut_discomfort"].unit),
    "energy": ("{score}", MEASURES["energy"].unit),
}
# The Bristol type is a category on an ordinal scale, not an amount: a plain integer,
# coded as the Bristol stool form instrument is.
BRISTOL = "stool_form"
BOOLEANS = {"topical_applied": "Topical mixture applied"}
STRINGS = {
    "topical_side": "Side that got kefir + carrier",
    "topical_carrier": "Topical carrier",
    "topical_ratio": "Topical ratio (kefir:carrier)",
    "note": "Note",
}
# Lists: one Observation per chosen item, its value a code of the field's own system
# (with the catalogue's wording, when the catalogue still has the item).
CHOICES: dict[str, tuple[str, Callable[[str], str | None]]] = {
    "products": ("Product or treatment used", PRODUCTS.get),
    "tags": ("Tag", TAGS.get),
    "red_flags": ("Red flag reported", lambda key: _question(key)),
}

# Split-body scores: the primary measure on one site, with the site as bodySite.
SITES = {
    "site_kefir": "Primary measure on the kefir + carrier site",
    "site_carrier": "Primary measure on the carrier-only site",
}

LABELS: Mapping[str, str] = {
    **{key: measure.label for key, measure in MEASURES.items()},
    **BOOLEANS,
    **STRINGS,
    **{field: label for field, (label, _) in CHOICES.items()},
    **SITES,
}


@dataclass(frozen=True)
class SplitBody:
    """What a day's split-body scores need: the programme's primary measure and
    its two sites."""

    primary: str
    sites: tuple[Site, Site]

    def site(self, field: str) -> Site:
        return next(site for site in self.sites if site.field == field)


def choice_system(field: str) -> str:
    return f"{CODE_SYSTEM_BASE}/{field.replace('_', '-')}"


def checkin_entries(
    checkin: CheckIn, *, subject: UUID, plan: UUID, split: SplitBody | None = None
) -> Iterator[dict[str, Any]]:
    """The Bundle entries of one logged day, in the order of the log's fields."""
    for field, value in _recorded(checkin):
        if field in SITES and split is not None:
            key = uuid5(checkin.code, field)
            resource = _base(checkin, field, key, subject=subject, plan=plan)
            resource.update(_value(split.primary, value))
            resource["bodySite"] = {"text": split.site(field).place}
            yield entry(key, resource)
        elif field in CHOICES:
            for item in value:
                key = uuid5(checkin.code, f"{field}:{item}")
                resource = _base(checkin, field, key, subject=subject, plan=plan)
                resource["valueCodeableConcept"] = _chosen(field, item)
                yield entry(key, resource)
        else:
            key = uuid5(checkin.code, field)
            resource = _base(checkin, field, key, subject=subject, plan=plan)
            resource.update(_value(field, value))
            yield entry(key, resource)


def _recorded(checkin: CheckIn) -> Iterator[tuple[str, Any]]:
    for field in CHECKIN_FIELDS:
        value = getattr(checkin, field)
        if value is not None and value not in ("", []):
            yield field, value


def _base(
    checkin: CheckIn, field: str, key: UUID, *, subject: UUID, plan: UUID
) -> Resource:
    return observation(
        key, code=field_code(field), subject=subject, day=checkin.date, plan=plan
    )


def field_code(field: str) -> dict[str, Any]:
    label = LABELS[field]
    coding = [{"system": DAILY_LOG_SYSTEM, "code": field, "display": label}]
    if field == BRISTOL:
        coding.append({"system": SNOMED_CT, "code": bristol_snomed_code()})
    return {"coding": coding, "text": label}


@cache
def bristol_snomed_code() -> str:
    return str(definitions.load("bristol").raw["codes"]["snomed_ct"])


def _value(field: str, value: Any) -> dict[str, Any]:
    if field in QUANTITIES:
        ucum, unit = QUANTITIES[field]
        return {"valueQuantity": quantity(value, unit=unit, ucum=ucum)}
    if field == BRISTOL:
        return {"valueInteger": value}
    if field in BOOLEANS:
        return {"valueBoolean": value}
    return {"valueString": value}


def _chosen(field: str, item: str) -> dict[str, Any]:
    coding = {"system": choice_system(field), "code": item}
    display = CHOICES[field][1](item)
    if display is None:
        return {"coding": [coding]}
    return {"coding": [{**coding, "display": display}], "text": display}


def _question(key: str) -> str | None:
    flag = RED_FLAGS.get(key)
    return flag.question if flag else None
