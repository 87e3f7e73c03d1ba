"""Score any instrument from its definition: the bridge from data to a scoring rule."""

from collections.abc import Mapping

from skingarden.instruments.definitions import Definition
from skingarden.instruments.scoring import ScoringError, summed_items


def score_definition(
    definition: Definition, answers: Mapping[str, summed_items.Answer]
) -> summed_items.SummedScore:
    rule = definition.scoring["rule"]
    if rule != "summed_items":
        raise ScoringError([f"The scoring rule “{rule}” is not available."])
    params = definition.scoring
    return summed_items.score(
        answers,
        item_ids=definition.item_ids,
        option_scores=[option["score"] for option in definition.options],
        missing_allowed=params["missing_allowed"],
        missing_item_score=params["missing_item_score"],
        bands=definition.bands(),
    )
