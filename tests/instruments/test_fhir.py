"""FHIR R4 export: every Questionnaire and one scored response per instrument validate
with fhir.resources (R4B models), and no licensed wording leaks."""

import copy
import json
import subprocess
import sys
import tempfile
import unittest
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from skingarden.instruments import definitions, fhir
from skingarden.instruments.scoring.registry import score_instrument
from tests.datafiles import FHIR_EXAMPLES

AUTHORED = datetime(2026, 3, 2, 8, 15, tzinfo=UTC)
LICENSED = ("dlqi", "cdlqi", "adct", "recap", "cadi")
SCORAD_INTENSITY = {
    "erythema": 2,
    "oedema_papulation": 1,
    "oozing_crusts": 0,
    "excoriation": 2,
    "lichenification": 1,
    "dryness": 3,
}


def easi_region(area, erythema, induration, excoriation, lichenification, **percent):
    return {
        **percent,
        "area": area,
        "erythema": erythema,
        "induration": induration,
        "excoriation": excoriation,
        "lichenification": lichenification,
    }


# One realistic, scoreable set of answers per instrument (blanks, several ticks and
# "not relevant" included where the rule allows them).
ANSWERS: dict[str, dict[str, Any]] = {
    "poem": {"1": 4, "2": 3, "3": 0, "4": 1, "5": 2, "6": None, "7": [2, 3]},
    "recap": {"1": 2, "2": 3, "3": 1, "4": 2, "5": None, "6": 0, "7": 1},
    "adct": {"1": 2, "2": 3, "3": 2, "4": 1, "5": 1, "6": 0},
    "cdlqi": {
        "1": 2,
        "2": 1,
        "3": 0,
        "4": 1,
        "5": 3,
        "6": 0,
        "7": 1,
        "8": None,
        "9": 2,
        "10": 1,
    },
    "cadi": {"1": "b", "2": "c", "3": "d", "4": "a", "5": "c"},
    "dlqi": {
        "1": 3,
        "2": 2,
        "3": "not_relevant",
        "4": 1,
        "5": 0,
        "6": [1, 2],
        "7": {"main": "no", "sub": 1},
        "8": None,
        "9": "not_relevant",
        "10": 2,
    },
    "scorad": {
        "age_years": 29,
        "regions": {
            "ul_right_front": 40,
            "ul_left_front": 20,
            "trunk_front": 10,
            "head_neck_front": 50,
        },
        "intensity": SCORAD_INTENSITY,
        "itch": 6,
        "sleeplessness": 3.5,
    },
    "oscorad": {"extent_percent": 18, "intensity": SCORAD_INTENSITY},
    "po_scorad": {
        "extent_percent": 25.5,
        "intensity": SCORAD_INTENSITY,
        "itch": 7,
        "sleeplessness": 4,
    },
    "easi": {
        "age_years": 34,
        "regions": {
            "head_neck": easi_region(2, 1.5, 1, 0.5, 0, percent=15),
            "upper_limbs": easi_region(3, 2, 2, 1.5, 1),
            "trunk": easi_region(1, 1, 0.5, 0, 0),
            "lower_limbs": easi_region(0, 0, 0, 0, 0),
        },
    },
    "gags": {
        "forehead": ["comedone", "papule"],
        "right_cheek": ["pustule"],
        "left_cheek": ["papule"],
        "nose": [],
        "chin": ["comedone"],
        "chest_upper_back": ["nodule", "pustule"],
    },
    "acne_lesions": {
        "face": {"comedones": 24, "papules": 8, "pustules": 3, "nodules": 0},
        "back": {"comedones": 5, "papules": 6, "pustules": 2, "nodules": 1},
    },
    "worst_itch": {"score": 7},
    "sleep_loss": {"score": 3},
    "gut_discomfort": {"score": 1},
    "bristol": {"type": 4},
}


