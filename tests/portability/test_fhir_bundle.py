"""The FHIR R4 Bundle export, parsed whole by fhir.resources' R4B models."""

import json
from collections import Counter
from datetime import UTC, date, datetime
from uuid import UUID

from django.http import Http404
from django.test import TestCase
from fhir.resources.R4B.bundle import Bundle

from skingarden.accounts.models import User
from skingarden.instruments import definitions
from skingarden.instruments.fhir import LOINC, SNOMED_CT, canonical_url
from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.services import instrument_response_save
from skingarden.portability.fhir_bundle import (
    ExportError,
    export_bundle,
    export_bundle_bytes,
    patient,
)
from skingarden.portability.fhir_bundle.common import (
    DAILY_LOG_SYSTEM,
    INSTRUMENT_TOTAL_SYSTEM,
    OBSERVATION_CATEGORY,
    PARTICIPANT_ID_SYSTEM,
    PHASE_SYSTEM,
    UCUM,
)
from skingarden.portability.fhir_bundle.daily import (
    BRISTOL,
    LABELS,
    QUANTITIES,
    choice_system,
)
from skingarden.portability.fhir_bundle.responses import UNFIT, UNKNOWN
from skingarden.programmes.catalogue import MEASURES
from skingarden.programmes.models import CHECKIN_FIELDS, CheckIn, Programme
from skingarden.programmes.services.amendments import programme_stop_early
from skingarden.test import make_checkin, make_participant, make_programme
from tests.instruments.test_fhir import ANSWERS
from tests.subprocesses import clean_environment, run_python

OLD_START = date(2026, 1, 5)
STOPPED_ON = date(2026, 1, 13)  # the second kefir day of the first programme
NEW_START = date(2026, 1, 19)
NOW = datetime(2026, 1, 22, 17, 0, tzinfo=UTC)  # noon on 22 January in New York
POEM_ALL_ONES = {str(item): 1 for item in range(1, 8)}
POEM_TWO_BLANKS = {"1": 2, "2": None, "3": None, "4": 1, "5": 0, "6": 1, "7": 2}
RATER = "Dr Ada Byrne (dermatologist)"
NOTE = "Long day at work; café lunch."


def resources(bundle, kind=None):
    found = [entry["resource"] for entry in bundle["entry"]]
    return [r for r in found if kind is None or r["resourceType"] == kind]


def daily(bundle, day, field):
    """The Observations of one logged field of one day."""
    return [
        r
        for r in resources(bundle, "Observation")
        if r["effectiveDateTime"] == day.isoformat()
        and r["code"]["coding"][0]
        == {
            "system": DAILY_LOG_SYSTEM,
            "code": field,
            "display": LABELS[field],
        }
    ]


def one_daily(bundle, day, field):
    [found] = daily(bundle, day, field)
    return found


def references(value):
    """Every ``reference`` anywhere in a resource."""
    if isinstance(value, dict):
        if isinstance(value.get("reference"), str):
            yield value["reference"]
        for item in value.values():
            yield from references(item)
    elif isinstance(value, list):
        for item in value:
            yield from references(item)


def urn(value):
    return f"urn:uuid:{value}"


