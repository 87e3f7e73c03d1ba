import json
import tempfile
import unittest
from pathlib import Path

from skingarden.instruments import definitions


class LicensedTextTests(unittest.TestCase):
    def folder(self, **overrides):
        data = {
            "instrument": "cadi",
            "copyright": "© Cardiff University, with licence",
            "items": {str(n): f"Licensed question {n}" for n in range(1, 6)},
            "options": {"a": "first", "b": "second", "c": "third", "d": "fourth"},
        }
        data.update(overrides)
        path = Path(tempfile.mkdtemp())
        (path / "cadi.json").write_text(json.dumps(data))
        return path

    def test_without_a_file_the_instrument_needs_licensed_text(self):
        definition = definitions.load("cadi", text_dir=Path(tempfile.mkdtemp()))
        self.assertEqual(
            (definition.usable, definition.licence_label),
            (False, "needs licensed text"),
        )
        self.assertIsNone(definition.items[0]["text"])

    def test_a_complete_file_makes_it_usable_with_its_copyright_line(self):
        definition = definitions.load("cadi", text_dir=self.folder())
        self.assertTrue(definition.usable)
        self.assertEqual(definition.items[2]["text"], "Licensed question 3")
        self.assertEqual(
            definition.raw["licence"]["copyright"], "© Cardiff University, with licence"
        )

    def test_an_incomplete_file_is_refused_naming_what_is_missing(self):
        with self.assertRaisesRegex(
            definitions.LicensedTextError, "item 5 has no text; option d has no text"
        ):
            definitions.load(
                "cadi",
                text_dir=self.folder(
                    items={str(n): "q" for n in range(1, 5)},
                    options={"a": "1", "b": "2", "c": "3"},
                ),
            )
        with self.assertRaisesRegex(definitions.LicensedTextError, "copyright"):
            definitions.load("cadi", text_dir=self.folder(copyright=""))

    def test_find_by_any_name(self):
        self.assertEqual(
            definitions.find("Peak/worst itch NRS (24 h)").id, "worst_itch"
        )
        self.assertEqual(definitions.find("po-scorad").id, "po_scorad")
        with self.assertRaises(definitions.UnknownInstrument):
            definitions.find("Skindex")

    def test_no_licensed_wording_ships_in_the_repository(self):
        for definition in definitions.all_definitions(
            text_dir=Path(tempfile.mkdtemp())
        ):
            if definition.raw["wording"] == "licensed":
                with self.subTest(instrument=definition.id):
                    self.assertTrue(
                        all(item["text"] is None for item in definition.items)
                    )
                    self.assertTrue(
                        all(option["text"] is None for option in definition.options)
                    )
