"""The clinician forms (EASI, SCORAD, objective SCORAD) produce answers the rules
score; a practitioner view arrives with the sharing issue."""

from django.test import SimpleTestCase

from skingarden.instruments import definitions
from skingarden.instruments.forms import (
    EasiForm,
    ObjectiveScoradForm,
    ScoradForm,
    form_for,
)
from skingarden.instruments.scoring import easi, scorad
from skingarden.instruments.scoring.registry import score_instrument

EASI_REGIONS = easi.REGIONS
EASI_SIGNS = easi.SIGNS
SCORAD_SIGNS = scorad.SIGNS


def easi_data(age="30", area="0", sign="0"):
    data = {"age_years": age}
    for region in EASI_REGIONS:
        data[f"{region}_area"] = area
        for sign_name in EASI_SIGNS:
            data[f"{region}_{sign_name}"] = sign
    return data


class EasiFormTests(SimpleTestCase):
    def test_it_scores_the_leshem_moderate_case(self):
        # EASI-09 of the shared vectors: head 1 x (1), legs 5 x (3+3+3+1.5)
        data = easi_data()
        data.update(
            head_neck_area="1",
            head_neck_erythema="1",
            lower_limbs_area="5",
            lower_limbs_erythema="3",
            lower_limbs_induration="3",
            lower_limbs_excoriation="3",
            lower_limbs_lichenification="1.5",
        )
        form = EasiForm(data)
        self.assertTrue(form.is_valid(), form.errors)
        result = score_instrument(definitions.load("easi"), form.answers())
        self.assertEqual(
            (result.total, result.bands["leshem_2015"], result.bands["chopra_2017"]),
            (21.1, "severe", "moderate"),
        )

    def test_quarter_points_and_a_missing_age_are_refused(self):
        form = EasiForm(easi_data(age="", sign="0.25"))
        self.assertFalse(form.is_valid())
        self.assertIn("age_years", form.errors)
        self.assertIn("trunk_erythema", form.errors)


class ScoradFormTests(SimpleTestCase):
    def data(self, **extra):
        values = {f"sign_{s}": "2" for s in SCORAD_SIGNS}
        values.update(region_trunk_front="100", region_head_neck_front="100", **extra)
        return values

    def test_scorad_with_regions(self):
        form = ScoradForm(self.data(itch="4", sleeplessness="2"))
        self.assertTrue(form.is_valid(), form.errors)
        result = score_instrument(definitions.load("scorad"), form.answers())
        # A = 18 + 4.5 = 22.5; 4.5 + 42 + 6 = 52.5
        self.assertEqual(
            (result.total, result.subscores["A"], result.band), (52.5, 22.5, "severe")
        )

    def test_objective_scorad_has_no_itch_or_sleep(self):
        form = ObjectiveScoradForm(self.data())
        self.assertNotIn("itch", form.fields)
        self.assertTrue(form.is_valid(), form.errors)
        result = score_instrument(definitions.load("oscorad"), form.answers())
        self.assertEqual((result.total, result.band), (46.5, "severe"))

    def test_form_for_picks_the_right_form(self):
        self.assertIsInstance(form_for(definitions.load("easi")), EasiForm)
        self.assertIsInstance(
            form_for(definitions.load("oscorad")), ObjectiveScoradForm
        )
        self.assertIsInstance(form_for(definitions.load("scorad")), ScoradForm)