class FhirBundleTests(TestCase):
    """Alice stopped one programme early and is paused (a red flag) in a second; she
    answered POEM in both, PO-SCORAD outside any programme, and a clinician rated
    her EASI. Charlie is a stranger with data of his own."""

    alice: User
    charlie: User
    old: Programme
    new: Programme
    charlie_programme: Programme
    old_checkins: list[CheckIn]
    charlie_checkin: CheckIn
    old_poem: InstrumentResponse
    poem: InstrumentResponse
    unscored: InstrumentResponse
    po_scorad: InstrumentResponse
    easi: InstrumentResponse
    charlie_poem: InstrumentResponse

    @classmethod
    def setUpTestData(cls):
        cls.alice = make_participant(
            "alice@example.org",
            birth_year=1987,
            time_zone="America/New_York",
            today=OLD_START,
        )
        cls.old = make_programme(cls.alice, start=OLD_START, today=OLD_START)
        cls.old_checkins = [
            make_checkin(cls.old, date(2026, 1, 5), worst_itch=7),
            make_checkin(cls.old, date(2026, 1, 6), worst_itch=6),
            make_checkin(cls.old, date(2026, 1, 12), worst_itch=5, kefir_ml=50),
        ]
        cls.old_poem = cls.respond("poem", POEM_ALL_ONES, date(2026, 1, 5), cls.old)
        programme_stop_early(programme=cls.old, why="Moving house", today=STOPPED_ON)
        cls.new = make_programme(cls.alice, start=NEW_START, today=NEW_START)
        make_checkin(cls.new, date(2026, 1, 19))
        make_checkin(
            cls.new,
            date(2026, 1, 20),
            worst_itch=4,
            bowel_movements=0,
            stool_form=None,
            topical_applied=False,
            products=["emollient", "antihistamine"],
            tags=["stress", "heat"],
            note=NOTE,
        )
        make_checkin(cls.new, date(2026, 1, 22), red_flags=["infected_eczema"])
        cls.poem = cls.respond("poem", ANSWERS["poem"], date(2026, 1, 19), cls.new)
        cls.unscored = cls.respond("poem", POEM_TWO_BLANKS, date(2026, 1, 20), cls.new)
        cls.po_scorad = cls.respond(
            "po_scorad", ANSWERS["po_scorad"], date(2026, 1, 21)
        )
        cls.easi = instrument_response_save(
            owner=cls.alice,
            instrument_id="easi",
            answers=ANSWERS["easi"],
            answered_on=date(2026, 1, 22),
            today=date(2026, 1, 22),
            programme=cls.new,
            rated_by=InstrumentResponse.Rater.CLINICIAN,
            rater_name=RATER,
        )
        cls.charlie = make_participant("charlie@example.org", today=OLD_START)
        cls.charlie_programme = make_programme(cls.charlie, start=OLD_START)
        cls.charlie_checkin = make_checkin(cls.charlie_programme, OLD_START)
        cls.charlie_poem = instrument_response_save(
            owner=cls.charlie,
            instrument_id="poem",
            answers=ANSWERS["poem"],
            answered_on=OLD_START,
            today=OLD_START,
            programme=cls.charlie_programme,
        )

    @classmethod
    def respond(cls, instrument, answers, day, programme=None):
        return instrument_response_save(
            owner=cls.alice,
            instrument_id=instrument,
            answers=answers,
            answered_on=day,
            today=day,
            programme=programme,
        )

    def export(self, **kwargs):
        bundle = export_bundle(owner=self.alice, now=NOW, **kwargs)
        Bundle.model_validate(bundle)  # raises on anything FHIR R4B rejects
        return bundle

    def test_the_whole_bundle_validates_and_holds_every_piece_of_data(self):
        bundle = self.export()
        self.assertEqual(
            (bundle["resourceType"], bundle["type"], bundle["timestamp"]),
            ("Bundle", "collection", "2026-01-22T17:00:00+00:00"),
        )
        kinds = Counter(r["resourceType"] for r in resources(bundle))
        # Daily: 10 for each default day (9 measures, 1 product) x 4, then 14 for
        # 20 January (8 measures, topical, 2 products, 2 tags, note) and 1 red
        # flag on 22 January; totals: 4 of the 5 responses were scored.
        self.assertEqual(
            kinds,
            {
                "Patient": 1,
                "CarePlan": 2,
                "Questionnaire": 3,
                "QuestionnaireResponse": 5,
                "Observation": 10 * 5 + 14 + 1 + 4,
            },
        )

    def test_every_reference_resolves_inside_the_bundle(self):
        bundle = self.export()
        full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
        self.assertEqual(len(full_urls), len(set(full_urls)))
        self.assertTrue(all(url.startswith("urn:uuid:") for url in full_urls))
        found = list(references(bundle))
        # Observations: 69 subjects, 68 plans (not the loose PO-SCORAD total), 4
        # derivedFrom, 3 performers; responses: 5 subjects, 4 plans, 4 authors (the
        # clinician is named, not referenced); care plans: 2 subjects.
        self.assertEqual(len(found), 69 + 68 + 4 + 3 + 5 + 4 + 4 + 2)
        self.assertLessEqual(set(found), set(full_urls))
        canonicals = {
            f"{q['url']}|{q['version']}" for q in resources(bundle, "Questionnaire")
        }
        answered = {
            r["questionnaire"] for r in resources(bundle, "QuestionnaireResponse")
        }
        self.assertEqual(answered, canonicals)

    def test_the_patient_holds_only_a_skin_garden_identifier_and_the_birth_year(self):
        body = export_bundle_bytes(owner=self.alice, now=NOW)
        [found] = resources(json.loads(body), "Patient")
        code = str(self.alice.code)
        self.assertEqual(
            found,
            {
                "resourceType": "Patient",
                "id": code,
                "identifier": [{"system": PARTICIPANT_ID_SYSTEM, "value": code}],
                "birthDate": "1987",
            },
        )
        self.assertNotIn(b"alice@example.org", body)
        self.assertNotIn("birthDate", patient(self.alice.code, None))

    def test_measures_carry_their_units_and_exact_values(self):
        bundle = self.export()
        day = date(2026, 1, 20)
        itch = one_daily(bundle, day, "worst_itch")
        self.assertEqual(
            itch["valueQuantity"],
            {"value": 4, "unit": "points (0-10)", "system": UCUM, "code": "{score}"},
        )
        self.assertEqual(
            (itch["status"], itch["effectiveDateTime"], itch["subject"]),
            ("final", "2026-01-20", {"reference": urn(self.alice.code)}),
        )
        self.assertEqual(itch["category"][0]["coding"][0]["code"], "survey")
        self.assertEqual(
            itch["category"][0]["coding"][0]["system"], OBSERVATION_CATEGORY
        )
        self.assertEqual(itch["basedOn"], [{"reference": urn(self.new.code)}])
        units = {
            field: one_daily(bundle, day, field)["valueQuantity"]
            for field in ("kefir_ml", "bowel_movements", "fibre_servings")
        }
        self.assertEqual(
            units,
            {
                "kefir_ml": {"value": 0, "unit": "mL", "system": UCUM, "code": "mL"},
                "bowel_movements": {
                    "value": 0,
                    "unit": "bowel movements per day",
                    "system": UCUM,
                    "code": "/d",
                },
                "fibre_servings": {
                    "value": 2,
                    "unit": "servings per day",
                    "system": UCUM,
                    "code": "{serving}/d",
                },
            },
        )
        kefir = one_daily(bundle, date(2026, 1, 12), "kefir_ml")
        self.assertEqual(kefir["valueQuantity"]["value"], 50)
        self.assertEqual(kefir["basedOn"], [{"reference": urn(self.old.code)}])

    def test_stool_form_is_a_bristol_type_coded_in_snomed_ct(self):
        stool = one_daily(self.export(), date(2026, 1, 19), BRISTOL)
        self.assertEqual(stool["valueInteger"], 4)
        self.assertEqual(
            stool["code"]["coding"][1], {"system": SNOMED_CT, "code": "443172007"}
        )

    def test_blank_is_not_recorded_and_a_recorded_zero_is(self):
        bundle = self.export()
        day = date(2026, 1, 20)
        self.assertEqual(daily(bundle, day, "stool_form"), [])
        self.assertEqual(daily(bundle, day, "new_spots"), [])
        self.assertEqual(daily(bundle, date(2026, 1, 19), "note"), [])
        self.assertEqual(daily(bundle, date(2026, 1, 19), "topical_applied"), [])
        self.assertEqual(daily(bundle, date(2026, 1, 21), "worst_itch"), [])  # unlogged
        self.assertEqual(
            one_daily(bundle, day, "gut_discomfort")["valueQuantity"]["value"], 0
        )
        self.assertIs(one_daily(bundle, day, "topical_applied")["valueBoolean"], False)

    def test_lists_become_one_coded_observation_per_choice_and_notes_strings(self):
        bundle = self.export()
        day = date(2026, 1, 20)
        codings = {
            field: [
                r["valueCodeableConcept"]["coding"][0]
                for r in daily(bundle, day, field)
            ]
            for field in ("products", "tags")
        }
        self.assertEqual(
            [(c["system"], c["code"]) for c in codings["products"]],
            [
                (choice_system("products"), "emollient"),
                (choice_system("products"), "antihistamine"),
            ],
        )
        self.assertEqual(
            [c["display"] for c in codings["tags"]], ["Stress", "Hot weather"]
        )
        self.assertEqual(one_daily(bundle, day, "note")["valueString"], NOTE)
        flag = one_daily(bundle, date(2026, 1, 22), "red_flags")
        self.assertEqual(
            flag["valueCodeableConcept"]["coding"][0]["code"], "infected_eczema"
        )

    def test_a_choice_the_catalogue_no_longer_has_keeps_its_code(self):
        CheckIn.objects.filter(owner=self.alice, date=date(2026, 1, 19)).update(
            products=["retired_cream"]
        )
        [used] = daily(self.export(), date(2026, 1, 19), "products")
        self.assertEqual(
            used["valueCodeableConcept"],
            {
                "coding": [
                    {"system": choice_system("products"), "code": "retired_cream"}
                ]
            },
        )

    def test_poem_pairs_with_its_loinc_coded_questionnaire_and_total(self):
        bundle = self.export()
        [poem] = [q for q in resources(bundle, "Questionnaire") if q["id"] == "poem"]
        self.assertIn({"system": LOINC, "code": "89862-7"}, poem["code"])
        response = self.resource(bundle, self.poem.code)
        self.assertEqual(response["authored"], "2026-01-19")
        self.assertEqual(response["author"], {"reference": urn(self.alice.code)})
        self.assertEqual(response["basedOn"], [{"reference": urn(self.new.code)}])
        [total] = self.derived_from(bundle, self.poem.code)
        self.assertEqual(
            total["code"]["coding"],
            [
                {
                    "system": INSTRUMENT_TOTAL_SYSTEM,
                    "code": "poem",
                    "display": "POEM total score",
                },
                {"system": LOINC, "code": "89870-0"},
            ],
        )
        self.assertEqual(
            total["valueQuantity"],
            {"value": 13, "unit": "score", "system": UCUM, "code": "{score}"},
        )
        self.assertEqual(total["interpretation"], [{"text": "moderate"}])
        self.assertEqual(total["performer"], [{"reference": urn(self.alice.code)}])
        self.assertEqual(total["effectiveDateTime"], "2026-01-19")

    def test_an_unscored_response_has_no_total(self):
        bundle = self.export()
        response = self.resource(bundle, self.unscored.code)
        self.assertNotIn("total", [item["linkId"] for item in response["item"]])
        self.assertEqual(self.derived_from(bundle, self.unscored.code), [])

    def test_a_clinician_rating_names_its_rater_and_a_loose_response_has_no_plan(self):
        bundle = self.export()
        easi = self.resource(bundle, self.easi.code)
        clinician = {"type": "Practitioner", "display": RATER}
        self.assertEqual(easi["author"], clinician)
        [easi_total] = self.derived_from(bundle, self.easi.code)
        self.assertEqual(easi_total["performer"], [clinician])
        self.assertEqual(easi_total["valueQuantity"]["value"], 5)  # stored as 5.00
        loose = self.resource(bundle, self.po_scorad.code)
        self.assertNotIn("basedOn", loose)
        [total] = self.derived_from(bundle, self.po_scorad.code)
        self.assertNotIn("basedOn", total)
        self.assertEqual(total["valueQuantity"]["value"], 47.6)  # stored as 47.60

    def test_each_programme_is_a_care_plan_of_its_phases(self):
        plans = {p["id"]: p for p in resources(self.export(), "CarePlan")}
        old, new = plans[str(self.old.code)], plans[str(self.new.code)]
        self.assertEqual((old["status"], new["status"]), ("revoked", "on-hold"))
        self.assertEqual(old["period"], {"start": "2026-01-05", "end": "2026-01-13"})
        phases = [
            (a["detail"]["code"]["coding"][0]["code"], a["detail"]["status"])
            for a in old["activity"] + new["activity"]
        ]
        self.assertEqual(
            phases,
            [
                ("baseline", "completed"),
                ("ramp", "completed"),
                ("baseline", "on-hold"),  # the red flag paused it on 22 January
                ("ramp", "not-started"),
                ("intervention", "not-started"),
            ],
        )
        first = new["activity"][0]["detail"]
        self.assertEqual(first["code"]["coding"][0]["system"], PHASE_SYSTEM)
        self.assertEqual(
            first["scheduledPeriod"], {"start": "2026-01-19", "end": "2026-01-25"}
        )

    def test_a_chosen_programme_leaves_out_everything_else(self):
        bundle = self.export(programmes=[self.new])
        kinds = Counter(r["resourceType"] for r in resources(bundle))
        self.assertEqual(
            kinds,
            {
                "Patient": 1,
                "CarePlan": 1,
                "Questionnaire": 2,  # POEM and EASI; PO-SCORAD was outside it
                "QuestionnaireResponse": 3,
                "Observation": 10 + 14 + 11 + 2,
            },
        )
        plans = {
            ref
            for r in resources(bundle)
            if r["resourceType"] in ("Observation", "QuestionnaireResponse")
            for ref in references(r.get("basedOn", []))
        }
        self.assertEqual(plans, {urn(self.new.code)})
        body = json.dumps(bundle)
        for left_out in (self.old.code, self.old_poem.code, self.po_scorad.code):
            self.assertNotIn(str(left_out), body)
        self.assertNotIn("2026-01-05", body)

    def test_no_programme_exports_the_patient_alone(self):
        bundle = self.export(programmes=[])
        self.assertEqual([r["resourceType"] for r in resources(bundle)], ["Patient"])

    def test_a_strangers_data_never_appears(self):
        body = export_bundle_bytes(owner=self.alice, now=NOW).decode()
        theirs = (
            self.charlie.code,
            self.charlie_programme.code,
            self.charlie_checkin.code,
            self.charlie_poem.code,
        )
        for code in theirs:
            self.assertNotIn(str(code), body)
        self.assertNotIn("charlie", body)
        mine = export_bundle_bytes(owner=self.charlie, now=NOW).decode()
        for code in (self.alice.code, self.new.code, self.poem.code):
            self.assertNotIn(str(code), mine)

    def test_someone_elses_programme_is_refused_as_not_found(self):
        for chosen in ([self.charlie_programme], [self.new, self.charlie_programme]):
            with self.subTest(len(chosen)), self.assertRaises(Http404):
                export_bundle(owner=self.alice, programmes=chosen, now=NOW)

    def test_the_reads_take_seven_queries_whatever_the_data(self):
        # The five of before, the photo-plan amendments and the photo sessions
        # (their photos are one more when there are sessions: test_photo_fhir.py).
        owner = User.objects.get(pk=self.alice.pk)
        with self.assertNumQueries(7):
            export_bundle(owner=owner, now=NOW)

    def test_exporting_twice_gives_the_same_bundle_and_bytes_are_its_json(self):
        body = export_bundle_bytes(owner=self.alice, now=NOW)
        self.assertEqual(json.loads(body), self.export())
        self.assertEqual(body, export_bundle_bytes(owner=self.alice, now=NOW))
        self.assertIn(NOTE.encode(), body)  # UTF-8, not \u escapes

    def test_a_response_that_no_longer_fits_its_questionnaire_is_refused_plainly(self):
        InstrumentResponse.objects.filter(pk=self.poem.pk).update(
            answers={**ANSWERS["poem"], "1": 9}
        )
        message = UNFIT.format(instrument="POEM", day="2026-01-19")
        with self.assertRaisesMessage(ExportError, message) as raised:
            export_bundle(owner=self.alice, now=NOW)
        self.assertNotIn("9", str(raised.exception).replace("2026-01-19", ""))
        self.assertIsNone(raised.exception.__cause__)

    def test_a_response_to_an_unknown_instrument_is_refused_plainly(self):
        InstrumentResponse.objects.filter(pk=self.poem.pk).update(instrument_id="gone")
        with self.assertRaisesMessage(ExportError, UNKNOWN.format(instrument="gone")):
            export_bundle(owner=self.alice, now=NOW)

    def resource(self, bundle, code: UUID):
        [found] = [r for r in resources(bundle) if r["id"] == str(code)]
        return found

    def derived_from(self, bundle, code: UUID):
        return [
            r
            for r in resources(bundle, "Observation")
            if {"reference": urn(code)} in r.get("derivedFrom", [])
        ]


class ImportCostTests(TestCase):
    def test_exporting_does_not_load_fhir_resources(self):
        code = (
            "import sys, django; django.setup(); "
            "import skingarden.portability.fhir_bundle; "
            "print(sorted(m for m in sys.modules "
            "if m.startswith(('fhir', 'pydantic'))))"
        )
        result = run_python(code, env=clean_environment())
        self.assertEqual((result.returncode, result.stdout.strip()), (0, "[]"))


class FieldCoverageTests(TestCase):
    def test_every_field_of_a_day_has_a_label_and_every_measure_a_unit(self):
        self.assertEqual(set(LABELS), set(CHECKIN_FIELDS))
        self.assertEqual({*QUANTITIES, BRISTOL}, set(MEASURES))

    def test_bristol_code_comes_from_the_instrument_definition(self):
        codes = definitions.load("bristol").raw["codes"]
        self.assertEqual(codes["snomed_ct"], "443172007")
        self.assertTrue(canonical_url(definitions.load("poem")).endswith("/poem"))
