"""Item layouts, one per scoring rule, following that rule's answer format."""

from collections.abc import Callable, Mapping
from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.fhir.items import (
    Item,
    choice,
    group,
    item_text,
    key_label,
    number,
)
from skingarden.instruments.fhir.systems import code_system_url
from skingarden.instruments.scoring import dlqi, easi, lesion_counts, scorad

MAX_AGE_YEARS = 130  # the scoring rules' own upper limit for age_years

# DLQI item 7's first part; the scores are the rule's ("yes" 3, "not relevant" 0),
# and "no" has none of its own because the follow-up scores it.
DLQI_MAIN_OPTIONS = (
    {"value": "yes", "score": 3, "text": None},
    {"value": "no", "score": None, "text": None},
)


def layout_items(definition: Definition) -> list[Item]:
    """The items of the instrument's answer format, laid out by its scoring rule.

    Raises
    ------
    ValueError
        If the definition's scoring rule has no FHIR layout.
    """
    rule = definition.scoring["rule"]
    if rule not in LAYOUTS:
        raise ValueError(f"The scoring rule “{rule}” has no FHIR layout.")
    return LAYOUTS[rule](definition)


def _summed_items(definition: Definition) -> list[Item]:
    # Paper forms get several ticks; where the rule accepts them (the highest
    # counts), the item repeats so that the response can record them all.
    repeats = definition.scoring.get("multiple_ticks", "highest") == "highest"
    return _choice_per_item(definition, repeats=repeats)


def _choice_per_item(definition: Definition, *, repeats: bool) -> list[Item]:
    return [
        choice(
            definition,
            item["id"],
            item_text(item),
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
    return choice(
        definition, item["id"], item_text(item), options, item=item, repeats=True
    )


def _dlqi_two_part(definition: Definition, item: Mapping[str, Any]) -> Item:
    link_id, topic = item["id"], item["topic"]
    not_relevant = [o for o in definition.options if o["value"] == dlqi.NOT_RELEVANT]
    follow_up = [o for o in definition.options if o["value"] in (2, 1, 0)]
    main = choice(
        definition,
        f"{link_id}.main",
        f"[{topic}]",
        [*DLQI_MAIN_OPTIONS, *not_relevant],
        item=item,
    )
    sub = choice(
        definition, f"{link_id}.sub", f"[{topic}: if no]", follow_up, item=item
    )
    sub["enableWhen"] = [
        {
            "question": main["linkId"],
            "operator": "=",
            "answerCoding": {"system": code_system_url(definition), "code": "no"},
        }
    ]
    return group(link_id, item_text(item), [main, sub])


def _scorad_items(definition: Definition) -> list[Item]:
    regions = [
        number(f"regions.{region}", key_label(region), "decimal", 0, 100)
        for region in scorad.ADULT_WEIGHTS
    ]
    signs = [
        choice(
            definition,
            f"intensity.{item['id']}",
            item_text(item),
            definition.options,
            item=item,
        )
        for item in definition.items
    ]
    items = [
        number("age_years", "Age in years", "decimal", 0, MAX_AGE_YEARS),
        number(
            "extent_percent",
            "Extent: percentage of the body surface affected",
            "decimal",
            0,
            100,
        ),
        group(
            "regions", "Extent by region: percentage of each region affected", regions
        ),
        group("intensity", "Intensity", signs),
    ]
    if definition.scoring.get("subjective", True):
        items += [
            number(name, key_label(name), "decimal", 0, 10)
            for name in scorad.SUBJECTIVE
        ]
    return items


def _easi_items(definition: Definition) -> list[Item]:
    regions = [
        group(f"regions.{item['id']}", item_text(item), _easi_region(item["id"]))
        for item in definition.items
    ]
    return [
        number("age_years", "Age in years", "decimal", 0, MAX_AGE_YEARS),
        group("regions", "Regions", regions),
    ]


def _easi_region(region: str) -> list[Item]:
    prefix = f"regions.{region}"
    return [
        number(f"{prefix}.percent", "Percentage affected", "integer", 0, 100),
        number(f"{prefix}.area", "Area score", "integer", 0, 6),
        *(
            number(f"{prefix}.{sign}", key_label(sign), "decimal", 0, 3)
            for sign in easi.SIGNS
        ),
    ]


def _gags_items(definition: Definition) -> list[Item]:
    # The answer is the list of lesion types present, so every location repeats.
    return _choice_per_item(definition, repeats=True)


def _lesion_count_items(definition: Definition) -> list[Item]:
    return [
        group(
            item["id"],
            item_text(item),
            [
                number(
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
        number(params["key"], item_text(item), "integer", params["low"], params["high"])
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
