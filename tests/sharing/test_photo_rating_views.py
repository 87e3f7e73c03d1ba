"""A practitioner rates a consenting client's photos blind and judges the
split-body pairs side by side (issue 13 §7): ratings kept per rater, each rater
sees only the agreement figure and never the other's scores, every page audited;
without a current consent every rating address is a 404 and nothing changes."""

from datetime import timedelta

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from skingarden.accounts.selectors import user_today
from skingarden.photos.blinding import blinded_key, kefir_shown_first
from skingarden.photos.models import PhotoRating, SidePreference
from skingarden.programmes.models import Programme
from skingarden.sharing import services
from skingarden.sharing.models import AccessEvent
from skingarden.test import make_participant, make_split_body_programme, sign_in
from tests.photos.rating_records import (
    measured,
    rate_directly,
    ready_photo,
    six_sessions,
)
from tests.photos.records import photo_participant
from tests.sharing.helpers import make_practitioner, share

SCORES = {"redness": "1", "dryness": "0", "thickening": "2"}
# Redness of the six sessions (three baseline, three kefir) by each rater.
ALICE_REDNESS = (2, 2, 3, 1, 1, 0)
PAT_REDNESS = (2, 1, 3, 1, 0, 0)
# Quadratic-weighted kappa of those pairs, by Cohen's (1968) formula: observed
# mean squared disagreement 2/6; expected, for independent raters with these
# marginals, Var(A) + Var(B) + (mean A − mean B)² = 11/12 + 41/36 + 1/9 = 13/6;
# kappa = 1 − (2/6)/(13/6) = 11/13 = 0.846.
KAPPA = "0.85"


class PractitionerRatingTestCase(TestCase):
    def setUp(self):
        self.alice, self.programme = photo_participant("alice@example.org")
        self.photos = six_sessions(self.programme)
        self.pat = make_practitioner("pat@example.org")
        self.quinn = make_practitioner("quinn@example.org", name="Quinn Roe")
        self.consent = share(self.alice, self.pat, self.programme)
        sign_in(self.client, self.pat)

    def url(self, name, *more, consent=None, programme=None):
        consent = consent or self.consent
        programme = programme or self.programme
        return reverse(f"sharing:{name}", args=[consent.code, programme.code, *more])

    def snapshot(self):
        return (
            list(AccessEvent.objects.order_by("id").values()),
            list(PhotoRating.objects.values()),
            list(SidePreference.objects.values()),
            list(Programme.objects.order_by("id").values_list("revision", flat=True)),
        )


class PractitionerRatingTests(PractitionerRatingTestCase):
    def test_the_practitioner_rates_in_their_own_order_and_it_is_kept_as_theirs(self):
        order = sorted(self.photos, key=lambda p: blinded_key(self.pat.pk, p.code))
        page = self.client.get(self.url("client_photo_rate", 1))
        self.assertContains(
            page, f'href="{self.url("client_photo_rate_photo", 1, order[0].code)}"'
        )
        response = self.client.post(
            self.url("client_photo_rate_photo", 1, order[0].code), SCORES
        )
        self.assertRedirects(
            response, self.url("client_photo_rate_photo", 1, order[1].code)
        )
        rating = PhotoRating.objects.get()
        self.assertEqual(
            (rating.rater, rating.photo, rating.role, rating.thickening),
            (self.pat, order[0], "practitioner", 2),
        )

    def test_every_page_and_every_rating_is_audited_with_its_photos(self):
        photo = self.photos[0]
        url = self.url("client_photo_rate_photo", 1, photo.code)
        self.client.get(url)
        self.client.post(url, SCORES)
        self.assertEqual(
            list(
                AccessEvent.objects.order_by("id").values_list(
                    "action", "detail", "photos"
                )
            ),
            [
                ("photos", "blinded rating, 1 photo", [str(photo.code)]),
                ("rating", "blinded photo rating", [str(photo.code)]),
            ],
        )

    def test_the_participants_rating_is_never_shown_to_the_practitioner(self):
        photo = self.photos[0]
        rate_directly(self.alice, photo, 3, 3, 3)
        html = self.client.get(
            self.url("client_photo_rate_photo", 1, photo.code)
        ).content.decode()
        self.assertNotIn("checked", html)
        self.assertNotIn(photo.session.taken_on.isoformat(), html)

    def test_each_rater_sees_the_agreement_and_only_their_own_result(self):
        for photo, mine, theirs in zip(
            self.photos, ALICE_REDNESS, PAT_REDNESS, strict=True
        ):
            rate_directly(self.alice, photo, mine)
            rate_directly(self.pat, photo, theirs)
        pats = self.client.get(self.url("client_photo_rate", 1))
        self.assertContains(pats, "Baseline (no kefir): 2.00 (3)<br>Kefir: 0.33 (3)")
        self.assertContains(
            pats, f"with the participant: weighted kappa {KAPPA} over 6 photos"
        )
        self.assertNotContains(pats, "2.33")
        sign_in(self.client, self.alice)
        alices = self.client.get(reverse("photos:rate", args=[self.programme.code, 1]))
        self.assertContains(alices, "Baseline (no kefir): 2.33 (3)<br>Kefir: 0.67 (3)")
        self.assertContains(
            alices, f"with pat@example.org: weighted kappa {KAPPA} over 6 photos"
        )
        self.assertNotContains(alices, "2.00 (3)")


