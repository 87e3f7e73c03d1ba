"""A JSON file that is not a valid export is refused with a specific error and its
JSON path, and nothing is written: text the json module accepts but no column can
hold, and values the forms would refuse (issue 11 §2). The suite runs on SQLite
and on PostgreSQL, where NUL in text and out-of-range integers fail differently;
the import refuses them the same way on both, before the database sees them."""

import json
from typing import Any

from skingarden.portability.imports import json_text
from tests.portability.test_json_import import JsonImportTestCase

BIG = "__BIG__"  # a placeholder replaced in the text, for what json.dumps cannot write


class HostileJsonTests(JsonImportTestCase):
    def text_with(self, raw: str, place: Any) -> bytes:
        """The export with ``raw`` JSON text where ``place`` put the placeholder."""
        document = self.document()
        place(document)
        return json.dumps(document).replace(f'"{BIG}"', raw).encode()

    def test_nesting_too_deep_for_the_parser(self):
        self.assert_refused_data(
            b"[" * 100_000,
            "The file nests lists and objects more than 32 deep; no Skin Garden "
            "export does.",
        )

    def test_nesting_deeper_than_any_export_is_refused_at_its_path(self):
        document = self.document()
        nested: Any = 1
        for _ in range(40):
            nested = [nested]
        document["programmes"][0]["amendments"][0]["details"] = nested
        self.assert_refused(
            document,
            f"programmes[0].amendments[0].details{'[0]' * 28}: is nested more than "
            "32 deep; no Skin Garden export is.",
        )

    def test_very_long_integers(self):
        def place(document: Any) -> None:
            document["participant"]["birth_year"] = BIG

        for digits in (20, 5000):  # 5000 is past Python's own limit of 4300
            with self.subTest(digits=digits):
                self.assert_refused_data(
                    self.text_with("9" * digits, place),
                    f"participant.birth_year: holds a number of {digits} digits; no "
                    "value in an export is that long.",
                )

    def test_numbers_that_are_not_finite(self):
        def place(document: Any) -> None:
            document["programmes"][0]["checkins"][0]["worst_itch"] = BIG

        for raw in ("NaN", "Infinity", "-Infinity", "1e400", "-1e400"):
            with self.subTest(raw=raw):
                self.assert_refused_data(
                    self.text_with(raw, place),
                    f"programmes[0].checkins[0].worst_itch: holds {raw}, which is "
                    "not a finite number.",
                )

    def test_a_lone_surrogate(self):
        document = self.document()
        document["programmes"][0]["checkins"][0]["note"] = "itchy \ud83d all day"
        self.assert_refused(
            document,
            "programmes[0].checkins[0].note: holds \\ud83d, half of a UTF-16 "
            "surrogate pair on its own, which is not a character.",
        )

    def test_null_characters_in_text_and_in_keys(self):
        document = self.document()
        document["programmes"][0]["checkins"][0]["note"] = "itchy\x00"
        self.assert_refused(
            document,
            "programmes[0].checkins[0].note: Null characters are not allowed.",
        )
        document = self.document()
        document["programmes"][0]["amendments"][0]["details"] = {"flags\x00": []}
        self.assert_refused(
            document,
            "programmes[0].amendments[0].details: has a key with a null character "
            "in it.",
        )

    def test_a_key_written_twice(self):
        text = self.export.decode().replace(
            '"scope": "all"', '"scope": "all", "scope": "programmes"', 1
        )
        self.assert_refused_data(
            text.encode(), "The file: holds the key “scope” twice."
        )

    def test_integers_past_their_columns_range(self):
        # PostgreSQL refuses these as the row is written; SQLite would store them.
        document = self.document()
        document["programmes"][0]["checkins"][0]["worst_itch"] = 10**12
        self.assert_refused(
            document,
            "programmes[0].checkins[0].worst_itch: is out of range: it must be a "
            "whole number from 0 to 32767.",
        )


class FormRuleTests(JsonImportTestCase):
    """Imported values pass the rules the forms apply (source: the form fields in
    accounts/forms.py and programmes/forms/), with the forms' own messages."""

    def test_a_birth_year_the_profile_form_refuses(self):
        cases = {
            70000: "is out of range: it must be a whole number from 0 to 32767.",
            2030: "A year of birth after 2026 is not possible.",  # TODAY is 2026
            1850: "Ensure this value is greater than or equal to 1900.",
        }
        for year, message in cases.items():
            with self.subTest(year=year):
                document = self.document()
                document["participant"]["birth_year"] = year
                self.assert_refused(document, f"participant.birth_year: {message}")
        document = self.document()
        document["safety_screens"][0]["birth_year"] = 2030
        self.assert_refused(
            document,
            "safety_screens[0].birth_year: A year of birth after 2026 is not possible.",
        )

    def test_patch_test_parts_and_notes(self):
        document = self.document()
        document["patch_tests"][0]["kefir_parts"] = 50
        self.assert_refused(
            document,
            "patch_tests[0].kefir_parts: Ensure this value is less than or equal to "
            "20.",
        )
        document = self.document()
        document["patch_tests"][0]["days"][1]["note"] = "x" * 501
        self.assert_refused(
            document,
            "patch_tests[0].days[1].note: Ensure this value has at most 500 "
            "characters (it has 501).",
        )

    def test_a_reason_longer_than_the_form_takes(self):
        document = self.document()
        document["programmes"][0]["amendments"][1]["why"] = "x" * 1001
        self.assert_refused(
            document,
            "programmes[0].amendments[1].why: Ensure this value has at most 1000 "
            "characters (it has 1001).",
        )

    def test_a_negative_dose_in_the_protocol(self):
        document = self.document()
        document["programmes"][0]["protocol"]["ramp"][0]["ml"] = -10
        self.assert_refused(
            document,
            "programmes[0].protocol.ramp[0].ml: must be a whole number from 1 to 250.",
        )


class ParserTests(JsonImportTestCase):
    def test_a_plain_export_parses_as_the_json_module_reads_it(self):
        self.assertEqual(json_text.parse(self.export.decode()), self.document())
