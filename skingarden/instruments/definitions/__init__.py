"""Instrument definitions: one JSON file per instrument in this folder. Pure, no Django.

A definition is data: items (our own wording), options with their scores, the
scoring rule and its parameters, named band systems with sources, the MCID, codes
and the licence. Scoring modules read the parameters; no code is per-instrument.
"""

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

DEFINITIONS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Band:
    low: float
    high: float
    label: str


@dataclass(frozen=True)
class Definition:
    id: str
    version: str
    title: str
    short_title: str
    raw: dict[str, Any]

    @property
    def item_ids(self) -> tuple[str, ...]:
        return tuple(item["id"] for item in self.raw["items"])

    @property
    def items(self) -> list[dict[str, Any]]:
        return list(self.raw["items"])

    @property
    def options(self) -> list[dict[str, Any]]:
        return list(self.raw["options"])

    @property
    def scoring(self) -> dict[str, Any]:
        return dict(self.raw["scoring"])

    @property
    def mcid(self) -> dict[str, Any]:
        return dict(self.raw.get("mcid", {}))

    def bands(self, system: str | None = None) -> tuple[Band, ...]:
        name = system or self.raw["shown_band_system"]
        spec = self.raw["band_systems"][name]["bands"]
        return tuple(Band(band["min"], band["max"], band["label"]) for band in spec)


class UnknownInstrument(LookupError):
    pass


@cache
def load(instrument_id: str) -> Definition:
    path = DEFINITIONS_DIR / f"{instrument_id}.json"
    if not instrument_id.isidentifier() or not path.is_file():
        raise UnknownInstrument(f"There is no instrument called “{instrument_id}”.")
    raw = json.loads(path.read_text(encoding="utf-8"))
    return Definition(raw["id"], raw["version"], raw["title"], raw["short_title"], raw)
