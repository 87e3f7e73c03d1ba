"""How a sentence names each daily measure, for the wording rules of
``analysis.wording`` (docs/analysis.md §14). Pure.

The catalogue's labels are written for a form ("Worst itch in the last 24 hours");
a sentence needs a noun phrase ("Your worst itch was 1.1 points lower …") and the
unit without its scale ("points", not "points (0-10)").
"""

from dataclasses import dataclass

from skingarden.analysis.wording import Terms, short_unit
from skingarden.programmes.catalogue import MEASURES


@dataclass(frozen=True)
class Spoken:
    measure: str  # the noun phrase, lower case
    unit: str  # plural; "" for none
    plural: bool = False


SPOKEN: dict[str, Spoken] = {
    "worst_itch": Spoken("worst itch", "points"),
    "sleep_loss": Spoken("sleep lost to itch", "points"),
    "new_spots": Spoken("daily count of new spots", "spots"),
    "gut_discomfort": Spoken("gut discomfort", "points"),
    "stool_form": Spoken("stool form type", ""),
    "bowel_movements": Spoken("number of bowel movements a day", ""),
    "energy": Spoken("energy", "points"),
    "kefir_ml": Spoken("kefir drunk", "ml"),
    "fruit_veg_servings": Spoken("fruit and vegetable servings", ""),
    "fibre_servings": Spoken("fibre servings", ""),
}


def terms_for(measure: str, *, lower_is_better: bool, owner: str = "Your") -> Terms:
    """The sentence terms of a catalogue measure (its label and unit as a fallback
    for a measure with no entry above)."""
    spoken = SPOKEN.get(measure)
    if spoken is None:
        entry = MEASURES[measure]
        spoken = Spoken(entry.short.lower(), short_unit(entry.unit))
    return Terms(
        measure=spoken.measure,
        unit=spoken.unit,
        lower_is_better=lower_is_better,
        owner=owner,
        plural=spoken.plural,
    )


def scale_phrase(measure: str) -> str:
    """The unit of a change in ``measure`` for a form: "points on the 0–10 scale",
    "new spots a day"."""
    entry = MEASURES[measure]
    unit = short_unit(entry.unit)
    if entry.high <= 10:
        return f"{unit} on the {entry.low}–{entry.high} scale"
    if measure == "new_spots":
        return "new spots a day"
    return unit
