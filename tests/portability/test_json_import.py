"""The JSON export imports back without loss, and a bad file changes nothing."""

import json
from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase, override_settings

from skingarden.accounts import services as account_services
from skingarden.accounts.models import Profile, SafetyScreen, User
from skingarden.instruments.models import InstrumentResponse
from skingarden.portability import imports
from skingarden.portability.exports import export_file
from skingarden.portability.imports import import_file, json_file, json_programmes
from skingarden.portability.models import (
    CustomMeasure,
    CustomMeasureValue,
    ImportedDay,
    ImportJob,
    TreatmentEntry,
)
from skingarden.programmes.models import (
    Amendment,
    CheckIn,
    PatchTest,
    PatchTestDay,
    Phase,
    Programme,
    RedFlagEvent,
)
from skingarden.test import (
    clear_answers,
    make_checkin,
    make_participant,
    make_programme,
    make_split_body_programme,
)
from tests.portability.helpers import (
    DATA,
    FIRST_START,
    TODAY,
    rich_participant,
    without_identifiers,
)

MODELS = (
    ImportJob,
    SafetyScreen,
    PatchTest,
    PatchTestDay,
    Programme,
    Phase,
    Amendment,
    CheckIn,
    RedFlagEvent,
    InstrumentResponse,
    CustomMeasure,
    CustomMeasureValue,
    TreatmentEntry,
    ImportedDay,
)


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


class JsonImportTestCase(TestCase):
    alice: User
    export: bytes

    @classmethod
    def setUpTestData(cls):
        cls.alice = rich_participant()
        cls.export = export_file(owner=cls.alice, fmt="json", today=TODAY).content

    def setUp(self):
        self.bob = make_participant("bob@example.org", screened=False, birth_year=1970)

    def document(self) -> Any:
        return json.loads(self.export)

    def import_document(self, document: Any) -> imports.ImportSummary:
        data = json.dumps(document).encode()
        return import_file(owner=self.bob, fmt="json", data=data, today=TODAY)

    def assert_refused(self, document: Any, message: str) -> None:
        self.assert_refused_data(json.dumps(document).encode(), message)

    def assert_refused_data(self, data: bytes, message: str) -> None:
        before = (row_counts(), Profile.objects.get(user=self.bob).birth_year)
        with self.assertRaises(ValidationError) as caught:
            import_file(owner=self.bob, fmt="json", data=data, today=TODAY)
        self.assertEqual(caught.exception.messages, [message])
        after = (row_counts(), Profile.objects.get(user=self.bob).birth_year)
        self.assertEqual(after, before)


