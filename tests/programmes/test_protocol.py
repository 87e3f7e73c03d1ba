"""The locked protocol is parsed and checked once (issue 9 §3): a stored protocol
round-trips key for key, and every bad value is refused with its path."""

import copy
import json
import unittest
from dataclasses import replace
from datetime import date
from typing import Any

from django.test import SimpleTestCase

from skingarden.accounts.models import Condition
from skingarden.programmes.models import PatchTest
from skingarden.programmes.protocol import (
    KNOWN_CONDITIONS,
    LockedProtocol,
    ProtocolError,
    ScreenRecord,
    TopicalArm,
    build_protocol,
    randomised_start_record,
)
from skingarden.programmes.protocol.document import CARRIERS

# The protocol `skingarden demo` stored on 2026-12-04 (skingarden/demo.py), as the
# database held it: every key of the shape programmes have been stored in, with the
# photo plan programmes migration 0007 gave it (no sites, the default schedule).
DEMO = {
    "template": "gut-skin-21",
    "template_version": 1,
    "conditions": ["eczema"],
    "baseline_days": 7,
    "intervention_days": 21,
    "ramp": [{"days": 3, "ml": 10}, {"days": 3, "ml": 20}],
    "target_ml": 40,
    "kefir_product": "Plain whole-milk kefir, supermarket brand",
    "gut_rule": {"threshold": 2, "consecutive_days": 2, "watch_days": 3},
    "follow_up_days": 0,
    "onset_lag_days": 6,
    "primary_outcome": {
        "measure": "worst_itch",
        "label": "Worst itch in the last 24 hours",
        "unit": "points (0-10)",
        "direction": "lower_is_better",
        "threshold": 3.0,
        "threshold_source": "Meaningful within-person change (Yosipovitch 2019).",
        "validation": "Generic 0-10 worst-itch rating; our wording.",
    },
    "secondary_outcomes": [
        {
            "measure": "poem",
            "label": "POEM (weekly)",
            "schedule": "weekly",
            "version": "1.0",
        },
        {
            "measure": "sleep_loss",
            "label": "Sleep lost to itch last night",
            "unit": "points (0-10)",
            "schedule": "daily",
        },
    ],
    "instruments": [{"id": "poem", "version": "1.0", "schedule": "weekly"}],
    "analysis": "Mean of the primary outcome on kefir days after the onset lag.",
    "randomised_start": None,
    "topical": {"enabled": False},
    "safety_screen": {
        "code": "eebf3b6c-6e6f-4a3e-92c7-d0322c217176",
        "outcome": "clear",
        "screened_on": "2026-11-06",
        "warnings": ["lactose_intolerance"],
        "clinician_name": "",
    },
    "photos": {
        "sites": [],
        "baseline_days": [1, 4, 7],
        "every_kefir_days": 7,
        "last_day": True,
    },
}


def problems(data) -> dict[str, str]:
    with unittest.TestCase().assertRaises(ProtocolError) as caught:
        LockedProtocol.from_json(data)
    return caught.exception.problems


def changed(path: str, value):
    """The demo protocol with one value replaced (``a.b[0].c`` style path)."""
    data: Any = copy.deepcopy(DEMO)
    *parents, last = path.replace("[", ".").replace("]", "").split(".")
    target = data
    for key in parents:
        target = target[int(key)] if key.isdigit() else target[key]
    target[int(last) if last.isdigit() else last] = value
    return data


class RoundTripTests(SimpleTestCase):
    def test_the_demos_stored_protocol_round_trips_key_for_key(self):
        protocol = LockedProtocol.from_json(DEMO)
        self.assertEqual(protocol.to_json(), DEMO)
        self.assertEqual(json.dumps(protocol.to_json()), json.dumps(DEMO))
        self.assertEqual(protocol.gut_rule.threshold, 2)
        self.assertEqual([s.ml for s in protocol.ramp], [10, 20])
        self.assertEqual(protocol.safety_screen.screened_on, date(2026, 11, 6))
        self.assertFalse(protocol.topical.enabled)

    def test_a_built_protocol_round_trips_through_json(self):
        screen = ScreenRecord("abc", "clear", date(2026, 1, 1), ("acne",), "")
        topical = TopicalArm(
            True, "split_body", "left", "petrolatum", 1, 4, "arms", "t"
        )
        draw = randomised_start_record(list(range(7, 15)), 9)
        built = build_protocol(
            conditions=["eczema", "acne"],
            primary="new_spots",
            threshold=1.5,
            baseline_days=9,
            onset_lag=6,
            follow_up_days=7,
            topical=topical,
            screen=screen,
            randomised_start=draw,
        )
        self.assertEqual(LockedProtocol.from_json(built.to_json()), built)

    def test_the_known_values_match_the_models(self):
        self.assertEqual(set(KNOWN_CONDITIONS), set(Condition.values))
        self.assertEqual(set(CARRIERS), set(PatchTest.Carrier.values))


