"""Every worked case in the file named by INSTRUMENT_VECTORS (default: the copy in
tests/data/fixtures), adapted to our answer format. A case we cannot run is a
failure."""

import copy
import json
import unittest
from typing import Any

from skingarden.instruments import definitions
from skingarden.instruments.scoring import ScoringError, easi, scorad
from skingarden.instruments.scoring.registry import change, score_instrument
from tests.datafiles import INSTRUMENT_VECTORS

NOT_COMPARED = ("note", "reason", "explanation")
TOLERANCE = 0.01
SCORAD_SIGNS = scorad.SIGNS
EASI_SIGNS = easi.SIGNS


class CannotRun(Exception):
    """The harness does not know how to turn this case's inputs into answers."""


def numbered(values: list[Any]) -> dict[str, Any]:
    return {str(number): value for number, value in enumerate(values, start=1)}


def adapt(inputs: dict[str, Any]) -> dict[str, Any]:
    """The case's inputs in our answer format (docs/instruments.md)."""
    for key, value in inputs.items():
        if key.startswith(
            (
                "item_option_index_1_to_",
                "item_scores_1_to_",
                "item_option_letters_1_to_",
            )
        ):
            return numbered(value)
    if "items" in inputs:
        return {key.removeprefix("q"): value for key, value in inputs["items"].items()}
    if "lesion_types_present_per_location" in inputs:
        return dict(inputs["lesion_types_present_per_location"])
    if "nrs_0_10" in inputs:
        return {"score": inputs["nrs_0_10"]}
    if set(inputs) == {"type"}:
        return {"type": inputs["type"]}
    if "regions" in inputs and "age_years" in inputs:
        return adapt_easi(inputs)
    if any(key.startswith(("extent_A_percent", "intensity_items")) for key in inputs):
        return adapt_scorad(inputs)
    raise CannotRun(f"no adapter for inputs {sorted(inputs)}")


def adapt_easi(inputs: dict[str, Any]) -> dict[str, Any]:
    regions = {}
    for name, region in inputs["regions"].items():
        signs = region["erythema_induration_excoriation_lichenification"]
        regions[name] = {
            "area": region["area_score_0_6"],
            **dict(zip(EASI_SIGNS, signs, strict=True)),
        }
    return {"age_years": inputs["age_years"], "regions": regions}


def adapt_scorad(inputs: dict[str, Any]) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for key, value in inputs.items():
        if key.startswith("extent_A_percent"):
            answers["extent_percent"] = value
        elif key.startswith("intensity_items"):
            # A list of the wrong length stays a list, which the rule rejects.
            answers["intensity"] = (
                dict(zip(SCORAD_SIGNS, value, strict=True))
                if len(value) == len(SCORAD_SIGNS)
                else value
            )
        elif key.startswith("itch"):
            answers["itch"] = value
        elif key.startswith(("sleeplessness", "sleep")):
            answers["sleeplessness"] = value
        elif key == "region_percent_affected":
            answers["regions"] = value
        elif key == "age_years":
            answers["age_years"] = value
        else:
            raise CannotRun(f"unknown SCORAD input {key}")
    return answers


def is_easi_band_case(
    definition: definitions.Definition, inputs: dict[str, Any]
) -> bool:
    """EASI band cases give a list of percentages; SCORAD cases use the same name
    for a mapping of regions, which ``adapt_scorad`` reads."""
    return definition.id == "easi" and isinstance(
        inputs.get("region_percent_affected"), list
    )


def easi_bands(inputs: dict[str, Any]) -> dict[str, Any]:
    """Each percentage's area score, by the scoring core's conversion."""
    return {
        "area_score": [
            easi.area_score(percent) for percent in inputs["region_percent_affected"]
        ]
    }


def outputs(definition: definitions.Definition, inputs: dict[str, Any]) -> Any:
    if is_easi_band_case(definition, inputs):
        return easi_bands(inputs)
    return flatten(score_instrument(definition, adapt(inputs)).as_dict())