class RoundTripTests(JsonImportTestCase):
    def test_export_import_export_gives_the_same_content(self):
        summary = import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        again = export_file(owner=self.bob, fmt="json", today=TODAY).content
        expected = without_identifiers(self.export)
        # Alice's patch test was kept in real time; an imported one never counts as
        # such (issue 10 §2), and that is the only difference.
        self.assertEqual(expected["patch_tests"][0]["real_time"], True)
        expected["patch_tests"][0]["real_time"] = False
        self.assertEqual(without_identifiers(again), expected)
        self.assertEqual(
            summary.describe(),
            "Imported 1 safety screen, 1 patch test, 2 programmes, 3 amendments, "
            "36 check-ins, 1 red-flag event, 5 questionnaire responses, 3 new "
            "conditions and symptoms, 14 condition and symptom ratings, 8 treatment "
            "entries and 5 days of tags, foods or weather.",
        )

    def test_the_imported_rows_are_new_and_linked_to_each_other(self):
        import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        programme = Programme.objects.filter(owner=self.bob).order_by("start_date")[0]
        alices = Programme.objects.filter(owner=self.alice).order_by("start_date")[0]
        screen = SafetyScreen.objects.get(user=self.bob)
        test = PatchTest.objects.get(owner=self.bob)
        self.assertNotEqual(programme.code, alices.code)
        self.assertEqual(programme.safety_screen, screen)
        self.assertEqual(programme.protocol.safety_screen.code, str(screen.code))
        self.assertEqual(programme.protocol.topical.patch_test, str(test.code))
        self.assertEqual(programme.locked_at, alices.locked_at)
        self.assertEqual(
            RedFlagEvent.objects.get(programme=programme).checkin.owner, self.bob
        )
        self.bob.profile.refresh_from_db()
        self.assertEqual(self.bob.profile.birth_year, 1990)
        self.assertEqual(self.bob.email, "bob@example.org")

    def test_the_same_data_exports_byte_for_byte_the_same(self):
        again = export_file(owner=self.alice, fmt="json", today=TODAY).content
        self.assertEqual(again, self.export)

    def test_a_practitioners_export_of_one_programme_imports_too(self):
        first = Programme.objects.filter(owner=self.alice).order_by("start_date")[:1]
        content = export_file(
            owner=self.alice, fmt="json", programmes=list(first), today=TODAY
        ).content
        import_file(owner=self.bob, fmt="json", data=content, today=TODAY)
        programme = Programme.objects.get(owner=self.bob)
        self.assertEqual(
            (programme.status, programme.checkins.count()), ("completed", 27)
        )
        # The patch test stays out of such an export, so its code is kept as is.
        self.assertEqual(
            programme.protocol.topical.patch_test,
            str(PatchTest.objects.get(owner=self.alice).code),
        )

    def test_deleting_the_account_removes_the_imported_rows(self):
        import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        before = row_counts()
        self.bob.delete()
        self.assertEqual(
            row_counts(), {name: count // 2 for name, count in before.items()}
        )


class AccountRuleTests(JsonImportTestCase):
    def test_an_account_with_a_programme_is_refused(self):
        make_participant("carol@example.org")
        carol = User.objects.get(email="carol@example.org")
        make_programme(carol)
        with self.assertRaisesMessage(
            ValidationError,
            json_file.NOT_EMPTY.format(kinds="programmes"),
        ):
            import_file(owner=carol, fmt="json", data=self.export, today=TODAY)
        self.assertEqual(Programme.objects.filter(owner=carol).count(), 1)

    def test_imported_tracking_already_there_is_named_too(self):
        import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        message = json_file.NOT_EMPTY.format(
            kinds="programmes, patch tests, questionnaire responses, imported "
            "measures, imported treatments and imported days"
        )
        self.assert_refused(self.document(), message)

    def test_a_safety_screen_already_there_is_kept_before_the_files(self):
        own = account_services.safety_screen_submit(
            user=self.bob, answers=clear_answers(), today=TODAY
        )
        import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        screens = list(SafetyScreen.objects.filter(user=self.bob))
        self.assertEqual(len(screens), 2)
        self.assertEqual(screens[-1], own)  # newest first: the file's is current
        self.assertEqual((screens[0].birth_year, screens[1].birth_year), (1990, 1970))


class RefusedFileTests(JsonImportTestCase):
    def test_an_error_late_in_the_file_imports_nothing(self):
        document = self.document()
        document["programmes"][1]["checkins"][8]["worst_itch"] = 11
        self.assert_refused(
            document,
            "programmes[1].checkins[8].worst_itch: Ensure this value is less than "
            "or equal to 10.",
        )

    def test_the_daily_log_rules_apply(self):
        document = self.document()
        document["programmes"][0]["checkins"][3]["worst_itch"] = None
        self.assert_refused(
            document,
            "programmes[0].checkins[3].worst_itch: This is your primary outcome: it "
            "is needed every day.",
        )

    def test_a_tag_outside_the_catalogue_is_refused(self):
        document = self.document()
        document["programmes"][0]["checkins"][0]["tags"] = ["gardening"]
        self.assert_refused(
            document, "programmes[0].checkins[0].tags: Choose only from the list."
        )

    def test_a_day_outside_the_programme_or_in_the_future(self):
        document = self.document()
        document["programmes"][0]["checkins"][0]["date"] = "2026-01-09"
        self.assert_refused(
            document,
            "programmes[0].checkins[0].date: 2026-01-09 is not a day of this "
            "programme (2026-01-10 to 2026-02-06).",
        )
        document = self.document()
        document["programmes"][1]["checkins"][0]["date"] = "2026-03-02"
        self.assert_refused(
            document,
            "programmes[1].checkins[0].date: You cannot log a day that has not "
            "happened yet.",
        )

    def test_a_day_logged_twice_is_refused(self):
        document = self.document()
        document["programmes"][0]["checkins"][1]["date"] = "2026-01-10"
        self.assert_refused(
            document,
            "programmes[0].checkins[1].date: "
            + json_programmes.LOGGED_TWICE.format(day="2026-01-10"),
        )

    def test_types_missing_and_unknown_fields(self):
        where = "programmes[0].checkins[2]"
        cases = [
            ("energy", "six", f"{where}.energy: 'six' is not a whole number."),
            ("date", "10/01", f"{where}.date: '10/01' is not a date (YYYY-MM-DD)."),
            ("mood", 3, f"{where}: “mood” is not part of schema version 3."),
        ]
        for key, value, message in cases:
            with self.subTest(key=key):
                document = self.document()
                document["programmes"][0]["checkins"][2][key] = value
                self.assert_refused(document, message)
        document = self.document()
        del document["programmes"][0]["checkins"][2]["energy"]
        self.assert_refused(document, "programmes[0].checkins[2]: “energy” is missing.")

    def test_a_second_open_programme_is_refused(self):
        document = self.document()
        document["programmes"][0]["status"] = "paused"
        self.assert_refused(
            document, f"programmes[1].status: {json_programmes.SECOND_OPEN}"
        )

    def test_a_programme_must_name_a_safety_screen_of_the_file(self):
        document = self.document()
        document["programmes"][0]["safety_screen"] = "nope"
        self.assert_refused(
            document,
            "programmes[0].safety_screen: "
            + json_programmes.UNKNOWN_SCREEN.format(code="nope"),
        )

    def test_a_damaged_protocol_is_refused(self):
        document = self.document()
        document["programmes"][0]["protocol"]["primary_outcome"]["measure"] = "mood"
        self.assert_refused(
            document,
            "programmes[0].protocol.primary_outcome.measure: must be one of: "
            "worst_itch, new_spots.",
        )
        document = self.document()
        del document["programmes"][0]["protocol"]["gut_rule"]
        self.assert_refused(
            document,
            "programmes[0].protocol.gut_rule: is missing.",
        )

    def test_protocol_values_pass_the_typed_protocols_rules(self):
        protocol_path = "programmes[0].protocol"
        cases = {
            "baseline_days": ("seven", "must be a whole number from 0 to 14."),
            "target_ml": (-5, "must be a whole number from 5 to 250."),
            "onset_lag_days": (10**12, "must be a whole number from 0 to 14."),
        }
        for key, (value, message) in cases.items():
            with self.subTest(key=key):
                document = self.document()
                document["programmes"][0]["protocol"][key] = value
                self.assert_refused(document, f"{protocol_path}.{key}: {message}")

    def test_phases_must_follow_each_other(self):
        document = self.document()
        document["programmes"][0]["phases"][1]["start_date"] = "2026-01-18"
        self.assert_refused(
            document,
            "programmes[0].phases[1].start_date: starts on 2026-01-18, but the "
            "phase before it ended on 2026-01-16.",
        )

    def test_a_red_flag_needs_its_check_in(self):
        document = self.document()
        event = document["programmes"][0]["red_flag_events"][0]
        event.update(
            checkin_date="2026-01-21",
            resolution="resumed",
            seen_on="2026-01-21",
            seen_by="Dr Patel, GP",
        )
        self.assert_refused(
            document,
            "programmes[0].red_flag_events[0].flag: the check-in of 2026-01-21 did "
            "not answer yes to “gut_severe”.",
        )

    def test_a_flag_withdrawn_as_a_mistake_has_left_its_days_log(self):
        document = self.document()
        checkins = document["programmes"][0]["checkins"]
        flagged = next(c for c in checkins if c["date"] == "2026-01-20")
        self.assertEqual(flagged["red_flags"], [])  # withdrawn (issue 10 §4)
        flagged["red_flags"] = ["gut_severe"]
        self.assert_refused(
            document,
            "programmes[0].red_flag_events[0].flag: “gut_severe” on 2026-01-20 was "
            "withdrawn as a mistake, but the check-in still answers yes to it.",
        )

    def test_imported_ratings_keep_their_scale(self):
        document = self.document()
        document["imported"]["custom_measures"][0]["values"][0]["value"] = 5
        self.assert_refused(
            document,
            "imported.custom_measures[0].values[0].value: Ensure this value is "
            "less than or equal to 4.",
        )


class RescoringTests(JsonImportTestCase):
    def test_a_total_that_disagrees_with_the_same_scoring_version_is_refused(self):
        document = self.document()
        document["programmes"][0]["instrument_responses"][0]["total"] = 14
        self.assert_refused(
            document,
            "programmes[0].instrument_responses[0].total: "
            + json_programmes.SCORE_DISAGREES.format(
                stored=14.0, scored=13.0, version="summed_items/1"
            ),
        )

    def test_answers_the_scoring_refuses_are_refused(self):
        document = self.document()
        document["instrument_responses"][0]["answers"]["itch"] = 11
        self.assert_refused(
            document, "instrument_responses[0].answers: itch: 11 is outside 0 to 10."
        )

    def test_a_response_scored_by_an_older_version_is_rescored(self):
        document = self.document()
        response = document["programmes"][0]["instrument_responses"][0]
        response.update(scoring_version="summed_items/0", total=99, band="")
        summary = self.import_document(document)
        stored = InstrumentResponse.objects.get(owner=self.bob, date="2026-01-10")
        self.assertEqual(
            (stored.total, stored.band, stored.scoring_version),
            (13, "moderate", "summed_items/1"),
        )
        self.assertEqual(
            summary.notes,
            (
                "Rescored with the current scoring code: 1 questionnaire response "
                "scored with an older version.",
            ),
        )


class FileLevelTests(JsonImportTestCase):
    def test_not_json_not_ours_or_a_newer_version(self):
        newer = b'{"schema": "skingarden-export", "version": 4}'
        cases = [
            (
                b"{nope",
                "This is not JSON: Expecting property name enclosed in double "
                "quotes (line 1, column 2).",
            ),
            (b"[]", json_file.NOT_AN_EXPORT.format(schema="skingarden-export")),
            (newer, json_file.NEWER_VERSION.format(version=4, supported=3)),
            (
                b'{"schema": "skingarden-export", "version": 0}',
                "version: must be 1, 2 or 3.",
            ),
            (b"\xff\xfe{}", imports.NOT_TEXT),
        ]
        for data, message in cases:
            with (
                self.subTest(message=message),
                self.assertRaises(ValidationError) as caught,
            ):
                import_file(owner=self.bob, fmt="json", data=data, today=TODAY)
            self.assertEqual(caught.exception.messages, [message])
        self.assertEqual(Programme.objects.filter(owner=self.bob).count(), 0)

    @override_settings(SKINGARDEN_MAX_IMPORT_BYTES=1000)
    def test_an_oversized_file_is_refused_before_it_is_read(self):
        with self.assertRaises(ValidationError) as caught:
            import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)
        size = f"{len(self.export) / 1_000_000:.1f} MB"
        self.assertEqual(
            caught.exception.messages,
            [imports.TOO_LARGE.format(size=size, limit="0.0 MB")],
        )

    def test_an_empty_export_imports_its_profile_only_and_says_so(self):
        document = self.document()
        for key in (
            "safety_screens",
            "patch_tests",
            "programmes",
            "instrument_responses",
        ):
            document[key] = []
        document["imported"] = {
            "custom_measures": [],
            "treatment_entries": [],
            "days": [],
        }
        self.assert_refused(document, imports.NOTHING)

    def test_it_checks_in_memory_and_writes_one_statement_per_table(self):
        # The import's own job row and its progress (1 + 2); before the write,
        # six checks that the account is empty and the profile read; then a
        # savepoint, the six checks again inside it, the profile written, one
        # insert per table (13), one update that marks the imported programmes'
        # pages stale, and the savepoint's release; last, the job and anything it
        # left pending deleted (4).
        with self.assertNumQueries(37):
            import_file(owner=self.bob, fmt="json", data=self.export, today=TODAY)