def response(instrument, answers=None, **overrides):
    definition = definitions.load(instrument)
    answers = ANSWERS[instrument] if answers is None else answers
    arguments = {
        "answers": answers,
        "score": score_instrument(definition, answers),
        "authored": AUTHORED,
        "subject_reference": "Patient/p-17",
        "response_id": f"{fhir.resource_id(definition)}-1",
        **overrides,
    }
    return fhir.questionnaire_response(definition, **arguments)


def walk(items):
    for item in items:
        yield item
        yield from walk(item.get("item", []))


def by_link_id(resource):
    return {item["linkId"]: item for item in walk(resource.get("item", []))}


def item(resource, link_id):
    return by_link_id(resource)[link_id]


class QuestionnaireTests(unittest.TestCase):
    def test_every_instrument_exports_a_valid_questionnaire_with_unique_link_ids(self):
        ids = definitions.all_ids()
        self.assertEqual(len(ids), 16)
        self.assertEqual(set(ids), set(ANSWERS))
        for instrument in ids:
            with self.subTest(instrument):
                resource = fhir.questionnaire(definitions.load(instrument))
                fhir.validate(resource)
                link_ids = [i["linkId"] for i in walk(resource["item"])]
                self.assertEqual(len(link_ids), len(set(link_ids)))
                self.assertEqual(
                    resource["url"], f"{fhir.QUESTIONNAIRE_BASE}/{resource['id']}"
                )

    def test_poem_is_coded_with_loinc_panel_and_total(self):
        resource = fhir.questionnaire(definitions.load("poem"))
        self.assertIn({"system": fhir.LOINC, "code": "89862-7"}, resource["code"])
        total = item(resource, "total")
        self.assertEqual(total["code"], [{"system": fhir.LOINC, "code": "89870-0"}])
        self.assertEqual((total["type"], total["readOnly"]), ("decimal", True))
        stem = resource["item"][0]
        self.assertEqual((stem["linkId"], stem["type"]), (fhir.STEM, "display"))

    def test_bristol_is_coded_with_snomed_ct(self):
        resource = fhir.questionnaire(definitions.load("bristol"))
        self.assertEqual(
            resource["code"], [{"system": fhir.SNOMED_CT, "code": "443172007"}]
        )

    def test_choice_options_carry_code_and_ordinal_score(self):
        poem = item(fhir.questionnaire(definitions.load("poem")), "1")
        coding = poem["answerOption"][4]["valueCoding"]
        self.assertEqual(coding["system"], f"{fhir.CODE_SYSTEM_BASE}/poem")
        self.assertEqual((coding["code"], coding["display"]), ("4", "All 7"))
        self.assertEqual(
            coding["extension"], [{"url": fhir.ORDINAL_VALUE, "valueDecimal": 4}]
        )

    def test_dlqi_not_relevant_only_on_items_3_to_10_and_item_7_has_two_parts(self):
        resource = fhir.questionnaire(definitions.load("dlqi"))
        for link_id in ("1", "2", "3", "10", "7.main"):
            codes = [
                o["valueCoding"]["code"]
                for o in item(resource, link_id)["answerOption"]
            ]
            self.assertEqual(
                "not_relevant" in codes, link_id not in ("1", "2"), link_id
            )
        self.assertEqual(item(resource, "7")["type"], "group")
        sub = item(resource, "7.sub")
        self.assertEqual(
            [o["valueCoding"]["code"] for o in sub["answerOption"]], ["2", "1", "0"]
        )
        self.assertEqual(sub["enableWhen"][0]["question"], "7.main")
        self.assertEqual(sub["enableWhen"][0]["answerCoding"]["code"], "no")

    def test_structured_instruments_use_answer_paths_as_link_ids(self):
        expected = [
            ("easi", "regions.head_neck.area", "integer"),
            ("easi", "regions.head_neck.percent", "integer"),
            ("scorad", "intensity.erythema", "choice"),
            ("oscorad", "extent_percent", "decimal"),
            ("po_scorad", "itch", "decimal"),
            ("acne_lesions", "face.nodules", "integer"),
            ("worst_itch", "score", "integer"),
        ]
        for instrument, link_id, kind in expected:
            with self.subTest(link_id):
                found = item(fhir.questionnaire(definitions.load(instrument)), link_id)
                self.assertEqual(found["type"], kind)
        self.assertNotIn(
            "itch", by_link_id(fhir.questionnaire(definitions.load("oscorad")))
        )

    def test_ids_never_contain_underscores_but_the_instrument_id_is_kept(self):
        resource = fhir.questionnaire(definitions.load("po_scorad"))
        self.assertEqual(resource["id"], "po-scorad")
        self.assertEqual(resource["identifier"][0]["value"], "po_scorad")


