"""Every link a practitioner is shown leads somewhere: starting at the client list,
walk every page reachable on our own host (client page, dashboard, report, rating
forms, exports, and whatever they link to) and open each link and form action."""

from collections import deque
from dataclasses import dataclass, field
from unittest import mock

from django.urls import Resolver404, resolve, reverse
from django.utils import timezone

from skingarden.instruments.models import InstrumentResponse
from skingarden.instruments.scoring import scorad
from skingarden.reports import services as report_services
from skingarden.sharing import services
from skingarden.test import days_ago
from tests.sharing import pages
from tests.sharing.helpers import SharingTestCase

# A walk that finds more pages than this has found a loop of generated URLs.
MOST_PAGES = 150
LINK_STATUSES = (200, 302)


@dataclass
class Walk:
    """What the walk opened, and each broken link with the page that showed it."""

    opened: dict[str, int] = field(default_factory=dict)
    broken: list[str] = field(default_factory=list)


class LinkWalker(SharingTestCase):
    """Pat, signed in, walks the pages."""

    def walk(self, start: str) -> Walk:
        walk, queue = Walk(), deque([(start, "(start)")])
        while queue and len(walk.opened) < MOST_PAGES:
            path, shown_on = queue.popleft()
            if path in walk.opened:
                continue
            response = self.client.get(path)
            walk.opened[path] = response.status_code
            if response.status_code not in LINK_STATUSES:
                walk.broken.append(f"{path} ({response.status_code}) on {shown_on}")
                continue
            if response.status_code == 302:
                queue.append((response["Location"], f"a redirect from {path}"))
            elif response["Content-Type"].startswith("text/html"):
                queue.extend(self.links_on(path, response.content.decode(), walk))
        return walk

    def links_on(self, path: str, html: str, walk: Walk) -> list[tuple[str, str]]:
        page = pages.read(html)
        targets = [pages.own_path(path, href) for href in page.links]
        targets += [pages.own_path(path, action or path) for action in page.get_actions]
        for action in page.post_actions:
            self.check_post_action(pages.own_path(path, action or path), path, walk)
        return [(target, path) for target in targets if target is not None]

    def check_post_action(self, target: str | None, shown_on: str, walk: Walk) -> None:
        """A form that posts is not opened with its data; its address must exist,
        and opening it plainly must not fail (405, method not allowed, is fine)."""
        if target is None:
            return
        try:
            resolve(target.split("?")[0])
        except Resolver404:
            walk.broken.append(f"form action {target} on {shown_on} does not exist")
            return
        status = self.client.get(target).status_code
        if status == 404 or status >= 500:
            walk.broken.append(f"form action {target} ({status}) on {shown_on}")


class PractitionerLinkTests(LinkWalker):
    def setUp(self):
        self.login(self.pat)
        # A rating already stored, so that the pages show one.
        services.clinician_rating_save(
            consent=self.consent,
            programme=self.programme,
            practitioner=self.pat,
            instrument_id="oscorad",
            answers={
                "regions": {"trunk_front": 20},
                "intensity": dict.fromkeys(scorad.SIGNS, 1),
            },
            rated_on=days_ago(self.alice, 2),
            today=self.today,
            now=timezone.now(),
        )
        # The report built, as the worker would, so that its page links the PDF.
        with mock.patch.object(report_services, "_enqueue"):
            queued = report_services.report_request(
                programme=self.programme, today=self.today
            )
        report_services.report_build(report_id=queued.pk, key=queued.key)

    def test_every_link_and_form_on_every_practitioner_page_resolves(self):
        walk = self.walk(reverse("sharing:clients"))
        self.assertEqual(walk.broken, [])
        args = [self.consent.code, self.programme.code]
        must_reach = [
            reverse("sharing:client", args=[self.consent.code]),
            reverse("sharing:client_dashboard", args=args),
            reverse("sharing:client_report", args=args),
            reverse("sharing:client_report_pdf", args=args),
            *(
                reverse("sharing:client_rating", args=[*args, instrument])
                for instrument in services.CLINICIAN_INSTRUMENTS
            ),
            *(
                reverse("sharing:client_export", args=[*args, fmt])
                for fmt in ("csv", "json", "fhir")
            ),
        ]
        self.assertEqual([p for p in must_reach if p not in walk.opened], [])
        self.assertLess(len(walk.opened), MOST_PAGES)
        self.assertTrue(
            InstrumentResponse.objects.filter(instrument_id="oscorad").exists()
        )


class WalkerTests(LinkWalker):
    """The walk itself reports what is broken, and where it was shown."""

    def test_a_broken_link_is_reported_with_the_page_that_showed_it(self):
        self.login(self.pat)
        walk = Walk()
        html = '<a href="/clients/nowhere/">x</a><form method="post" action="/nope/">'
        queue = deque(self.links_on("/clients/", html, walk))
        self.assertEqual(
            walk.broken, ["form action /nope/ on /clients/ does not exist"]
        )
        self.assertEqual(list(queue), [("/clients/nowhere/", "/clients/")])
        self.assertEqual(
            self.walk("/clients/nowhere/").broken,
            ["/clients/nowhere/ (404) on (start)"],
        )