class ProfileTests(JsonImportTestCase):
    def test_the_profile_is_checked_like_typed_data(self):
        document = self.document()
        document["participant"]["time_zone"] = "Mars/Olympus"
        self.assert_refused(
            document,
            "participant.time_zone: “Mars/Olympus” is not a time zone we know.",
        )
        self.assertEqual(Profile.objects.get(user=self.bob).time_zone, "Europe/London")


class VersionOneFileTests(TestCase):
    """A file written by the version-1 exporter still imports (issue 10 §1)."""

    def test_a_committed_version_one_export_imports_with_its_days_marked(self):
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        data = (DATA / "export-v1.json").read_bytes()
        self.assertEqual(json.loads(data)["version"], 1)
        summary = import_file(owner=bob, fmt="json", data=data, today=TODAY)
        checkins = CheckIn.objects.filter(owner=bob)
        self.assertEqual(dict(summary.counts)["check-ins"], checkins.count())
        # Every day of a version-1 file was entered on the pre-filling web form.
        self.assertEqual(
            set(checkins.values_list("form_version", flat=True)), {"import-1"}
        )
        self.assertFalse(checkins.exclude(site_kefir=None).exists())
        tests = PatchTest.objects.filter(owner=bob)
        self.assertEqual([t.real_time for t in tests], [False])
        self.assertFalse(
            PatchTestDay.objects.filter(patch_test__owner=bob)
            .exclude(entered_at=None)
            .exists()
        )

    def test_a_version_two_export_keeps_each_days_form(self):
        alice = rich_participant()
        CheckIn.objects.filter(owner=alice).update(form_version="web-1")
        CheckIn.objects.filter(owner=alice, date=FIRST_START).update(
            form_version="web-2"
        )
        export = export_file(owner=alice, fmt="json", today=TODAY).content
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        import_file(owner=bob, fmt="json", data=export, today=TODAY)
        forms = dict(
            CheckIn.objects.filter(owner=bob).values_list("date", "form_version")
        )
        self.assertEqual(forms.pop(FIRST_START), "web-2")
        self.assertEqual(set(forms.values()), {"web-1"})