def flatten(result: dict[str, Any]) -> dict[str, Any]:
    """Every output under the names a case may use for it."""
    flat = dict(result)
    flat.update(result.get("subscores", {}))
    for system, label in result.get("bands", {}).items():
        flat[f"band_{system}"] = label
    for subscore, systems in result.get("subscore_bands", {}).items():
        prefix = "oscorad" if subscore == "objective_scorad" else subscore
        for system, label in systems.items():
            flat[f"{prefix}_band_{system}"] = label
    flat[result["instrument"]] = result[
        "total"
    ]  # cases name the total "scorad", "easi"…
    return flat


def same(expected: Any, actual: Any) -> bool:
    if isinstance(expected, bool) or expected is None or isinstance(expected, str):
        return bool(expected == actual)
    if isinstance(expected, int | float):
        return isinstance(actual, int | float) and abs(expected - actual) <= TOLERANCE
    return bool(expected == actual)


def run_case(case: dict[str, Any]) -> None:
    definition = definitions.find(case["instrument"])
    inputs, expected = case["inputs"], case["expected"]
    if {"previous_total", "current_total"} <= set(inputs) or {
        "baseline",
        "current",
    } <= set(inputs):
        previous = inputs.get("previous_total", inputs.get("baseline"))
        current = inputs.get("current_total", inputs.get("current"))
        actual = change(definition, previous, current)
    elif expected.get("valid") is False:
        try:
            outputs(definition, inputs)
        except ScoringError:
            return
        raise AssertionError(f"{case['id']}: invalid input was accepted")
    else:
        actual = outputs(definition, inputs)
    for key, wanted in expected.items():
        if key in NOT_COMPARED or (key == "valid" and wanted is True):
            continue
        if key not in actual:
            raise CannotRun(f"{case['id']}: no output called {key}")
        assert same(wanted, actual[key]), (
            f"{case['id']}: {key} {actual[key]!r} != {wanted!r}"
        )


# Our own case, not one of the shared file's: that file is kept as a byte-for-byte
# copy of the team's shared fixtures (tests/data/fixtures/README.md), which have no
# way to mark a case as ours, so EASI's band conversion is checked here, through the
# same adapter, at every band edge (bands: Hanifin JM et al. Exp Dermatol 2001;10:11).
EASI_BAND_EDGES: dict[str, Any] = {
    "id": "SKIN-GARDEN-EASI-BANDS",
    "instrument": "EASI",
    "inputs": {
        "region_percent_affected": [0, 1, 9, 10, 29, 30, 49, 50, 69, 70, 89, 90, 100]
    },
    "expected": {"area_score": [0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6]},
}


class EasiBandAdapterTests(unittest.TestCase):
    def test_every_band_edge_converts_as_published(self):
        run_case(EASI_BAND_EDGES)

    def test_a_wrong_expectation_fails(self):
        case = copy.deepcopy(EASI_BAND_EDGES)
        case["expected"]["area_score"][1] = 0
        with self.assertRaisesRegex(AssertionError, "area_score"):
            run_case(case)

    def test_invalid_percentages_must_be_refused(self):
        for value in (-1, 101, 9.5):
            with self.subTest(value):
                run_case(
                    {
                        "id": "invalid",
                        "instrument": "EASI",
                        "inputs": {"region_percent_affected": [10, value]},
                        "expected": {"valid": False},
                    }
                )
        with self.assertRaisesRegex(AssertionError, "invalid input was accepted"):
            run_case(
                {
                    "id": "valid",
                    "instrument": "EASI",
                    "inputs": {"region_percent_affected": [100]},
                    "expected": {"valid": False},
                }
            )


class VectorTests(unittest.TestCase):
    def test_every_case_in_the_file(self):
        cases = json.loads(INSTRUMENT_VECTORS.read_text(encoding="utf-8"))["cases"]
        failures = []
        for case in cases:
            try:
                run_case(case)
            except (AssertionError, CannotRun, definitions.UnknownInstrument) as error:
                failures.append(f"{case.get('id')}: {error}")
        print(f"{len(cases)} vectors checked")
        self.assertEqual(failures, [])
        self.assertGreater(len(cases), 0)
