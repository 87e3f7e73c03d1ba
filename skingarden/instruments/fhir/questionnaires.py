"""An instrument as a FHIR R4 ``Questionnaire``: the parts every instrument shares
around the items of its layout."""

from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.fhir.items import Item, number
from skingarden.instruments.fhir.layouts import layout_items
from skingarden.instruments.fhir.systems import (
    INSTRUMENT_ID_SYSTEM,
    LOINC,
    SNOMED_CT,
    canonical_url,
    resource_id,
)

TOTAL = "total"
STEM = "stem"


def questionnaire(definition: Definition) -> dict[str, Any]:
    """The instrument as a FHIR R4 ``Questionnaire``.

    Parameters
    ----------
    definition : the loaded instrument, with licensed wording if it was supplied.

    Returns
    -------
    dict
        The resource as FHIR JSON; its items follow the answer format (package
        docstring), ending with the read-only ``total``.

    Raises
    ------
    ValueError
        If the definition's scoring rule has no FHIR layout.
    """
    resource: dict[str, Any] = {
        "resourceType": "Questionnaire",
        "id": resource_id(definition),
        "url": canonical_url(definition),
        "identifier": [{"system": INSTRUMENT_ID_SYSTEM, "value": definition.id}],
        "version": definition.version,
        "name": "".join(part.capitalize() for part in definition.id.split("_")),
        "title": definition.title,
        "status": "active",
        "subjectType": ["Patient"],
        "description": _description(definition),
        "copyright": _copyright(definition),
        "item": [
            *_stem(definition),
            *layout_items(definition),
            _total(definition),
        ],
    }
    codes = _instrument_codes(definition)
    if codes:
        resource["code"] = codes
    return resource


def _description(definition: Definition) -> str:
    recall = definition.raw.get("recall")
    parts = [
        f"Recall period: {recall}." if recall else "",
        f"Reported by: {definition.reported_by}.",
    ]
    return " ".join(part for part in parts if part)


def _copyright(definition: Definition) -> str:
    licence = definition.raw["licence"]
    return str(licence.get("copyright") or licence["owner"])


def _instrument_codes(definition: Definition) -> list[dict[str, str]]:
    codes = definition.raw.get("codes", {})
    known = ((LOINC, codes.get("loinc_panel")), (SNOMED_CT, codes.get("snomed_ct")))
    return [{"system": system, "code": code} for system, code in known if code]


def _stem(definition: Definition) -> list[Item]:
    stem = definition.raw.get("stem")
    return [{"linkId": STEM, "text": stem, "type": "display"}] if stem else []


def _total(definition: Definition) -> Item:
    low, high = definition.range
    item = {**number(TOTAL, "Total score", "decimal", low, high), "readOnly": True}
    code = definition.raw.get("codes", {}).get("loinc_total")
    if code:
        item["code"] = [{"system": LOINC, "code": code}]
    return item