class RefusalTests(SimpleTestCase):
    def test_each_bad_value_is_named_by_its_path(self):
        cases = {
            "baseline_days": ("seven", "must be a whole number from 0 to 14."),
            "target_ml": (-5, "must be a whole number from 5 to 250."),
            "onset_lag_days": (10**12, "must be a whole number from 0 to 14."),
            "follow_up_days": (True, "must be a whole number from 0 to 28."),
            "ramp[1].ml": (20.5, "must be a whole number from 1 to 250."),
            "gut_rule.threshold": (9, "must be a whole number from 1 to 3."),
            "primary_outcome.threshold": (
                float("nan"),
                "must be a number above 0 to 10.",
            ),
            "primary_outcome.direction": (
                "up",
                "must be one of: lower_is_better, higher_is_better.",
            ),
            "conditions[0]": (
                "psoriasis",
                "must be one of: eczema, acne, dermatitis, other.",
            ),
            "instruments[0].id": ("mood", None),
            "safety_screen.screened_on": (
                "06/11/2026",
                "must be a date written YYYY-MM-DD.",
            ),
            "kefir_product": ("a\x00b", "must be text of at most 200 characters."),
            "topical.enabled": ("yes", "must be true or false."),
        }
        for path, (value, message) in cases.items():
            with self.subTest(path=path):
                found = problems(changed(path, value))
                self.assertIn(path, found)
                if message:
                    self.assertEqual(found[path], message)

    def test_a_missing_or_unknown_key_is_refused(self):
        data = copy.deepcopy(DEMO)
        del data["gut_rule"]
        data["colour"] = "green"
        self.assertEqual(
            problems(data),
            {"gut_rule": "is missing.", "colour": "is not a field of the protocol."},
        )

    def test_every_problem_is_reported_at_once_under_the_callers_path(self):
        data = changed("baseline_days", "seven")
        data["target_ml"] = -5
        with self.assertRaises(ProtocolError) as caught:
            LockedProtocol.from_json(data, path="programmes[0].protocol")
        self.assertEqual(
            sorted(caught.exception.problems),
            [
                "programmes[0].protocol.baseline_days",
                "programmes[0].protocol.target_ml",
            ],
        )

    def test_values_that_disagree_with_each_other_are_refused(self):
        self.assertIn("ramp", problems(changed("ramp[1].ml", 60)))
        draw = randomised_start_record(list(range(7, 15)), 9).to_json()
        found = problems(changed("randomised_start", draw))  # baseline_days is 7
        self.assertIn("randomised_start.drawn_baseline_days", found)
        split = TopicalArm(True, "split_body", "", "petrolatum", 1, 4, "arms", "t")
        self.assertIn(
            "topical.kefir_side", problems(changed("topical", split.to_json()))
        )
        self.assertIn("conditions", problems(changed("conditions", ["acne", "acne"])))

    def test_not_an_object_at_all(self):
        self.assertEqual(problems([1, 2]), {"protocol": "must be an object."})
        self.assertEqual(
            problems(changed("gut_rule", 3)), {"gut_rule": "must be an object."}
        )

    def test_a_disabled_topical_arm_is_only_its_flag(self):
        arm = replace(TopicalArm(enabled=False))
        self.assertEqual(arm.to_json(), {"enabled": False})
        found = problems(
            changed("topical", {"enabled": False, "carrier": "petrolatum"})
        )
        self.assertEqual(found, {"topical.carrier": "is not a field of the protocol."})