class LicensedWordingTests(unittest.TestCase):
    def test_no_licensed_wording_is_exported(self):
        for instrument in LICENSED:
            with self.subTest(instrument):
                definition = definitions.load(instrument, text_dir=Path("/nonexistent"))
                resource = fhir.questionnaire(definition)
                texts = {i["linkId"]: i["text"] for i in resource["item"]}
                for entry in definition.items:
                    self.assertEqual(texts[entry["id"]], f"[{entry['topic']}]")
                displays = [
                    o["valueCoding"].get("display")
                    for i in walk(resource["item"])
                    for o in i.get("answerOption", [])
                ]
                self.assertEqual(set(displays), {None})
                self.assertNotIn(fhir.STEM, texts)
                own_labels = [
                    i["text"] for i in walk(resource["item"]) if i["linkId"] != "total"
                ]
                self.assertTrue(all(t.startswith("[") for t in own_labels), own_labels)

    def test_supplied_licensed_text_and_copyright_are_used(self):
        supplied = {
            "instrument": "cadi",
            "copyright": "© Test owner 1992",
            "items": {str(n): f"Licensed item {n}" for n in range(1, 6)},
            "options": {letter: f"Option {letter}" for letter in "abcd"},
        }
        with tempfile.TemporaryDirectory() as folder:
            Path(folder, "cadi.json").write_text(json.dumps(supplied), encoding="utf-8")
            resource = fhir.questionnaire(
                definitions.load("cadi", text_dir=Path(folder))
            )
        fhir.validate(resource)
        self.assertEqual(resource["copyright"], "© Test owner 1992")
        self.assertEqual(item(resource, "2")["text"], "Licensed item 2")
        self.assertEqual(
            item(resource, "2")["answerOption"][0]["valueCoding"]["display"], "Option a"
        )


