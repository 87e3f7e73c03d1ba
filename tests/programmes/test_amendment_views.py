"""Each of the six amendment views on its own (issue 9 made them six plain functions
instead of one factory): its success message, its own form on the page when the
form is bad or the change is refused, nothing written then, and a stranger's 404."""

from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse

from skingarden.programmes.models import Amendment, Phase
from skingarden.programmes.services import amendments, freshness
from skingarden.test import BaseTestCase

# URL name: the form's name in the page's context, and a valid POST ("TODAY" is
# replaced by the participant's date). Alice's programme is in its kefir phase, so
# only shortening the baseline is tried on Charlie's, which starts today.
AMENDMENTS = {
    "extend": ("extend_form", {"days": "7", "why": "acute flare"}),
    "dose": ("dose_form", {"ml": "30", "effective_on": "TODAY", "why": "bloating"}),
    "shorten_baseline": ("baseline_form", {"days": "3", "why": "impatient"}),
    "follow_up": ("follow_up_form", {"follow_up": "yes", "why": "curious"}),
    "stop": ("stop_form", {"stop-why": "fed up"}),
    "abandon": ("abandon_form", {"abandon-why": "moving house"}),
}
# The views' wording, unchanged from the factory they replaced.
DONE = {
    "extend": "The extension is recorded.",
    "dose": "The dose change is recorded.",
    "shorten_baseline": "The baseline is shortened.",
    "follow_up": "The follow-up is changed.",
    "stop": "Kefir is stopped. Keep logging if a follow-up is planned.",
    "abandon": "The programme is abandoned. You can start another whenever you like.",
}
FORM_NAMES = [form_name for form_name, _ in AMENDMENTS.values()]
REQUIRED = "This field is required."  # Django's own message for a blank field


def snapshot(programme):
    programme.refresh_from_db()
    phases = Phase.objects.filter(programme=programme)
    return (
        programme.status,
        programme.revision,
        list(phases.values_list("kind", "start_date", "end_date")),
        Amendment.objects.filter(programme=programme).count(),
    )


class AmendmentViewEachTests(BaseTestCase):
    def post(self, name, programme, data):
        data = {k: v.replace("TODAY", self.today.isoformat()) for k, v in data.items()}
        return self.client.post(
            reverse(f"programmes:{name}", args=[programme.code]), data
        )

    def owner_and_programme(self, name):
        if name == "shorten_baseline":
            return self.charlie, self.charlie_programme
        return self.alice, self.programme

    def test_each_change_is_stored_and_says_so(self):
        for name, (_, data) in AMENDMENTS.items():
            # Each amendment starts from the same programme: its change is undone.
            with self.subTest(name=name), transaction.atomic():
                user, programme = self.owner_and_programme(name)
                self.login(user)
                before = Amendment.objects.filter(programme=programme).count()
                response = self.post(name, programme, data)
                self.assertRedirects(
                    response, reverse("programmes:detail", args=[programme.code])
                )
                messages = [str(m) for m in get_messages(response.wsgi_request)]
                self.assertEqual(messages, [DONE[name]])
                count = Amendment.objects.filter(programme=programme).count()
                self.assertEqual(count, before + 1)
                transaction.set_rollback(True)

    def test_a_bad_form_comes_back_in_its_own_place_and_nothing_changes(self):
        for name, (form_name, data) in AMENDMENTS.items():
            with self.subTest(name=name):
                user, programme = self.owner_and_programme(name)
                self.login(user)
                before = snapshot(programme)
                blank_why = {k: "" if k.endswith("why") else v for k, v in data.items()}
                response = self.post(name, programme, blank_why)
                self.assertEqual(response.status_code, 400)
                form = response.context[form_name]
                self.assertEqual(form.errors["why"], [REQUIRED])
                self.assertEqual(
                    [key for key in FORM_NAMES if response.context[key].is_bound],
                    [form_name],
                )
                self.assertEqual(snapshot(programme), before)

    def test_a_refused_change_is_shown_in_its_own_form_and_nothing_changes(self):
        amendments.programme_abandon(
            programme=self.programme, why="x", today=self.today
        )
        self.login(self.alice)
        for name, (form_name, data) in AMENDMENTS.items():
            with self.subTest(name=name):
                before = snapshot(self.programme)
                response = self.post(name, self.programme, data)
                self.assertEqual(response.status_code, 400)
                form = response.context[form_name]
                self.assertEqual(form.non_field_errors(), [freshness.NOT_OPEN])
                self.assertEqual(snapshot(self.programme), before)

    def test_strangers_get_404_and_nothing_changes(self):
        self.login(self.charlie)
        before = snapshot(self.programme)
        for name, (_, data) in AMENDMENTS.items():
            with self.subTest(name=name):
                response = self.post(name, self.programme, data)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(snapshot(self.programme), before)