class RefusedTests(PractitionerRatingTestCase):
    def every_url(self, consent=None, programme=None):
        photo = self.photos[0]
        kwargs = {"consent": consent, "programme": programme}
        return [
            self.url("client_photo_rate", 1, **kwargs),
            self.url("client_photo_rate_photo", 1, photo.code, **kwargs),
            self.url("client_photo_sides", **kwargs),
        ]

    def assert_404_everywhere(self, consent=None, programme=None):
        before = self.snapshot()
        urls = self.every_url(consent, programme)
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        # The one that takes a rating.
        self.assertEqual(self.client.post(urls[1], SCORES).status_code, 404)
        self.assertEqual(self.snapshot(), before)

    def test_a_practitioner_without_consent_gets_404_and_changes_nothing(self):
        sign_in(self.client, self.quinn)
        self.assert_404_everywhere()

    def test_a_revoked_consent_opens_nothing(self):
        services.consent_revoke(consent=self.consent, now=timezone.now())
        self.assert_404_everywhere()

    def test_consent_for_another_programme_opens_nothing_of_this_one(self):
        bea, other = photo_participant("bea@example.org")
        consent = share(bea, self.quinn, other)
        sign_in(self.client, self.quinn)
        self.assert_404_everywhere(consent=consent)

    def test_the_participant_cannot_use_the_practitioners_addresses(self):
        sign_in(self.client, self.alice)
        self.assert_404_everywhere()


class SplitBodyTestCase(PractitionerRatingTestCase):
    """Dee's split-body programme (kefir on the left forearm, site 1; the carrier
    on the right, site 2) began 20 days ago; she shares it with Pat."""

    def setUp(self):
        super().setUp()
        self.dee = make_participant("dee@example.org")
        start = user_today(user=self.dee) - timedelta(days=20)
        self.split = make_split_body_programme(self.dee, start=start)
        self.split_consent = share(self.dee, self.pat, self.split)

    def both_sides(self, offset, kefir=(5.0, 5.4), carrier=(6.0, 6.4)):
        day = self.split.start_date + timedelta(days=offset)
        sessions = []
        for site, values in ((1, kefir), (2, carrier)):
            for shot, value in enumerate(values, start=1):
                photo = ready_photo(self.split, day, site=site, shot=shot)
                measured(photo, value)
            sessions.append(photo.session)
        return sessions

    def split_url(self, name, *more):
        return self.url(name, *more, consent=self.split_consent, programme=self.split)


