from datetime import timedelta

from django.core.exceptions import ValidationError
from django.test import TestCase

from skingarden.accounts.selectors import user_today
from skingarden.programmes.models import Amendment, CheckIn, Programme, RedFlagEvent
from skingarden.programmes.selectors.state import programme_state
from skingarden.programmes.services import checkins as services
from skingarden.programmes.services import red_flags
from skingarden.test import (
    checkin_values,
    make_participant,
    make_programme,
)


class CheckInSaveTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)
        self.start = self.today - timedelta(days=9)
        self.programme = make_programme(self.user, start=self.start, today=self.start)

    def save(self, day, **values):
        return services.checkin_save(
            programme=self.programme,
            day=day,
            values=checkin_values(**values),
            today=self.today,
        )

    def test_it_creates_then_updates_the_same_day(self):
        first = self.save(self.today, worst_itch=7)
        second = self.save(self.today, worst_itch=4, note="better")
        self.assertEqual((first.created, second.created), (True, False))
        stored = CheckIn.objects.get(owner=self.user, date=self.today)
        self.assertEqual(
            (stored.worst_itch, stored.note, stored.entered_on, stored.is_late),
            (4, "better", self.today, False),
        )
        self.assertEqual(CheckIn.objects.count(), 1)

    def test_a_past_day_is_a_late_entry_and_a_future_day_is_refused(self):
        late = self.save(self.today - timedelta(days=2)).checkin
        self.assertTrue(late.is_late)
        with self.assertRaisesMessage(ValidationError, services.FUTURE_DAY):
            self.save(self.today + timedelta(days=1))
        with self.assertRaises(ValidationError):
            self.save(self.start - timedelta(days=1))
        self.assertEqual(CheckIn.objects.count(), 1)

    def test_bad_values_are_refused_with_a_message_per_field_and_nothing_is_saved(self):
        with self.assertRaises(ValidationError) as caught:
            self.save(
                self.today,
                worst_itch=11,
                gut_discomfort=4,
                stool_form=0,
                tags=["bogus"],
            )
        errors = caught.exception.message_dict
        self.assertEqual(
            set(errors), {"worst_itch", "gut_discomfort", "stool_form", "tags"}
        )
        self.assertEqual(
            errors["worst_itch"], ["Ensure this value is less than or equal to 10."]
        )
        with self.assertRaisesMessage(ValidationError, services.PRIMARY_REQUIRED):
            self.save(self.today, worst_itch=None)
        with self.assertRaisesMessage(ValidationError, services.STOOL_WITHOUT_MOVEMENT):
            self.save(self.today, bowel_movements=0, stool_form=4)
        with self.assertRaisesMessage(ValidationError, services.TOPICAL_OFF):
            self.save(self.today, topical_applied=True)
        self.assertFalse(CheckIn.objects.exists())

    def test_blank_fields_stay_blank_not_zero(self):
        checkin = self.save(self.today, energy=None, sleep_loss=None).checkin
        checkin.refresh_from_db()
        self.assertEqual((checkin.energy, checkin.sleep_loss), (None, None))

    def test_a_closed_programme_takes_no_check_ins(self):
        Programme.objects.filter(pk=self.programme.pk).update(status="abandoned")
        with self.assertRaises(ValidationError):
            self.save(self.today)
        self.assertFalse(CheckIn.objects.exists())


class RedFlagTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)
        start = self.today - timedelta(days=9)
        self.programme = make_programme(self.user, start=start, today=start)

    def flag(self, *flags, day=None):
        return services.checkin_save(
            programme=self.programme,
            day=day or self.today,
            values=checkin_values(red_flags=list(flags)),
            today=self.today,
        )

    def test_a_yes_records_the_event_pauses_and_stops_the_kefir_plan(self):
        result = self.flag("eczema_herpeticum", "gut_severe")
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")
        self.assertEqual(
            sorted(e.flag for e in result.new_flags),
            ["eczema_herpeticum", "gut_severe"],
        )
        self.assertEqual(
            RedFlagEvent.objects.filter(resolved_on__isnull=True).count(), 2
        )
        pause = Amendment.objects.get(kind="pause")
        self.assertTrue(pause.automatic)
        state = programme_state(programme=self.programme, today=self.today)
        self.assertEqual(state.timeline.planned_ml(self.today + timedelta(days=1)), 0)

    def test_saving_the_same_flag_again_does_not_record_it_twice(self):
        self.flag("self_harm")
        self.flag("self_harm")
        self.assertEqual(RedFlagEvent.objects.count(), 1)

    def test_resuming_needs_the_date_and_who_saw_you(self):
        self.flag("infected_eczema")
        with self.assertRaises(ValidationError) as caught:
            red_flags.red_flags_resolve(
                programme=self.programme,
                resolution="resumed",
                seen_on=None,
                seen_by="",
                today=self.today,
            )
        self.assertEqual(
            caught.exception.message_dict,
            {
                "seen_on": [red_flags.SEEN_REQUIRED],
                "seen_by": [red_flags.SEEN_BY_REQUIRED],
            },
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "paused")
        red_flags.red_flags_resolve(
            programme=self.programme,
            resolution="resumed",
            seen_on=self.today,
            seen_by="Dr Patel, GP",
            today=self.today,
        )
        self.programme.refresh_from_db()
        event = RedFlagEvent.objects.get()
        self.assertEqual(
            (self.programme.status, event.resolution, event.seen_by, event.resolved_on),
            ("active", "resumed", "Dr Patel, GP", self.today),
        )

    def test_a_mistaken_yes_resumes_without_being_seen(self):
        self.flag("acne_fulminans")
        red_flags.red_flags_resolve(
            programme=self.programme,
            resolution="mistaken",
            seen_on=None,
            seen_by="",
            today=self.today,
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "active")

    def test_a_mistaken_yes_leaves_the_days_log_and_the_correction_is_recorded(self):
        self.flag("acne_fulminans", "gut_severe")
        checkin = CheckIn.objects.get(programme=self.programme, date=self.today)
        red_flags.red_flags_resolve(
            programme=self.programme,
            resolution="mistaken",
            seen_on=None,
            seen_by="",
            today=self.today,
        )
        checkin.refresh_from_db()
        self.assertEqual(checkin.red_flags, [])
        events = RedFlagEvent.objects.filter(programme=self.programme)
        self.assertEqual({e.resolution for e in events}, {"mistaken"})
        kinds = list(self.programme.amendments.values_list("kind", "effective_on"))
        # The pause and its correction, in the order they happened, both today.
        self.assertEqual(kinds, [("pause", self.today), ("flag_withdrawn", self.today)])
        correction = self.programme.amendments.get(kind="flag_withdrawn")
        self.assertEqual(correction.details["flags"], ["acne_fulminans", "gut_severe"])
        self.assertEqual(correction.why, "Answered yes by mistake.")

    def test_a_withdrawn_flag_ticked_again_reopens_and_pauses(self):
        self.flag("self_harm")
        red_flags.red_flags_resolve(
            programme=self.programme,
            resolution="mistaken",
            seen_on=None,
            seen_by="",
            today=self.today,
        )
        self.flag("self_harm")
        event = RedFlagEvent.objects.get()
        self.programme.refresh_from_db()
        self.assertEqual(
            (event.resolution, event.resolved_on, self.programme.status),
            ("", None, "paused"),
        )

    def test_stopping_after_being_seen_ends_kefir(self):
        self.flag("allergic_reaction")
        red_flags.red_flags_resolve(
            programme=self.programme,
            resolution="stopped",
            seen_on=self.today,
            seen_by="A&E",
            today=self.today,
        )
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "stopped")
        self.assertEqual(Amendment.objects.filter(kind="early_stop").count(), 1)


class GutRuleTests(TestCase):
    def setUp(self):
        self.user = make_participant("p@example.org")
        self.today = user_today(user=self.user)
        self.start = self.today - timedelta(days=12)  # kefir day 1 = start + 7
        self.programme = make_programme(self.user, start=self.start, today=self.start)

    def log(self, offset, gut):
        day = self.start + timedelta(days=offset)
        return services.checkin_save(
            programme=self.programme,
            day=day,
            values=checkin_values(gut_discomfort=gut, kefir_ml=10),
            today=day,
        ).dose_events

    def test_two_high_days_record_a_step_back(self):
        self.log(10, 2)  # kefir day 4 (20 ml)
        events = self.log(11, 3)
        self.assertEqual([(e.from_ml, e.to_ml) for e in events], [(20, 10)])
        amendment = Amendment.objects.get(kind="step_back")
        self.assertEqual(
            (
                amendment.effective_on,
                amendment.automatic,
                amendment.details["decided_on"],
            ),
            (
                self.start + timedelta(days=12),
                True,
                (self.start + timedelta(days=11)).isoformat(),
            ),
        )
        self.assertEqual(self.log(11, 3), [])  # saving again records nothing new

    def test_still_high_after_three_days_stops_kefir_and_ends_the_programme(self):
        for offset in (8, 9, 10, 11, 12):  # step back after day 9; days 10-12 watched
            self.log(offset, 2)
        self.programme.refresh_from_db()
        self.assertEqual(self.programme.status, "stopped")
        self.assertEqual(
            list(Amendment.objects.values_list("kind", flat=True)),
            ["step_back", "gut_stop"],
        )
        self.assertIn("stayed at 2 or more", self.programme.end_reason)
