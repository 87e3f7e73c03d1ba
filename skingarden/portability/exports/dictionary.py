"""The CSV export's data dictionary: every column and every measure, described from
the catalogues and instrument definitions themselves, never copied by hand."""

from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass
from typing import Any

from skingarden.instruments import definitions
from skingarden.portability.exports.csv_tables import (
    CLINICIAN_SUFFIX,
    DAILY_FILE,
    IMPORTED_FILE,
    IMPORTED_UNIT,
    LIST_SEPARATOR,
    LONG_FILE,
    SOURCES,
    TOPICAL_APPLIED,
    YES_NO_UNIT,
)
from skingarden.portability.exports.photo_table import PHOTOS_FILE, dictionary_rows
from skingarden.portability.models import SCALE_HIGH, CustomMeasure
from skingarden.portability.selectors import ImportedTracking, ParticipantData
from skingarden.programmes.catalogue import (
    FORM_VERSIONS,
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    TAGS,
)
from skingarden.programmes.plan import PhaseKind

COLUMNS = ("name", "file", "meaning", "unit", "range", "source")
LONG_AND_DAILY = f"{LONG_FILE}, {DAILY_FILE}"
LONG_AND_IMPORTED = f"{LONG_FILE}, {IMPORTED_FILE}"
WITH_PHOTOS = f"{LONG_AND_DAILY}, {PHOTOS_FILE}"


@dataclass(frozen=True)
class Entry:
    name: str
    file: str
    meaning: str
    unit: str = ""
    range: str = ""
    source: str = ""


def table(data: ParticipantData) -> list[Sequence[Any]]:
    entries = [*_columns(), *_measures(), *_daily_extras(), *_instruments()]
    entries += [Entry(*row) for row in dictionary_rows()]
    if data.scope == "all":
        entries += _imported(data.imported)
    return [COLUMNS, *(astuple(entry) for entry in entries)]


def _codes(labels: Mapping[str, Any]) -> str:
    """“key = label” for each entry of a catalogue (a red flag's label is its
    question)."""
    return LIST_SEPARATOR.join(
        f"{key} = {getattr(value, 'question', value)}" for key, value in labels.items()
    )


def _columns() -> list[Entry]:
    phases = LIST_SEPARATOR.join(f"{kind.value} = {kind.label}" for kind in PhaseKind)
    return [
        Entry(
            "date",
            "all",
            "The day, in the participant's own time zone.",
            range="YYYY-MM-DD",
        ),
        Entry(
            "measure",
            LONG_FILE,
            "What was measured; each measure is described below by its name and "
            "source.",
        ),
        Entry(
            "value", LONG_FILE, "The value recorded. A day without a value has no row."
        ),
        Entry("unit", LONG_FILE, "The measure's unit."),
        Entry(
            "phase",
            WITH_PHOTOS,
            "The programme's phase that day; blank outside a programme.",
            range=phases,
        ),
        Entry(
            "programme",
            WITH_PHOTOS,
            "The programme's code (the same in the JSON export); blank for "
            "imported tracking.",
        ),
        Entry(
            "source",
            LONG_FILE,
            "Where the value comes from: checkin = the daily log; instrument = a "
            "questionnaire or rating (its total); imported = tracking imported from "
            "another app.",
            range=", ".join(SOURCES),
        ),
    ]


def _measures() -> list[Entry]:
    return [
        Entry(
            key,
            LONG_AND_DAILY,
            f"{m.label}. {m.help} {m.validated}",
            m.unit,
            f"{m.low}-{m.high}",
            "checkin",
        )
        for key, m in MEASURES.items()
    ]


def _daily_extras() -> list[Entry]:
    def daily(name: str, meaning: str, values: str = "") -> Entry:
        return Entry(name, DAILY_FILE, meaning, range=values, source="checkin")

    return [
        Entry(
            TOPICAL_APPLIED,
            LONG_AND_DAILY,
            "The topical mix was applied that day (yes or no in daily.csv).",
            YES_NO_UNIT,
            "0-1",
            "checkin",
        ),
        daily("topical_side", "The side the topical mix went on.", "left, right"),
        daily("topical_carrier", "The carrier the topical mix was made with."),
        daily("topical_ratio", "The topical mix's ratio, kefir to carrier."),
        *(
            Entry(
                name,
                LONG_AND_DAILY,
                f"Split-body design: the programme's primary measure (its unit) "
                f"rated on the {where} site that day.",
                "the primary measure's unit",
                "as the primary measure",
                "checkin",
            )
            for name, where in (
                ("site_kefir", "kefir + carrier"),
                ("site_carrier", "carrier-only"),
            )
        ),
        daily("products", "Products used that day.", _codes(PRODUCTS)),
        Entry(
            "tags",
            f"{DAILY_FILE}, {IMPORTED_FILE}",
            "Tags for the day.",
            range=_codes(TAGS),
            source="checkin, imported",
        ),
        daily("red_flags", "Red-flag questions answered yes.", _codes(RED_FLAGS)),
        daily("note", "The participant's note for the day."),
        daily(
            "form_version",
            "The form the day was last saved through; web-1 and import-1 filled the "
            "day's outcomes in from the day before, which pulls answers towards no "
            "change.",
            ", ".join(FORM_VERSIONS),
        ),
    ]


def _instruments() -> list[Entry]:
    entries = []
    for definition in definitions.all_definitions():
        low, high = definition.range
        for suffix, who in (("", ""), (CLINICIAN_SUFFIX, ", rated by a clinician")):
            entries.append(
                Entry(
                    definition.id + suffix,
                    LONG_FILE,
                    f"{definition.title}: total score{who}.",
                    "points",
                    f"{low:g}-{high:g}",
                    "instrument",
                )
            )
    return entries


def _imported(imported: ImportedTracking) -> list[Entry]:
    entries = [
        _measure(measure, imported.label(measure)) for measure in imported.measures
    ]
    entries += [
        Entry(
            name,
            IMPORTED_FILE,
            "Imported treatment: Taken, Not taken, or the dose as written.",
            source="imported",
        )
        for name in sorted({entry.name for entry in imported.treatments})
    ]
    entries += [
        Entry(
            "free_tags",
            IMPORTED_FILE,
            "Imported tags with no match in our list, as written.",
            source="imported",
        ),
        Entry("foods", IMPORTED_FILE, "Foods, as written.", source="imported"),
        Entry(
            "weather", IMPORTED_FILE, "The weather, kept as a note.", source="imported"
        ),
    ]
    return entries


def _measure(measure: CustomMeasure, label: str) -> Entry:
    return Entry(
        label,
        LONG_AND_IMPORTED,
        f"Imported {measure.get_kind_display().lower()}: 0 = none to {SCALE_HIGH} = "
        "the worst.",
        IMPORTED_UNIT,
        f"0-{SCALE_HIGH}",
        "imported",
    )
