"""Weekly instruments inside a programme: each participant form is submitted and
its stored score asserted; bad input saves nothing; strangers get 404."""

import json
import os
import tempfile
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from unittest import mock

from django.core.exceptions import ValidationError
from django.urls import reverse

from skingarden.accounts.models import User
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import scorad
from skingarden.programmes.models import Programme
from skingarden.programmes.services.measures import measure_submit
from skingarden.test import BaseTestCase, make_participant, make_programme

SIGNS = scorad.SIGNS


def poem_post(*scores):
    return {f"item_{n}": str(s) for n, s in enumerate(scores, start=1) if s is not None}


class MeasureServiceTests(BaseTestCase):
    def test_it_scores_and_stores_both_versions(self):
        response = measure_submit(
            programme=self.programme,
            instrument_id="poem",
            due_on=self.alice_start,
            answers={str(n): 3 for n in range(1, 8)},
            today=self.alice_start,
        )
        response.refresh_from_db()
        self.assertEqual(
            (response.total, response.band, response.scored),
            (Decimal("21.00"), "severe", True),
        )
        self.assertEqual(
            (response.instrument_version, response.scoring_version),
            ("1.0", "summed_items/1"),
        )
        self.assertEqual(
            response.bands, {"charman_2013": "severe", "silverberg_2018": "severe"}
        )

    def test_it_is_refused_outside_the_window_off_schedule_or_off_protocol(self):
        answers = {str(n): 0 for n in range(1, 8)}
        with self.assertRaisesMessage(ValidationError, "can be answered from"):
            measure_submit(
                programme=self.programme,
                instrument_id="poem",
                due_on=self.alice_start,
                answers=answers,
                today=self.today,
            )
        with self.assertRaisesMessage(ValidationError, "is not due"):
            measure_submit(
                programme=self.programme,
                instrument_id="poem",
                due_on=self.today,
                answers=answers,
                today=self.today,
            )
        with self.assertRaisesMessage(ValidationError, "not part of this programme"):
            measure_submit(
                programme=self.programme,
                instrument_id="gags",
                due_on=self.alice_start,
                answers={},
                today=self.alice_start,
            )
        self.assertFalse(InstrumentResponse.objects.exists())


