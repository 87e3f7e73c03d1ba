"""Band systems: inclusive ranges as published, applied after rounding. Pure."""

from collections.abc import Mapping, Sequence
from typing import Any

from skingarden.instruments.scoring import Number, ScoringError


def band_for(total: Number, bands: Sequence[Mapping[str, Any]]) -> str:
    """The label of the inclusive range holding ``total``.

    Ranges are as published (e.g. Leshem: 1.1-7.0 mild, 7.1-21.0 moderate), so a
    continuous total must already be rounded to the ranges' precision.
    """
    for band in bands:
        if band["min"] <= total <= band["max"]:
            return str(band["label"])
    raise ScoringError([f"A total of {total} falls in none of the bands."])


def all_bands(
    total: Number | None, systems: Mapping[str, Mapping[str, Any]]
) -> dict[str, str | None]:
    """Every named band system's label for ``total`` (None when not scored)."""
    if total is None:
        return {name: None for name in systems}
    return {name: band_for(total, system["bands"]) for name, system in systems.items()}
