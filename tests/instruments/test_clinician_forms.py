"""The clinician forms (EASI, SCORAD, objective SCORAD) produce answers the rules
score, and speak to the clinician; the practitioner's pages are tested in
tests/sharing."""

from django.template.loader import render_to_string
from django.test import SimpleTestCase

from skingarden.instruments import definitions
from skingarden.instruments.forms import (
    EasiForm,
    ObjectiveScoradForm,
    ScoradForm,
    form_for,
)
from skingarden.instruments.forms.scorad import CLINICIAN_WORDS, PARTICIPANT_WORDS
from skingarden.instruments.scoring import easi, scorad
from skingarden.instruments.scoring.registry import score_instrument

EASI_REGIONS = easi.REGIONS
EASI_SIGNS = easi.SIGNS
SCORAD_SIGNS = scorad.SIGNS


def easi_data(age="30", area="0", sign="0", percent=""):
    """Every region alike: the band picked (area), the percentage and the signs."""
    data = {"age_years": age}
    for region in EASI_REGIONS:
        data[f"{region}_area"] = area
        data[f"{region}_percent"] = percent
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


class ScoradWordingTests(SimpleTestCase):
    """The clinician's SCORAD speaks to the clinician; PO-SCORAD to the participant."""

    def render(self, instrument):
        form = form_for(definitions.load(instrument))
        return form, render_to_string("instruments/forms/scorad.html", {"form": form})

    def test_the_clinician_forms_ask_about_the_eczema_not_yours(self):
        for instrument in ("scorad", "oscorad"):
            with self.subTest(instrument):
                form, html = self.render(instrument)
                self.assertTrue(form.for_clinician)
                self.assertIn("Where is the eczema today?", html)
                self.assertNotIn("your eczema", html.lower())
                self.assertEqual(form.fields["sign_erythema"].label, "Erythema")
                self.assertEqual(
                    form.fields["region_trunk_front"].label, "Trunk, front (18%)"
                )

    def test_the_clinician_scorad_asks_for_the_patients_own_itch_rating(self):
        form, html = self.render("scorad")
        self.assertEqual(form.fields["itch"].label, CLINICIAN_WORDS.itch)
        self.assertIn("The patient's itch and sleep", html)

    def test_po_scorad_still_speaks_to_the_participant(self):
        form, html = self.render("po_scorad")
        self.assertFalse(form.for_clinician)
        self.assertIn("Where is your eczema today?", html)
        self.assertEqual(form.fields["itch"].label, PARTICIPANT_WORDS.itch)
        self.assertEqual(form.fields["sign_erythema"].label, "Redness")