class MeasureViewTests(BaseTestCase):
    dana: User
    dana_programme: Programme

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Kefir day 7 is today, so the weekly instruments are due now.
        cls.dana = make_participant("dana@example.org", conditions=["eczema", "acne"])
        start = cls.today - timedelta(days=13)
        cls.dana_programme = make_programme(
            cls.dana,
            start=start,
            today=start,
            instruments=("poem", "po_scorad", "acne_lesions", "gags"),
        )

    def url(self, instrument, programme=None):
        programme = programme or self.dana_programme
        return reverse(
            "programmes:measure",
            args=[programme.code, instrument, self.today.isoformat()],
        )

    def stored(self, instrument):
        return InstrumentResponse.objects.get(owner=self.dana, instrument_id=instrument)

    def test_the_dashboard_lists_every_instrument_due_now(self):
        self.login(self.dana)
        page = self.client.get(reverse("programmes:dashboard"))
        for title in ("POEM", "PO-SCORAD", "Lesion counts", "GAGS"):
            self.assertContains(page, f"{title} is due (Kefir day 7)")

    def test_poem(self):
        self.login(self.dana)
        response = self.client.post(self.url("poem"), poem_post(1, 2, 0, 0, 1, 2, 4))
        self.assertRedirects(
            response, reverse("programmes:dashboard"), fetch_redirect_response=False
        )
        stored = self.stored("poem")
        self.assertEqual(
            (stored.total, stored.band, stored.due_on),
            (Decimal(10), "moderate", self.today),
        )
        self.assertEqual(
            stored.answers, {"1": 1, "2": 2, "3": 0, "4": 0, "5": 1, "6": 2, "7": 4}
        )

    def test_poem_with_two_blanks_is_stored_unscored(self):
        self.login(self.dana)
        self.client.post(self.url("poem"), poem_post(1, None, None, 0, 1, 2, 4))
        stored = self.stored("poem")
        self.assertEqual((stored.total, stored.scored, stored.band), (None, False, ""))

    def test_po_scorad_with_the_body_map(self):
        self.login(self.dana)
        data = {
            "region_trunk_front": "50",
            "region_ul_left_front": "100",
            **{f"sign_{s}": "2" for s in SIGNS},
            "itch": "6",
            "sleeplessness": "4",
        }
        self.assertEqual(self.client.post(self.url("po_scorad"), data).status_code, 302)
        stored = self.stored("po_scorad")
        # A = 9 + 4.5 = 13.5; A/5 + 7 x 12/2 + 10 = 2.7 + 42 + 10 = 54.7
        self.assertEqual((stored.total, stored.band), (Decimal("54.70"), ""))
        self.assertEqual(
            stored.subscores, {"A": 13.5, "B": 12, "C": 10.0, "objective_scorad": 44.7}
        )
        self.assertEqual(
            stored.answers["regions"], {"trunk_front": 50, "ul_left_front": 100}
        )

    def test_po_scorad_bad_input_saves_nothing(self):
        self.login(self.dana)
        data = {"region_trunk_front": "150", "itch": "11"}
        response = self.client.post(self.url("po_scorad"), data)
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertIn("region_trunk_front", errors)
        self.assertIn("sign_erythema", errors)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_lesion_counts_by_location(self):
        self.login(self.dana)
        data = {
            "face_comedones": "12",
            "face_papules": "5",
            "face_pustules": "3",
            "face_nodules": "0",
            "back_comedones": "2",
            "back_papules": "4",
            "back_pustules": "0",
            "back_nodules": "1",
        }
        self.client.post(self.url("acne_lesions"), data)
        stored = self.stored("acne_lesions")
        self.assertEqual((stored.total, stored.band), (Decimal(27), "moderate"))
        self.assertEqual(stored.subscores["inflammatory"], 12)
        self.assertNotIn("chest", stored.answers)

    def test_a_half_counted_place_is_refused(self):
        self.login(self.dana)
        response = self.client.post(self.url("acne_lesions"), {"face_comedones": "3"})
        self.assertContains(response, "fill in all four counts", status_code=400)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_gags(self):
        self.login(self.dana)
        data = {
            "place_forehead": ["comedone", "pustule"],
            "place_chin": ["papule"],
            "place_chest_upper_back": ["papule"],
        }
        self.client.post(self.url("gags"), data)
        stored = self.stored("gags")
        # forehead 2 x 3 + chin 1 x 2 + chest/back 3 x 2 = 14
        self.assertEqual((stored.total, stored.band), (Decimal(14), "mild"))

    def test_an_unknown_lesion_type_is_refused(self):
        self.login(self.dana)
        response = self.client.post(self.url("gags"), {"place_nose": ["boil"]})
        self.assertEqual(response.status_code, 400)
        self.assertFalse(InstrumentResponse.objects.exists())

    def test_an_instrument_outside_the_protocol_is_404(self):
        self.login(self.alice)
        self.assertEqual(
            self.client.get(self.url("gags", self.programme)).status_code, 404
        )

    def test_strangers_get_404_and_nothing_is_stored(self):
        self.login(self.charlie)
        response = self.client.post(self.url("poem"), poem_post(*[1] * 7))
        self.assertEqual(response.status_code, 404)
        self.assertFalse(InstrumentResponse.objects.exists())


class LicensedInstrumentTests(BaseTestCase):
    def licensed_dir(self):
        folder = Path(tempfile.mkdtemp())
        items = {str(n): f"Licensed wording of question {n}" for n in range(1, 11)}
        options = {
            "3": "very much",
            "2": "a lot",
            "1": "a little",
            "0": "not at all",
            "not_relevant": "not relevant",
        }
        (folder / "dlqi.json").write_text(
            json.dumps(
                {
                    "instrument": "dlqi",
                    "copyright": "© A Y Finlay, G K Khan, April 1992",
                    "items": items,
                    "options": options,
                }
            )
        )
        return folder

    def test_dlqi_needs_its_licensed_text_and_then_works(self):
        user = make_participant("lic@example.org")
        with self.assertRaises(ValidationError):
            make_programme(user, instruments=("poem", "dlqi"))
        with mock.patch.dict(
            os.environ, {"LICENSED_TEXT_DIR": str(self.licensed_dir())}
        ):
            start = self.today - timedelta(days=13)
            programme = make_programme(
                user, start=start, today=start, instruments=("poem", "dlqi")
            )
            self.login(user)
            url = reverse(
                "programmes:measure",
                args=[programme.code, "dlqi", self.today.isoformat()],
            )
            page = self.client.get(url)
            self.assertContains(page, "Licensed wording of question 3")
            self.assertContains(page, "© A Y Finlay")
            data = {f"item_{n}": "1" for n in (1, 2, 3, 4, 5, 6, 8, 9, 10)}
            data.update(item_7_main="no", item_7_sub="2", item_3="not_relevant")
            self.client.post(url, data)
        stored = InstrumentResponse.objects.get(owner=user, instrument_id="dlqi")
        self.assertEqual((stored.total, stored.band), (Decimal(10), "moderate effect"))
