"""FHIR R4 export: definitions as Questionnaires, responses as QuestionnaireResponses.

Pure, no Django. The resources are plain JSON dicts; ``validate`` checks them with
the ``fhir.resources.R4B`` models, imported only when called so that importing this
module (and running ``skingarden score``) stays cheap.

Conventions (docs/instruments.md, "FHIR R4"):

- A ``linkId`` is the path of the answer in Skin Garden's answer format, joined
  with dots: ``"1"`` for POEM item 1, ``"7.main"`` for DLQI item 7's first part,
  ``"regions.head_neck.area"`` for EASI. Groups mirror the nesting; the calculated
  total is the read-only item ``"total"``.
- FHIR ids may not contain underscores, so the resource id is the instrument id with
  hyphens (``po-scorad``); the instrument id itself is kept as an identifier.
- Licensed wording that was not supplied is never invented: such an item's text is
  ``[topic]`` and its options carry codes and ordinal values but no display.
"""

import copy
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.scoring import dlqi, easi, lesion_counts, scorad
from skingarden.instruments.scoring.registry import Score

FHIR_BASE = "https://skingarden.example/fhir"
QUESTIONNAIRE_BASE = f"{FHIR_BASE}/Questionnaire"
CODE_SYSTEM_BASE = f"{FHIR_BASE}/CodeSystem"
INSTRUMENT_ID_SYSTEM = f"{FHIR_BASE}/NamingSystem/instrument"
ORDINAL_VALUE = "http://hl7.org/fhir/StructureDefinition/ordinalValue"
MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue"
MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue"
LOINC = "http://loinc.org"
SNOMED_CT = "http://snomed.info/sct"
TOTAL = "total"
STEM = "stem"
MAX_AGE_YEARS = 130  # the scoring rules' own upper limit for age_years

Item = dict[str, Any]
# DLQI item 7's first part; the scores are the rule's ("yes" 3, "not relevant" 0),
# and "no" has none of its own because the follow-up scores it.
DLQI_MAIN_OPTIONS = (
    {"value": "yes", "score": 3, "text": None},
    {"value": "no", "score": None, "text": None},
)


def resource_id(definition: Definition) -> str:
    """The FHIR id of the instrument's Questionnaire (FHIR ids allow no ``_``)."""
    return definition.id.replace("_", "-")


def canonical_url(definition: Definition) -> str:
    """The Questionnaire's canonical URL, without the version."""
    return f"{QUESTIONNAIRE_BASE}/{resource_id(definition)}"


def code_system_url(definition: Definition) -> str:
    """The code system of the instrument's answer options."""
    return f"{CODE_SYSTEM_BASE}/{resource_id(definition)}"


def questionnaire(definition: Definition) -> dict[str, Any]:
    """The instrument as a FHIR R4 ``Questionnaire``.

    Parameters
    ----------
    definition : the loaded instrument, with licensed wording if it was supplied.

    Returns
    -------
    dict
        The resource as FHIR JSON; its items follow the answer format (module
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
            *_layout(definition)(definition),
            _total(definition),
        ],
    }
    codes = _instrument_codes(definition)
    if codes:
        resource["code"] = codes
    return resource


def questionnaire_response(
    definition: Definition,
    *,
    answers: Mapping[str, Any],
    score: Score,
    authored: datetime,
    subject_reference: str,
    response_id: str,
) -> dict[str, Any]:
    """One stored response as a FHIR R4 ``QuestionnaireResponse``.

    Parameters
    ----------
    definition : the instrument answered.
    answers : the answers in Skin Garden's format, as the scoring rule accepted them.
    score : the result of ``score_instrument(definition, answers)``.
    authored : when the answers were given; must carry a time zone (FHIR requires
        one on a dateTime with a time).
    subject_reference : e.g. ``"Patient/42"``.
    response_id : the resource's id (letters, digits, ``-`` and ``.``).

    Returns
    -------
    dict
        The resource as FHIR JSON: blank answers (None, or an empty list, which
        for GAGS means a clear location) are left out, and ``total`` holds the
        score when the answers were scored.

    Raises
    ------
    ValueError
        If the score is for another instrument, ``authored`` is naive, or an answer
        is not one of its item's options.
    """
    if score.instrument != definition.id:
        raise ValueError(f"The score is for {score.instrument}, not {definition.id}.")
    if authored.tzinfo is None:
        raise ValueError("“authored” needs a time zone.")
    items = _answered(questionnaire(definition)["item"], answers)
    if score.scored and score.total is not None:
        items.append({"linkId": TOTAL, "answer": [{"valueDecimal": score.total}]})
    resource: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": response_id,
        "questionnaire": f"{canonical_url(definition)}|{definition.version}",
        "status": "completed",
        "subject": {"reference": subject_reference},
        "authored": authored.isoformat(),
    }
    if items:  # FHIR forbids empty arrays
        resource["item"] = items
    return resource


def validate(resource: dict[str, Any]) -> None:
    """Check a resource against the FHIR R4B models of ``fhir.resources``.

    R4B's Questionnaire and QuestionnaireResponse match R4 (4.0.1) in every element
    used here, and ``fhir.resources`` 8 ships no R4 models.

    Raises
    ------
    ValueError
        With the library's message, if the resource is invalid or is neither a
        Questionnaire nor a QuestionnaireResponse.
    """
    from fhir.resources.R4B.questionnaire import Questionnaire
    from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

    kind = resource.get("resourceType")
    if kind not in ("Questionnaire", "QuestionnaireResponse"):
        raise ValueError(f"Cannot validate a resource of type {kind!r}.")
    model = Questionnaire if kind == "Questionnaire" else QuestionnaireResponse
    try:
        model.model_validate(resource)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        raise ValueError(str(error)) from error


# Questionnaire parts shared by every instrument.


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
    item = {**_number(TOTAL, "Total score", "decimal", low, high), "readOnly": True}
    code = definition.raw.get("codes", {}).get("loinc_total")
    if code:
        item["code"] = [{"system": LOINC, "code": code}]
    return item


def _text(item: Mapping[str, Any]) -> str:
    """The item's wording, or its topic in brackets when licensed text is absent."""
    return str(item["text"] or f"[{item['topic']}]")