class QuestionnaireResponseTests(unittest.TestCase):
    def test_a_scored_response_of_every_instrument_validates_and_matches(self):
        for instrument, answers in ANSWERS.items():
            with self.subTest(instrument):
                definition = definitions.load(instrument)
                score = score_instrument(definition, answers)
                self.assertTrue(score.scored)
                resource = response(instrument)
                fhir.validate(resource)
                self.assertEqual(
                    resource["questionnaire"],
                    f"{fhir.canonical_url(definition)}|{definition.version}",
                )
                questions = by_link_id(fhir.questionnaire(definition))
                answered = by_link_id(resource)
                self.assertLessEqual(set(answered), set(questions))
                for link_id, entry in answered.items():
                    self.assert_fits(questions[link_id], entry)
                self.assertEqual(
                    answered["total"]["answer"], [{"valueDecimal": score.total}]
                )

    def assert_fits(self, question, entry):
        """An answer has the question's type; a choice is one of its options."""
        expected = {
            "choice": "valueCoding",
            "integer": "valueInteger",
            "decimal": "valueDecimal",
        }.get(question["type"])
        for answer in entry.get("answer", []):
            self.assertEqual(list(answer), [expected], question["linkId"])
            if expected == "valueCoding":
                options = [o["valueCoding"] for o in question["answerOption"]]
                self.assertIn(answer["valueCoding"], options)
        if len(entry.get("answer", [])) > 1:
            self.assertTrue(question.get("repeats"), question["linkId"])

    def test_an_easi_region_keeps_its_percentage_beside_its_area_score(self):
        region = by_link_id(response("easi"))
        self.assertEqual(
            (
                region["regions.head_neck.percent"]["answer"],
                region["regions.head_neck.area"]["answer"],
            ),
            ([{"valueInteger": 15}], [{"valueInteger": 2}]),
        )
        self.assertNotIn("regions.trunk.percent", region)

    def test_blanks_are_left_out_and_several_ticks_all_recorded(self):
        resource = response("poem")
        answered = by_link_id(resource)
        self.assertNotIn("6", answered)
        self.assertEqual(
            [a["valueCoding"]["code"] for a in answered["7"]["answer"]], ["2", "3"]
        )
        self.assertEqual(answered["total"]["answer"], [{"valueDecimal": 13}])

    def test_dlqi_item_7_is_nested_with_its_follow_up(self):
        answered = by_link_id(response("dlqi"))
        self.assertEqual(
            [child["linkId"] for child in answered["7"]["item"]], ["7.main", "7.sub"]
        )
        self.assertEqual(answered["7.sub"]["answer"][0]["valueCoding"]["code"], "1")
        self.assertEqual(
            answered["3"]["answer"][0]["valueCoding"]["code"], "not_relevant"
        )

    def test_an_unscored_response_has_no_total(self):
        answers = {"1": 2, "2": None, "3": None, "4": 1, "5": 0, "6": 1, "7": 2}
        resource = response("poem", answers)
        fhir.validate(resource)
        self.assertNotIn("total", by_link_id(resource))

    def test_licensed_instruments_score_and_export_without_their_text(self):
        resource = response("adct")
        fhir.validate(resource)
        self.assertEqual(item(resource, "total")["answer"], [{"valueDecimal": 9}])

    def test_refuses_a_naive_time_a_foreign_score_and_an_unknown_option(self):
        poem = definitions.load("poem")
        with self.assertRaises(ValueError):
            response("poem", authored=datetime(2026, 3, 2, 8, 15))  # noqa: DTZ001
        with self.assertRaises(ValueError):
            response("recap", score=score_instrument(poem, ANSWERS["poem"]))
        bad = {**ANSWERS["poem"]}
        score = score_instrument(poem, bad)
        bad["1"] = 9
        with self.assertRaises(ValueError):
            fhir.questionnaire_response(
                poem,
                answers=bad,
                score=score,
                authored=AUTHORED,
                subject_reference="Patient/1",
                response_id="x",
            )


class ValidateTests(unittest.TestCase):
    def load_example(self, name):
        return json.loads((FHIR_EXAMPLES / name).read_text(encoding="utf-8"))

    def test_the_hl7_gcs_examples_validate(self):
        fhir.validate(self.load_example("questionnaire-example-gcs.json"))
        fhir.validate(self.load_example("questionnaireresponse-example-gcs.json"))

    def test_a_response_whose_items_lack_link_ids_is_rejected(self):
        example = self.load_example("questionnaireresponse-example-gcs.json")
        broken = copy.deepcopy(example)
        for entry in broken["item"]:
            del entry["linkId"]
        with self.assertRaisesRegex(ValueError, "linkId"):
            fhir.validate(broken)

    def test_other_resource_types_and_bad_ids_are_rejected(self):
        with self.assertRaises(ValueError):
            fhir.validate({"resourceType": "Patient", "id": "p1"})
        resource = fhir.questionnaire(definitions.load("po_scorad"))
        resource["id"] = "po_scorad"
        with self.assertRaisesRegex(ValueError, "id"):
            fhir.validate(resource)


class ImportCostTests(unittest.TestCase):
    def test_importing_the_module_does_not_load_fhir_resources(self):
        code = (
            "import sys, skingarden.instruments.fhir; "
            "sys.exit(any(m.startswith(('fhir', 'pydantic')) for m in sys.modules))"
        )
        result = subprocess.run([sys.executable, "-c", code], check=False)
        self.assertEqual(result.returncode, 0)
