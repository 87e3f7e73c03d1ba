"""Score any instrument from its definition: the bridge from data to a rule. Pure.

Adding an instrument that reuses a rule needs only a definition file.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from skingarden.instruments.definitions import Definition
from skingarden.instruments.scoring import (
    Number,
    RuleResult,
    ScoringError,
    dlqi,
    easi,
    gags,
    lesion_counts,
    scorad,
    single_item,
    summed_items,
)
from skingarden.instruments.scoring.bands import all_bands
from skingarden.instruments.scoring.change import interpret_change

Rule = Callable[[Mapping[str, Any], Mapping[str, Any]], RuleResult]
RULES: dict[str, tuple[Rule, str]] = {
    "summed_items": (summed_items.score, summed_items.SCORING_VERSION),
    "dlqi": (dlqi.score, dlqi.SCORING_VERSION),
    "scorad": (scorad.score, scorad.SCORING_VERSION),
    "easi": (easi.score, easi.SCORING_VERSION),
    "gags": (gags.score, gags.SCORING_VERSION),
    "lesion_counts": (lesion_counts.score, lesion_counts.SCORING_VERSION),
    "single_item": (single_item.score, single_item.SCORING_VERSION),
}


@dataclass(frozen=True)
class Score:
    instrument: str
    version: str
    scoring_version: str
    scored: bool
    total: Number | None
    band: str | None
    bands: Mapping[str, str | None] = field(default_factory=dict)
    subscores: Mapping[str, Number | None] = field(default_factory=dict)
    subscore_bands: Mapping[str, Mapping[str, str | None]] = field(default_factory=dict)
    details: Mapping[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "scoring_version": self.scoring_version,
            "scored": self.scored,
            "total": self.total,
            "band": self.band,
            "bands": dict(self.bands),
            "subscores": dict(self.subscores),
            "subscore_bands": {k: dict(v) for k, v in self.subscore_bands.items()},
            **{k: v for k, v in self.details.items() if k != "bands"},
        }


def scoring_version(definition: Definition) -> str:
    return _rule(definition)[1]


def _rule(definition: Definition) -> tuple[Rule, str]:
    name = definition.scoring["rule"]
    if name not in RULES:
        raise ScoringError([f"The scoring rule “{name}” is not available."])
    return RULES[name]


def score_instrument(definition: Definition, answers: Any) -> Score:
    """Score ``answers`` for ``definition`` and band the results.

    Raises
    ------
    ScoringError
        Naming every problem with the answers.
    """
    if not isinstance(answers, Mapping):
        raise ScoringError(
            ["The answers must be a JSON object with one entry per item."]
        )
    rule, version = _rule(definition)
    result = rule(answers, definition.rule_params())
    bands = {
        **all_bands(result.total, definition.band_systems),
        **result.details.get("bands", {}),
    }
    shown = definition.shown_band_system
    subscore_bands = {
        name: all_bands(result.subscores.get(name), systems)
        for name, systems in definition.subscore_band_systems.items()
    }
    details = {**result.details, **_flags(definition, result.total)}
    return Score(
        instrument=definition.id,
        version=definition.version,
        scoring_version=version,
        scored=result.scored,
        total=result.total,
        band=bands.get(shown) if shown else None,
        bands=bands,
        subscores=result.subscores,
        subscore_bands=subscore_bands,
        details=details,
    )


def _flags(definition: Definition, total: Number | None) -> dict[str, bool | None]:
    """Yes/no cut-offs the definition names (ADCT: 7 or more, not well controlled)."""
    return {
        flag["key"]: (None if total is None else total >= flag["min"])
        for flag in definition.raw.get("flags", [])
    }


def change(definition: Definition, previous: Number, current: Number) -> dict[str, Any]:
    """What a change between two totals of this instrument means."""
    rule = definition.raw.get("change")
    if rule is None:
        raise ScoringError([f"{definition.short_title} has no change rule."])
    return interpret_change({**rule, "range": definition.range}, previous, current)