class SplitBodyRoundTripTests(TestCase):
    """Issue 10 §3: the per-site ratings of a split-body programme come back from
    the JSON export exactly, day by day, with the drawn side they refer to."""

    def test_export_then_import_restores_each_days_site_scores(self):
        alice = make_participant("split@example.org")
        start = TODAY - timedelta(days=12)
        programme = make_split_body_programme(alice, start=start)
        scores = {}
        for n in range(12):
            day = start + timedelta(days=n)
            if n == 4:
                continue  # one day not logged: no scores to restore
            kefir_day = n >= 7
            scores[day] = (n % 7 + 2, (n * 3) % 11)
            make_checkin(
                programme,
                day,
                worst_itch=5,
                kefir_ml=10 if kefir_day else 0,
                topical_applied=kefir_day,
                topical_side="left" if kefir_day else "",
                site_kefir=scores[day][0],
                site_carrier=scores[day][1],
                today=day,
            )
        export = export_file(owner=alice, fmt="json", today=TODAY).content
        bob = make_participant("bob@example.org", screened=False, birth_year=1970)
        import_file(owner=bob, fmt="json", data=export, today=TODAY)
        restored = {
            day: (kefir, carrier)
            for day, kefir, carrier in CheckIn.objects.filter(owner=bob).values_list(
                "date", "site_kefir", "site_carrier"
            )
        }
        self.assertEqual(restored, scores)
        imported = Programme.objects.get(owner=bob)
        self.assertTrue(imported.topical.split_body)
        self.assertEqual(imported.topical.kefir_side, "left")
        self.assertEqual(imported.topical.area, "forearm")
