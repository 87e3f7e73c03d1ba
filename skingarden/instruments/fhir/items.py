"""The building blocks of a Questionnaire item: groups, numbers and choices."""

from collections.abc import Mapping, Sequence
from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.fhir.systems import (
    MAX_VALUE,
    MIN_VALUE,
    ORDINAL_VALUE,
    code_system_url,
)

Item = dict[str, Any]


def item_text(item: Mapping[str, Any]) -> str:
    """The item's wording, or its topic in brackets when licensed text is absent."""
    return str(item["text"] or f"[{item['topic']}]")


def key_label(key: str) -> str:
    """A label for an answer key: ``ul_right_front`` -> ``Upper limb right front``."""
    words = {"ul": "upper limb", "ll": "lower limb"}
    return " ".join(words.get(word, word) for word in key.split("_")).capitalize()


def group(link_id: str, text: str, items: list[Item]) -> Item:
    return {"linkId": link_id, "text": text, "type": "group", "item": items}


def number(link_id: str, text: str, kind: str, low: float, high: float) -> Item:
    value = "valueInteger" if kind == "integer" else "valueDecimal"
    return {
        "linkId": link_id,
        "text": text,
        "type": kind,
        "extension": [{"url": MIN_VALUE, value: low}, {"url": MAX_VALUE, value: high}],
    }


def choice(
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