class SplitBodyTests(SplitBodyTestCase):
    def test_the_participant_sees_both_sides_and_the_difference_against_the_sdc(self):
        # Every session's two shots differ by 0.4: SEM = √(Σd²/2k) = √(6 × 0.16
        # / 12) = 0.283, SDC = 1.96 × √2 × 0.283 = 0.784.
        self.both_sides(0)  # kefir 5.2, carrier 6.2: −1.0
        self.both_sides(3, kefir=(5.8, 6.2))  # 6.0 against 6.2: −0.2
        self.both_sides(13, kefir=(4.0, 4.4))  # 4.2 against 6.2: −2.0
        sign_in(self.client, self.dee)
        response = self.client.get(reverse("photos:split", args=[self.split.code]))
        self.assertContains(response, "<strong>0.8</strong> (the smallest detectable")
        self.assertContains(
            response,
            '<strong>−1.0</strong> <span class="small">(larger than the measurement '
            "noise)</span>",
        )
        self.assertContains(
            response,
            '<strong>−0.2</strong> <span class="small muted">(within measurement '
            "noise)</span>",
        )
        self.assertContains(response, "<strong>−2.0</strong>")
        self.assertContains(response, "left forearm has kefir in the carrier")
        overview = self.client.get(reverse("photos:overview", args=[self.split.code]))
        self.assertContains(
            overview,
            f'<a href="{reverse("photos:split", args=[self.split.code])}">Split-body '
            "photos: both sides, day by day</a>",
        )

    def test_a_programme_without_a_split_pair_has_no_split_page(self):
        sign_in(self.client, self.alice)
        url = reverse("photos:split", args=[self.programme.code])
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_the_pair_is_shown_unnamed_and_the_choice_is_stored_as_the_side(self):
        kefir, carrier = self.both_sides(0)
        response = self.client.get(self.split_url("client_photo_side_pair", kefir.code))
        main = response.content.decode().split("<main")[1].split("</main>")[0]
        for hidden in ("forearm", "left", "right", "5.2", "6.2", "carrier side"):
            self.assertNotIn(hidden, main)
        first = kefir_shown_first(self.pat.pk, kefir.code)
        response = self.client.post(
            self.split_url("client_photo_side_pair", kefir.code), {"better": "first"}
        )
        self.assertRedirects(response, self.split_url("client_photo_sides"))
        judgement = SidePreference.objects.get()
        self.assertEqual(
            (judgement.rater, judgement.kefir_session, judgement.carrier_session),
            (self.pat, kefir, carrier),
        )
        self.assertEqual(judgement.preferred, "kefir" if first else "carrier")
        self.assertEqual(judgement.kefir_shown_first, first)

    def test_the_result_counts_the_days_the_kefir_side_looked_better(self):
        days = [self.both_sides(offset)[0] for offset in range(7)]
        # Kefir better on 5 days, the carrier on 1, no difference on 1: the exact
        # sign test over the 6 days with a preference is two-sided
        # 2 × (C(6,5) + C(6,6)) / 2⁶ = 14/64 = 0.219.
        wanted = ["kefir"] * 5 + ["carrier", "neither"]
        self.assertContains(
            self.client.get(self.split_url("client_photo_sides")),
            "The result, and the table naming the sides, appear when every day",
        )
        for session, side in zip(days, wanted, strict=True):
            first = kefir_shown_first(self.pat.pk, session.code)
            choice = {"kefir": "first", "carrier": "second"}.get(side, "neither")
            if side != "neither" and not first:
                choice = "second" if choice == "first" else "first"
            self.client.post(
                self.split_url("client_photo_side_pair", session.code),
                {"better": choice},
            )
        self.assertEqual(
            sorted(SidePreference.objects.values_list("preferred", flat=True)),
            sorted(wanted),
        )
        response = self.client.get(self.split_url("client_photo_sides"))
        self.assertContains(
            response,
            "The kefir side looked better on <strong>5</strong> of 7 days, the "
            "carrier side on 1, and no difference was seen on 1.",
        )
        self.assertContains(response, "p = 0.219")
        self.assertContains(response, "The sides, named")

    def test_without_consent_the_split_pages_are_404_and_nothing_changes(self):
        kefir, _ = self.both_sides(0)
        sign_in(self.client, self.quinn)
        before = self.snapshot()
        pair = self.split_url("client_photo_side_pair", kefir.code)
        for url in (self.split_url("client_photo_sides"), pair):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)
        response = self.client.post(pair, {"better": "first"})
        self.assertEqual(response.status_code, 404)
        self.assertEqual(self.snapshot(), before)