def _label(key: str) -> str:
    """A label for an answer key: ``ul_right_front`` -> ``Upper limb right front``."""
    words = {"ul": "upper limb", "ll": "lower limb"}
    return " ".join(words.get(word, word) for word in key.split("_")).capitalize()


def _group(link_id: str, text: str, items: list[Item]) -> Item:
    return {"linkId": link_id, "text": text, "type": "group", "item": items}


def _number(link_id: str, text: str, kind: str, low: float, high: float) -> Item:
    value = "valueInteger" if kind == "integer" else "valueDecimal"
    return {
        "linkId": link_id,
        "text": text,
        "type": kind,
        "extension": [{"url": MIN_VALUE, value: low}, {"url": MAX_VALUE, value: high}],
    }


def _choice(
    definition: Definition,
    link_id: str,
    text: str,
    options: Sequence[Mapping[str, Any]],
    *,
    item: Mapping[str, Any] | None = None,
    repeats: bool = False,
) -> Item:
    # A deployer's file may word the options differently for one item.
    wording = (item or {}).get("options") or {}
    result: Item = {
        "linkId": link_id,
        "text": text,
        "type": "choice",
        "answerOption": [_option(definition, option, wording) for option in options],
    }
    if repeats:
        result["repeats"] = True
    return result


def _option(
    definition: Definition, option: Mapping[str, Any], wording: Mapping[str, str]
) -> dict[str, Any]:
    coding: dict[str, Any] = {
        "system": code_system_url(definition),
        "code": str(option["value"]),
    }
    display = wording.get(str(option["value"])) or option.get("text")
    if display:
        coding["display"] = display
    if option.get("score") is not None:
        coding["extension"] = [{"url": ORDINAL_VALUE, "valueDecimal": option["score"]}]
    return {"valueCoding": coding}


# Item layouts, one per scoring rule, following that rule's answer format.


def _layout(definition: Definition) -> Callable[[Definition], list[Item]]:
    rule = definition.scoring["rule"]
    if rule not in LAYOUTS:
        raise ValueError(f"The scoring rule “{rule}” has no FHIR layout.")
    return LAYOUTS[rule]


def _summed_items(definition: Definition) -> list[Item]:
    # Paper forms get several ticks; where the rule accepts them (the highest
    # counts), the item repeats so that the response can record them all.
    repeats = definition.scoring.get("multiple_ticks", "highest") == "highest"
    return _choice_per_item(definition, repeats=repeats)


def _choice_per_item(definition: Definition, *, repeats: bool) -> list[Item]:
    return [
        _choice(
            definition,
            item["id"],
            _text(item),
            definition.options,
            item=item,
            repeats=repeats,
        )
        for item in definition.items
    ]


def _dlqi_items(definition: Definition) -> list[Item]:
    return [
        _dlqi_two_part(definition, item)
        if item.get("two_part")
        else _dlqi_one_part(definition, item)
        for item in definition.items
    ]


def _dlqi_one_part(definition: Definition, item: Mapping[str, Any]) -> Item:
    options = [
        option
        for option in definition.options
        if item.get("not_relevant") or option["value"] != dlqi.NOT_RELEVANT
    ]
    return _choice(
        definition, item["id"], _text(item), options, item=item, repeats=True
    )


