"""The safety screen's rules (product brief; evidence-safety.md §2)."""

import unittest
from datetime import date

from skingarden.accounts import screening
from skingarden.test import clear_answers

TODAY = date(2026, 11, 22)


def evaluate(answers=None, *, birth_year=1990, conditions=("eczema",)):
    return screening.evaluate(
        answers or clear_answers(),
        birth_year=birth_year,
        conditions=list(conditions),
        today=TODAY,
    )


class ScreeningTests(unittest.TestCase):
    def test_all_clear_answers_clear_with_no_warnings(self):
        result = evaluate()
        self.assertEqual(result, screening.ScreenResult("clear", (), (), ()))

    def test_milk_allergy_blocks(self):
        result = evaluate(clear_answers(milk_allergy=True))
        self.assertEqual(result.outcome, "blocked")
        self.assertEqual(result.blocks, ("milk_allergy",))

    def test_answering_no_to_the_age_question_blocks(self):
        result = evaluate(clear_answers(adult=False))
        self.assertEqual((result.outcome, result.blocks), ("blocked", ("under_18",)))

    def test_a_birth_year_under_18_this_year_blocks_whatever_they_answer(
        self,
    ):
        result = evaluate(birth_year=TODAY.year - 17)
        self.assertEqual((result.outcome, result.blocks), ("blocked", ("under_18",)))

    def test_turning_18_this_year_with_a_yes_is_allowed(self):
        self.assertEqual(evaluate(birth_year=TODAY.year - 18).outcome, "clear")

    def test_each_clinician_question_requires_a_clinician(self):
        for question in (
            "immunocompromised",
            "central_line",
            "immunosuppressant",
            "gut_surgery",
            "boil_abscess",
        ):
            with self.subTest(question=question):
                result = evaluate(clear_answers(**{question: True}))
                self.assertEqual(result.outcome, "clinician_required")
                self.assertEqual(result.clinician_reasons, (question,))

    def test_a_block_outranks_a_clinician_rule_and_both_are_kept(self):
        result = evaluate(clear_answers(milk_allergy=True, central_line=True))
        self.assertEqual(result.outcome, "blocked")
        self.assertEqual(result.clinician_reasons, ("central_line",))

    def test_warnings_are_shown_and_do_not_stop_the_start(self):
        expected = {
            "pregnant": "pregnancy",
            "lactose_intolerance": "lactose_intolerance",
            "histamine_intolerance": "histamine_intolerance",
            "maoi_linezolid": "maoi_linezolid",
            "tetracycline": "tetracycline",
            "avoid_alcohol": "alcohol",
        }
        for question, rule_id in expected.items():
            with self.subTest(question=question):
                result = evaluate(clear_answers(**{question: True}))
                self.assertEqual(
                    (result.outcome, result.warnings), ("clear", (rule_id,))
                )

    def test_acne_adds_the_dairy_and_oily_carrier_warnings(self):
        result = evaluate(conditions=("acne",))
        self.assertEqual(result.warnings, ("acne_dairy", "acne_oily_carriers"))

    def test_the_tetracycline_warning_gives_the_two_hour_rule(self):
        self.assertIn("2 hours", screening.rule("tetracycline").advice)

    def test_every_rule_has_advice_and_a_source(self):
        for rule in screening.RULES.values():
            with self.subTest(rule=rule.id):
                self.assertTrue(rule.advice and rule.source)

    def test_missing_unknown_and_non_boolean_answers_are_all_named(self):
        answers: dict[str, object] = dict(clear_answers())
        del answers["central_line"]
        answers["pregnant"] = "no"
        answers["smoker"] = True
        with self.assertRaises(screening.ScreenError) as caught:
            evaluate(answers)
        message = str(caught.exception)
        self.assertIn("“central_line” was not answered", message)
        self.assertIn("“pregnant” must be answered yes or no", message)
        self.assertIn("“smoker” is not a screening question", message)

    def test_an_impossible_birth_year_is_refused(self):
        with self.assertRaisesRegex(screening.ScreenError, "2030"):
            evaluate(birth_year=2030)
