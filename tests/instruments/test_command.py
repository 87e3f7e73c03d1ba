"""skingarden score and skingarden rescore."""

import json
import os
from decimal import Decimal
from io import StringIO
from unittest import mock

from django.test import TestCase

from skingarden import cli
from skingarden.instruments.models import InstrumentResponse
from skingarden.test import make_participant
from tests.subprocesses import run_cli, run_python

POEM = {"1": 4, "2": 4, "3": None, "4": 3, "5": 3, "6": 3, "7": 4}


def run(*args, stdin=""):
    return run_cli(*args, stdin=stdin)


class ScoreCommandTests(TestCase):
    def test_it_prints_one_json_object(self):
        result = run("score", "poem", "--answers", json.dumps(POEM))
        self.assertEqual(result.returncode, 0, result.stderr)
        output = json.loads(result.stdout)
        self.assertEqual(
            {
                k: output[k]
                for k in ("instrument", "version", "total", "band", "scored")
            },
            {
                "instrument": "poem",
                "version": "1.0",
                "total": 21,
                "band": "severe",
                "scored": True,
            },
        )

    def test_it_reads_standard_input_and_gives_scorad_subscores(self):
        answers = {
            "extent_percent": 20,
            "itch": 5,
            "sleeplessness": 3,
            "intensity": {
                "erythema": 2,
                "oedema_papulation": 1,
                "oozing_crusts": 1,
                "excoriation": 1,
                "lichenification": 0,
                "dryness": 1,
            },
        }
        output = json.loads(
            run("score", "scorad", "--answers", "-", stdin=json.dumps(answers)).stdout
        )
        self.assertEqual(
            (
                output["total"],
                output["subscores"]["A"],
                output["subscores"]["B"],
                output["subscores"]["C"],
            ),
            (33.0, 20.0, 6, 8.0),
        )
        self.assertEqual(
            output["bands"], {"kunz_1997": "moderate", "chopra_2017": "moderate"}
        )

    def test_bad_answers_name_each_problem_and_exit_2(self):
        result = run("score", "poem", "--answers", json.dumps({"1": 9, "8": 0}))
        self.assertEqual(result.returncode, 2)
        self.assertIn("Item 8 is not part of this questionnaire.", result.stderr)
        self.assertIn("Item 1: 9 is not one of the allowed answers", result.stderr)
        self.assertIn("Item 7 is missing", result.stderr)
        self.assertEqual(result.stdout, "")

    def test_bad_json_and_unknown_instruments_exit_2(self):
        self.assertIn(
            "not valid JSON", run("score", "poem", "--answers", "{oops").stderr
        )
        self.assertEqual(run("score", "nope", "--answers", "{}").returncode, 2)
        self.assertEqual(run("score", "poem").returncode, 2)

    def test_list_shows_every_instrument_and_its_licence(self):
        listing = run("score", "--list").stdout
        self.assertEqual(len(listing.strip().splitlines()), 16)
        self.assertRegex(listing, r"dlqi\s+DLQI\s+participant\s+needs licensed text")
        self.assertRegex(listing, r"poem\s+POEM\s+participant\s+free to use")

    def test_licensed_instruments_are_scored_without_their_text(self):
        answers = {str(n): 1 for n in range(1, 11)} | {
            "7": {"main": "yes", "sub": None}
        }
        output = json.loads(
            run("score", "dlqi", "--answers", json.dumps(answers)).stdout
        )
        self.assertEqual((output["total"], output["band"]), (12, "very large effect"))


class RescoreTests(TestCase):
    def setUp(self):
        user = make_participant("r@example.org")
        self.response = InstrumentResponse.objects.create(
            owner=user,
            instrument_id="poem",
            instrument_version="1.0",
            date="2026-01-05",
            answers=POEM,
            total=Decimal(20),
            band="moderate",
            scored=True,
            scoring_version="summed_items/0",
        )

    def rescore(self, *args):
        out = StringIO()
        with mock.patch("sys.stdout", out):
            cli.main(["rescore", *args])
        return out.getvalue()

    def test_dry_run_lists_the_change_and_writes_nothing(self):
        output = self.rescore("--dry-run")
        self.assertIn("1 responses checked, 1 would change.", output)
        self.assertIn("'total': 20.0", output)
        self.assertIn("'total': 21.0", output)
        self.response.refresh_from_db()
        self.assertEqual(
            (self.response.total, self.response.band), (Decimal(20), "moderate")
        )

    def test_rescore_fixes_the_stored_score(self):
        self.assertIn("1 changed", self.rescore())
        self.response.refresh_from_db()
        self.assertEqual(
            (self.response.total, self.response.band, self.response.scoring_version),
            (Decimal(21), "severe", "summed_items/1"),
        )
        self.assertIn("0 changed", self.rescore())

    def test_an_answer_the_current_code_rejects_is_reported_not_dropped(self):
        InstrumentResponse.objects.filter(pk=self.response.pk).update(answers={"1": 9})
        output = self.rescore()
        self.assertIn("'error'", output)
        self.assertTrue(InstrumentResponse.objects.filter(pk=self.response.pk).exists())


class ScoreSpeedGuardTests(TestCase):
    def test_score_loads_no_django_and_no_fhir(self):
        code = (
            "import sys, json; from skingarden import cli; "
            "answers = json.dumps({str(n): 1 for n in range(1, 8)}); "
            "cli.main(['score', 'poem', '--answers', answers]); "
            "print(sorted(m.split('.')[0] for m in sys.modules if m.split('.')[0] in "
            "('django', 'fhir', 'pydantic')))"
        )
        result = run_python(code, env={**os.environ, "DJANGO_SETTINGS_MODULE": ""})
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.strip().endswith("[]"), result.stdout)
