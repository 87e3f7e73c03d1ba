"""Instrument definitions: one JSON file per instrument in this folder. Pure, no Django.

A definition is data: items (our own wording, or a marker that licensed text is
required), options with their scores, the scoring rule and its parameters, named
band systems with sources, change rules, MCIDs, codes and the licence. Scoring
reads the parameters; no code is per-instrument.

Licensed wording (DLQI, CDLQI, ADCT, RECAP, CADI) is never in this repository. A
deployer with a licence puts ``<id>.json`` in the licensed-text folder (format in
docs/instruments.md); ``load`` then overlays it, and the instrument can be used.
"""

import json
import os
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DEFINITIONS_DIR = Path(__file__).resolve().parent
LICENSED_TEXT_ENV = "LICENSED_TEXT_DIR"


class UnknownInstrument(LookupError):
    pass


class LicensedTextError(ValueError):
    """A deployer's licensed-text file does not fit its instrument."""


STATUS_LABELS = {
    "free": "free to use",
    "own_wording": "usable with Skin Garden's own wording",
    "licensed_text_required": "needs licensed text",
    "licensed_text_supplied": "licensed text supplied",
}


@dataclass(frozen=True)
class Definition:
    id: str
    version: str
    title: str
    short_title: str
    raw: dict[str, Any]

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.raw["items"])

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item["id"] for item in self.raw["items"])

    @property
    def options(self) -> list[dict[str, Any]]:
        return list(self.raw.get("options", []))

    @property
    def scoring(self) -> dict[str, Any]:
        return dict(self.raw["scoring"])

    @property
    def range(self) -> tuple[float, float]:
        low, high = self.raw["range"]
        return low, high

    @property
    def band_systems(self) -> dict[str, dict[str, Any]]:
        return dict(self.raw.get("band_systems", {}))

    @property
    def shown_band_system(self) -> str | None:
        return self.raw.get("shown_band_system")

    @property
    def subscore_band_systems(self) -> dict[str, dict[str, Any]]:
        return dict(self.raw.get("subscore_band_systems", {}))

    @property
    def mcid(self) -> dict[str, Any]:
        return dict(self.raw.get("mcid", {}))

    @property
    def licence_status(self) -> str:
        return str(self.raw["licence"]["status"])

    @property
    def licence_label(self) -> str:
        return STATUS_LABELS[self.licence_status]

    @property
    def usable(self) -> bool:
        """Can it be shown to a participant? (Scoring always works.)"""
        return self.licence_status != "licensed_text_required"

    @property
    def reported_by(self) -> str:
        return str(self.raw.get("reported_by", "participant"))

    @property
    def conditions(self) -> list[str]:
        return list(self.raw.get("conditions", []))

    @property
    def schedule(self) -> str | None:
        return self.raw.get("schedule")

    def bands(self, system: str | None = None) -> list[dict[str, Any]]:
        name = system or self.shown_band_system
        return [] if name is None else list(self.band_systems[name]["bands"])

    def rule_params(self) -> dict[str, Any]:
        """The scoring rule's parameters: the definition's, plus items and options."""
        return {
            **self.scoring,
            "item_ids": list(self.item_ids),
            "option_scores": {
                option["value"]: option["score"] for option in self.options
            },
        }

    def names(self) -> set[str]:
        """Every name a file of worked cases may use for this instrument."""
        return {
            n.casefold()
            for n in (
                self.id,
                self.short_title,
                self.title,
                *self.raw.get("aliases", []),
            )
        }


def licensed_text_dir() -> Path | None:
    value = os.environ.get(LICENSED_TEXT_ENV)
    return Path(value) if value else None


@cache
def _read(instrument_id: str) -> dict[str, Any]:
    path = DEFINITIONS_DIR / f"{instrument_id}.json"
    if not instrument_id.replace("_", "").isalnum() or not path.is_file():
        raise UnknownInstrument(f"There is no instrument called “{instrument_id}”.")
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def load(instrument_id: str, *, text_dir: Path | None = None) -> Definition:
    """The definition, with the deployer's licensed text overlaid if supplied.

    ``text_dir`` defaults to the ``LICENSED_TEXT_DIR`` environment variable.
    """
    raw = json.loads(json.dumps(_read(instrument_id)))  # a private copy
    folder = text_dir if text_dir is not None else licensed_text_dir()
    if raw["licence"]["status"] == "licensed_text_required" and folder is not None:
        supplied = folder / f"{instrument_id}.json"
        if supplied.is_file():
            overlay_licensed_text(raw, json.loads(supplied.read_text(encoding="utf-8")))
    return Definition(raw["id"], raw["version"], raw["title"], raw["short_title"], raw)


def overlay_licensed_text(raw: dict[str, Any], supplied: dict[str, Any]) -> None:
    """Put a deployer's licensed wording into a definition, checking it fits."""
    problems = []
    if supplied.get("instrument") != raw["id"]:
        problems.append(
            f"the file is for “{supplied.get('instrument')}”, not “{raw['id']}”"
        )
    if not supplied.get("copyright"):
        problems.append("the copyright line the licence gave is missing")
    items = supplied.get("items", {})
    problems += [
        f"item {item['id']} has no text"
        for item in raw["items"]
        if not items.get(item["id"])
    ]
    options = supplied.get("options", {})
    problems += [
        f"option {option['value']} has no text"
        for option in raw["options"]
        if not options.get(str(option["value"]))
    ]
    if problems:
        raise LicensedTextError(
            f"Licensed text for {raw['id']}: " + "; ".join(problems) + "."
        )
    for item in raw["items"]:
        item["text"] = items[item["id"]]
        item["options"] = supplied.get("item_options", {}).get(item["id"])
    for option in raw["options"]:
        option["text"] = options[str(option["value"])]
    raw["stem"] = supplied.get("stem", "")
    raw["licence"] = {
        **raw["licence"],
        "status": "licensed_text_supplied",
        "copyright": supplied["copyright"],
    }


def all_ids() -> list[str]:
    return sorted(path.stem for path in DEFINITIONS_DIR.glob("*.json"))


def all_definitions(*, text_dir: Path | None = None) -> list[Definition]:
    return [load(instrument_id, text_dir=text_dir) for instrument_id in all_ids()]


def find(name: str) -> Definition:
    """The instrument a name, short title, title or alias refers to (any case)."""
    wanted = name.casefold()
    for definition in all_definitions():
        if wanted in definition.names():
            return definition
    raise UnknownInstrument(f"There is no instrument called “{name}”.")