def _dlqi_two_part(definition: Definition, item: Mapping[str, Any]) -> Item:
    link_id, topic = item["id"], item["topic"]
    not_relevant = [o for o in definition.options if o["value"] == dlqi.NOT_RELEVANT]
    follow_up = [o for o in definition.options if o["value"] in (2, 1, 0)]
    main = _choice(
        definition,
        f"{link_id}.main",
        f"[{topic}]",
        [*DLQI_MAIN_OPTIONS, *not_relevant],
        item=item,
    )
    sub = _choice(
        definition, f"{link_id}.sub", f"[{topic}: if no]", follow_up, item=item
    )
    sub["enableWhen"] = [
        {
            "question": main["linkId"],
            "operator": "=",
            "answerCoding": {"system": code_system_url(definition), "code": "no"},
        }
    ]
    return _group(link_id, _text(item), [main, sub])


def _scorad_items(definition: Definition) -> list[Item]:
    regions = [
        _number(f"regions.{region}", _label(region), "decimal", 0, 100)
        for region in scorad.ADULT_WEIGHTS
    ]
    signs = [
        _choice(
            definition,
            f"intensity.{item['id']}",
            _text(item),
            definition.options,
            item=item,
        )
        for item in definition.items
    ]
    items = [
        _number("age_years", "Age in years", "decimal", 0, MAX_AGE_YEARS),
        _number(
            "extent_percent",
            "Extent: percentage of the body surface affected",
            "decimal",
            0,
            100,
        ),
        _group(
            "regions", "Extent by region: percentage of each region affected", regions
        ),
        _group("intensity", "Intensity", signs),
    ]
    if definition.scoring.get("subjective", True):
        items += [
            _number(name, _label(name), "decimal", 0, 10) for name in scorad.SUBJECTIVE
        ]
    return items


def _easi_items(definition: Definition) -> list[Item]:
    regions = [
        _group(f"regions.{item['id']}", _text(item), _easi_region(item["id"]))
        for item in definition.items
    ]
    return [
        _number("age_years", "Age in years", "decimal", 0, MAX_AGE_YEARS),
        _group("regions", "Regions", regions),
    ]


def _easi_region(region: str) -> list[Item]:
    prefix = f"regions.{region}"
    return [
        _number(f"{prefix}.area", "Area score", "integer", 0, 6),
        *(
            _number(f"{prefix}.{sign}", _label(sign), "decimal", 0, 3)
            for sign in easi.SIGNS
        ),
    ]


def _gags_items(definition: Definition) -> list[Item]:
    # The answer is the list of lesion types present, so every location repeats.
    return _choice_per_item(definition, repeats=True)


def _lesion_count_items(definition: Definition) -> list[Item]:
    return [
        _group(
            item["id"],
            _text(item),
            [
                _number(
                    f"{item['id']}.{option['value']}",
                    option["text"],
                    "integer",
                    0,
                    lesion_counts.MAX_COUNT,
                )
                for option in definition.options
            ],
        )
        for item in definition.items
    ]


def _single_items(definition: Definition) -> list[Item]:
    params = definition.scoring
    return [
        _number(params["key"], _text(item), "integer", params["low"], params["high"])
        for item in definition.items
    ]


LAYOUTS: dict[str, Callable[[Definition], list[Item]]] = {
    "summed_items": _summed_items,
    "dlqi": _dlqi_items,
    "scorad": _scorad_items,
    "easi": _easi_items,
    "gags": _gags_items,
    "lesion_counts": _lesion_count_items,
    "single_item": _single_items,
}


# Responses: walk the Questionnaire's items and look each linkId up in the answers.


def _answered(items: list[Item], answers: Mapping[str, Any]) -> list[Item]:
    result: list[Item] = []
    for item in items:
        if item["type"] == "group":
            children = _answered(item["item"], answers)
            if children:
                result.append({"linkId": item["linkId"], "item": children})
        elif item["type"] != "display" and not item.get("readOnly"):
            value = _lookup(answers, item["linkId"])
            if value is not None and value != []:
                result.append(
                    {"linkId": item["linkId"], "answer": _answers(item, value)}
                )
    return result


def _lookup(answers: Mapping[str, Any], link_id: str) -> Any:
    value: Any = answers
    for key in link_id.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(key)
    return value


def _answers(item: Item, value: Any) -> list[dict[str, Any]]:
    values = value if isinstance(value, list) else [value]
    if item["type"] == "choice":
        return [{"valueCoding": _coding(item, one)} for one in values]
    kind = "valueInteger" if item["type"] == "integer" else "valueDecimal"
    return [{kind: one} for one in values]


def _coding(item: Item, value: Any) -> dict[str, Any]:
    for option in item["answerOption"]:
        if option["valueCoding"]["code"] == str(value):
            return copy.deepcopy(dict(option["valueCoding"]))
    raise ValueError(f"{value!r} is not an option of item {item['linkId']}.")
