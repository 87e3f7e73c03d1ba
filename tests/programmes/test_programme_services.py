from datetime import timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.accounts import services as account_services
from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Amendment, Phase, Programme
from skingarden.programmes.selectors import access
from skingarden.programmes.services import amendments, freshness
from skingarden.programmes.services import programmes as services
from skingarden.test import (
    clear_answers,
    make_checkin,
    make_participant,
    make_programme,
)


def phase_rows(programme):
    return list(
        Phase.objects.filter(programme=programme).values_list(
            "kind", "start_date", "end_date"
        )
    )


class ProgrammeCreateTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)

    def choices(self, **overrides):
        values: dict[str, Any] = {
            "start_date": self.today,
            "baseline_days": 7,
            "primary": "worst_itch",
            "threshold": 3.0,
            "onset_lag": 6,
            "follow_up": True,
        }
        values.update(overrides)
        return services.ProgrammeChoices(**values)

    def test_it_creates_the_programme_with_phases_and_a_locked_protocol(self):
        programme = services.programme_create(
            user=self.user, choices=self.choices(), today=self.today
        )
        programme.refresh_from_db()
        self.assertEqual(programme.status, "active")
        protocol = programme.protocol.to_json()
        self.assertEqual(protocol["primary_outcome"]["measure"], "worst_itch")
        self.assertEqual(protocol["primary_outcome"]["threshold"], 3.0)
        self.assertIn("Yosipovitch", protocol["primary_outcome"]["threshold_source"])
        self.assertEqual(protocol["onset_lag_days"], 6)
        self.assertEqual(
            protocol["ramp"], [{"days": 3, "ml": 10}, {"days": 3, "ml": 20}]
        )
        self.assertEqual(protocol["safety_screen"]["outcome"], "clear")
        self.assertEqual(
            [m["measure"] for m in protocol["secondary_outcomes"]][:2],
            ["poem", "sleep_loss"],
        )
        self.assertEqual(
            [row[0] for row in phase_rows(programme)],
            ["baseline", "ramp", "intervention", "follow_up"],
        )
        self.assertEqual(phase_rows(programme)[-1][2], self.today + timedelta(days=34))

    def test_acne_only_participants_get_new_spots_as_primary(self):
        user = make_participant("acne@example.org", conditions=["acne"])
        programme = services.programme_create(
            user=user,
            choices=self.choices(primary="new_spots", threshold=1.0),
            today=self.today,
        )
        self.assertEqual(programme.protocol.primary_outcome.unit, "spots")
        with self.assertRaisesMessage(
            ValidationError, services.PRIMARY_NOT_FOR_CONDITIONS
        ):
            services.programme_create(
                user=make_participant("a2@example.org", conditions=["acne"]),
                choices=self.choices(),
                today=self.today,
            )

    def test_nothing_starts_without_a_passed_screen(self):
        unscreened = make_participant("u@example.org", screened=False)
        with self.assertRaisesMessage(ValidationError, access.SCREEN_MISSING):
            services.programme_create(
                user=unscreened, choices=self.choices(), today=self.today
            )
        account_services.safety_screen_submit(
            user=unscreened, today=self.today, answers=clear_answers(milk_allergy=True)
        )
        with self.assertRaisesMessage(ValidationError, access.SCREEN_BLOCKS):
            services.programme_create(
                user=unscreened, choices=self.choices(), today=self.today
            )
        account_services.safety_screen_submit(
            user=unscreened, today=self.today, answers=clear_answers(central_line=True)
        )
        with self.assertRaisesMessage(ValidationError, access.SCREEN_NEEDS_CLINICIAN):
            services.programme_create(
                user=unscreened, choices=self.choices(), today=self.today
            )
        self.assertFalse(Programme.objects.filter(owner=unscreened).exists())

    def test_a_changed_profile_needs_a_new_screen(self):
        account_services.profile_update(
            user=self.user,
            conditions=["eczema", "acne"],
            birth_year=1990,
            time_zone="Europe/London",
        )
        with self.assertRaisesMessage(ValidationError, access.SCREEN_OUTDATED):
            services.programme_create(
                user=self.user, choices=self.choices(), today=self.today
            )

    def test_bad_numbers_are_all_reported_and_nothing_is_written(self):
        bad = self.choices(
            start_date=self.today - timedelta(days=1),
            baseline_days=15,
            onset_lag=20,
            threshold=11,
        )
        with self.assertRaises(ValidationError) as caught:
            services.programme_create(user=self.user, choices=bad, today=self.today)
        self.assertEqual(
            caught.exception.message_dict,
            {
                "start_date": [services.START_IN_PAST],
                "baseline_days": [services.BASELINE_RANGE],
                "onset_lag": [services.LAG_RANGE],
                "threshold": [
                    "The meaningful change must be more than 0 and at most 10 points "
                    "(0-10)."
                ],
            },
        )
        self.assertEqual(Programme.objects.count(), 0)
        self.assertEqual(Phase.objects.count(), 0)

    def test_a_randomised_start_draws_the_baseline_and_records_the_draw(self):
        offered = []

        def drawer(admissible):
            offered.append(list(admissible))
            return 11

        programme = services.programme_create(
            user=self.user,
            choices=self.choices(randomised_start=True, follow_up=False),
            today=self.today,
            baseline_drawer=drawer,
        )
        programme.refresh_from_db()
        # Shortest 7 up to BASELINE_MAX 14: k = 8, floor 1/8 (fixture ANALYSIS-02).
        self.assertEqual(offered, [[7, 8, 9, 10, 11, 12, 13, 14]])
        draw = programme.protocol.to_json()["randomised_start"]
        self.assertEqual(draw["admissible_baseline_days"], offered[0])
        self.assertEqual((draw["drawn_baseline_days"], draw["k"]), (11, 8))
        self.assertEqual(draw["smallest_p"], 0.125)
        self.assertEqual(programme.protocol.to_json()["baseline_days"], 11)
        baseline = phase_rows(programme)[0]
        self.assertEqual(
            baseline, ("baseline", self.today, self.today + timedelta(days=10))
        )

    def test_the_real_draw_picks_an_admissible_length(self):
        programme = services.programme_create(
            user=self.user,
            choices=self.choices(randomised_start=True, baseline_days=12),
            today=self.today,
        )
        drawn = programme.protocol.to_json()["randomised_start"]["drawn_baseline_days"]
        self.assertIn(drawn, (12, 13, 14))
        self.assertEqual(programme.protocol.to_json()["baseline_days"], drawn)

    def test_a_randomised_start_needs_room_to_draw(self):
        for shortest in (3, 14):
            with self.assertRaises(ValidationError) as caught:
                services.programme_create(
                    user=self.user,
                    choices=self.choices(randomised_start=True, baseline_days=shortest),
                    today=self.today,
                )
            self.assertEqual(
                caught.exception.message_dict,
                {"baseline_days": [services.RANDOM_START_RANGE]},
            )
        self.assertEqual(Programme.objects.count(), 0)

    def test_a_plain_start_records_no_draw(self):
        programme = services.programme_create(
            user=self.user, choices=self.choices(), today=self.today
        )
        self.assertIsNone(programme.protocol.to_json()["randomised_start"])

    def test_only_one_open_programme(self):
        make_programme(self.user)
        with self.assertRaisesMessage(ValidationError, services.ALREADY_OPEN):
            services.programme_create(
                user=self.user,
                choices=self.choices(start_date=self.today + timedelta(1)),
                today=self.today,
            )
        self.assertEqual(Programme.objects.filter(owner=self.user).count(), 1)

    def test_a_new_programme_starts_after_the_last_logged_day(self):
        old = make_programme(self.user, start=self.today - timedelta(days=3))
        make_checkin(old, self.today - timedelta(days=1), today=self.today)
        amendments.programme_abandon(
            programme=old, why="moving house", today=self.today
        )
        with self.assertRaises(ValidationError) as caught:
            services.programme_create(
                user=self.user,
                choices=self.choices(start_date=self.today - timedelta(1)),
                today=self.today,
            )
        self.assertIn("start_date", caught.exception.message_dict)
        fresh = services.programme_create(
            user=self.user, choices=self.choices(), today=self.today
        )
        self.assertEqual(fresh.status, "active")

    def test_topical_arm_needs_a_passed_patch_test_of_the_same_mixture(self):
        topical = services.TopicalChoice(
            design="split_body",
            carrier="petrolatum",
            kefir_parts=1,
            carrier_parts=4,
            area="forearms",
        )
        with self.assertRaises(ValidationError) as caught:
            services.programme_create(
                user=self.user, choices=self.choices(topical=topical), today=self.today
            )
        self.assertEqual(
            caught.exception.message_dict,
            {"topical": [services.TOPICAL_NEEDS_PATCH_TEST]},
        )


class AmendmentServiceTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)

    def test_extension_adds_days_and_is_recorded(self):
        programme = make_programme(
            self.user,
            start=self.today - timedelta(days=10),
            today=self.today - timedelta(days=10),
        )
        amendments.programme_extend(
            programme=programme, days=14, why="acute flare", today=self.today
        )
        self.assertEqual(phase_rows(programme)[-1][0], "extension")
        self.assertEqual(
            phase_rows(programme)[-1][2] - phase_rows(programme)[-1][1], timedelta(13)
        )
        amendment = Amendment.objects.get(programme=programme)
        self.assertEqual(
            (amendment.kind, amendment.why, amendment.details),
            ("extension", "acute flare", {"days": 14}),
        )

    def test_extension_is_refused_during_the_baseline_and_without_a_reason(self):
        programme = make_programme(self.user)
        with self.assertRaisesMessage(ValidationError, amendments.EXTENSION_NOT_NOW):
            amendments.programme_extend(
                programme=programme, days=7, why="x", today=self.today
            )
        with self.assertRaisesMessage(ValidationError, amendments.REASON_REQUIRED):
            amendments.programme_extend(
                programme=programme, days=7, why="  ", today=self.today
            )
        self.assertFalse(Amendment.objects.exists())

    def test_shortening_the_baseline_keeps_logged_days_as_baseline(self):
        programme = make_programme(
            self.user,
            start=self.today - timedelta(days=2),
            today=self.today - timedelta(days=2),
        )
        with self.assertRaises(ValidationError):
            amendments.programme_shorten_baseline(
                programme=programme, days=2, why="x", today=self.today
            )
        amendments.programme_shorten_baseline(
            programme=programme, days=3, why="travel", today=self.today
        )
        rows = phase_rows(programme)
        self.assertEqual(
            (rows[0][2], rows[1][1]), (self.today, self.today + timedelta(days=1))
        )

    def test_stopping_early_without_follow_up_ends_the_programme(self):
        start = self.today - timedelta(days=9)
        programme = make_programme(self.user, start=start, today=start)
        amendments.programme_stop_early(
            programme=programme, why="too much bother", today=self.today
        )
        programme.refresh_from_db()
        self.assertEqual(
            (programme.status, programme.ended_on, programme.end_reason),
            ("stopped", self.today, "too much bother"),
        )
        self.assertEqual(phase_rows(programme)[-1][2], self.today)

    def test_stopping_early_with_follow_up_moves_into_it(self):
        start = self.today - timedelta(days=9)
        programme = make_programme(self.user, start=start, today=start, follow_up=True)
        amendments.programme_stop_early(
            programme=programme, why="reason", today=self.today
        )
        programme.refresh_from_db()
        self.assertEqual(programme.status, "active")
        self.assertEqual(
            phase_rows(programme)[-1],
            ("follow_up", self.today + timedelta(1), self.today + timedelta(7)),
        )

    def test_dose_change_is_recorded_and_changes_the_plan(self):
        from skingarden.programmes.selectors.state import programme_state

        start = self.today - timedelta(days=14)
        programme = make_programme(self.user, start=start, today=start)
        amendments.programme_change_dose(
            programme=programme,
            ml=30,
            effective_on=self.today,
            why="bloated at 40",
            today=self.today,
        )
        state = programme_state(programme=programme, today=self.today)
        self.assertEqual(state.planned_today, 30)
        with self.assertRaisesMessage(ValidationError, amendments.DOSE_RANGE):
            amendments.programme_change_dose(
                programme=programme,
                ml=300,
                effective_on=self.today,
                why="x",
                today=self.today,
            )

    def test_complete_only_after_the_last_day_and_abandon_any_time(self):
        start = self.today - timedelta(days=27)
        programme = make_programme(self.user, start=start, today=start)
        amendments.programme_complete(programme=programme, today=self.today)
        programme.refresh_from_db()
        self.assertEqual(
            (programme.status, programme.ended_on), ("completed", self.today)
        )
        with self.assertRaisesMessage(ValidationError, freshness.NOT_OPEN):
            amendments.programme_abandon(programme=programme, why="x", today=self.today)
        other = make_programme(self.user, start=self.today + timedelta(1))
        with self.assertRaises(ValidationError):
            amendments.programme_complete(programme=other, today=self.today)
        amendments.programme_abandon(
            programme=other, why="changed my mind", today=self.today
        )
        other.refresh_from_db()
        self.assertEqual(
            (other.status, other.end_reason), ("abandoned", "changed my mind")
        )

    def test_follow_up_can_be_added_then_removed_before_it_starts(self):
        programme = make_programme(self.user)
        amendments.programme_set_follow_up(
            programme=programme, follow_up=True, why="curious", today=self.today
        )
        self.assertEqual(phase_rows(programme)[-1][0], "follow_up")
        with self.assertRaisesMessage(ValidationError, amendments.FOLLOW_UP_SAME):
            amendments.programme_set_follow_up(
                programme=programme, follow_up=True, why="x", today=self.today
            )
        amendments.programme_set_follow_up(
            programme=programme, follow_up=False, why="busy", today=self.today
        )
        self.assertNotEqual(phase_rows(programme)[-1][0], "follow_up")
        self.assertEqual(Amendment.objects.filter(kind="follow_up").count(), 2)
