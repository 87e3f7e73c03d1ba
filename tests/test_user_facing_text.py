"""Text seen by users never points at our internal notes, at repository paths or at
"the blog" without saying which (issue 12 §1): every template's text, the rendered
pages a participant and a practitioner see (the report included), and the strings
the catalogue, the safety screen, the co-treatment marks and the data dictionary
put on those pages. Every claim cites a published source or says "no published
source found"; methods are explained on the app's Learn pages instead."""

import re
from collections.abc import Iterator
from pathlib import Path

from django.core.cache import cache
from django.test import TestCase
from django.urls import reverse

from skingarden.accounts.screening import RULES
from skingarden.accounts.selectors import user_today
from skingarden.learn.pages import PAGES
from skingarden.programmes.catalogue import (
    FORM_VERSIONS,
    MEASURES,
    PRODUCTS,
    RED_FLAGS,
    TAGS,
)
from skingarden.programmes.co_treatments import MARKS
from skingarden.programmes.protocol import PRIMARY_DEFAULTS
from skingarden.reports.content import build_content
from skingarden.reports.render import document_html
from skingarden.reports.selectors import report_as_of, report_inputs
from skingarden.reports.tables import RAW_COLUMNS, SITE_COLUMNS
from skingarden.test import BaseTestCase, make_participant
from tests.reports import helpers

TEMPLATES = Path(__file__).resolve().parents[1] / "skingarden" / "templates"
# What must never reach a reader, each with why.
INTERNAL = {
    "an internal research note": re.compile(r"research note|evidence-safety", re.I),
    "a section of an internal document": re.compile(r"§\s*\d|\bnote §", re.I),
    "a repository path": re.compile(r"\bdocs/|\b[\w-]+\.md\b", re.I),
    "the product brief": re.compile(r"product brief", re.I),
    "the blog, without saying which": re.compile(r"\bthe blog\b(?! post)", re.I),
    "an issue number": re.compile(r"\bissue \d+", re.I),
}
COMMENTS = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", re.S)


def offences(text: str) -> list[str]:
    return [
        f"{why}: {match.group(0)!r}"
        for why, pattern in INTERNAL.items()
        for match in pattern.finditer(text)
    ]


class ThePatternsCatchWhatTheyShould(TestCase):
    def test_each_kind_of_internal_reference_is_caught(self):
        for text in (
            "Source: Research note evidence-safety.md §2c",
            "(our research note; not verified)",
            "See docs/pooled.md.",
            "as summarised in the Skin Garden product brief",
            "The blog links skin allergy to the gut",
            "The split-body comparison (issue 10 §3)",
        ):
            with self.subTest(text=text):
                self.assertTrue(offences(text))

    def test_plain_text_and_the_named_blog_post_pass(self):
        for text in (
            "The blog post this programme comes from links skin allergy to the gut.",
            "NICE guideline NG198 (2021), acne vulgaris: management.",
            "no published source found",
        ):
            with self.subTest(text=text):
                self.assertEqual(offences(text), [])


def template_texts() -> Iterator[tuple[str, str]]:
    for path in sorted(TEMPLATES.rglob("*")):
        if path.suffix in (".html", ".txt"):
            yield str(path.relative_to(TEMPLATES)), COMMENTS.sub("", path.read_text())


def catalogue_texts() -> Iterator[tuple[str, str]]:
    for rule in RULES.values():
        yield f"screening {rule.id}", f"{rule.title} {rule.advice} {rule.source}"
    for flag in RED_FLAGS.values():
        yield f"red flag {flag.key}", f"{flag.question} {flag.advice} {flag.source}"
    for measure in MEASURES.values():
        yield f"measure {measure.key}", f"{measure.label} {measure.help} "
        f"{measure.validated}"
    for mark in MARKS:
        yield f"co-treatment {mark.product}", f"{mark.name} {mark.why} {mark.source}"
    for key, default in PRIMARY_DEFAULTS.items():
        yield f"threshold {key}", default.threshold_source
    for key, version in FORM_VERSIONS.items():
        yield f"form {key}", version.description
    for column in (*RAW_COLUMNS, *SITE_COLUMNS):
        yield f"column {column.field}", f"{column.heading} {column.meaning}"
    yield "products and tags", " ".join([*PRODUCTS.values(), *TAGS.values()])


class TemplatesAndStringsTests(TestCase):
    def test_no_template_text_points_inside_the_project(self):
        for name, text in template_texts():
            with self.subTest(template=name):
                self.assertEqual(offences(text), [])

    def test_no_catalogue_screen_or_report_string_points_inside_the_project(self):
        for name, text in catalogue_texts():
            with self.subTest(string=name):
                self.assertEqual(offences(text), [])


class RenderedPagesTests(BaseTestCase):
    """The pages as people get them: Learn, Today, the programme page, red flags,
    the set-up form, and a finished programme's report (page and PDF source)."""

    def setUp(self):
        cache.clear()

    def assert_clean(self, url_or_html: str, *, html: bool = False) -> None:
        text = url_or_html if html else self.client.get(url_or_html).content.decode()
        self.assertEqual(offences(text), [], url_or_html if not html else "html")

    def test_learn_pages(self):
        for page in PAGES:
            with self.subTest(page=page.slug):
                self.assert_clean(reverse("learn:page", args=[page.slug]))

    def test_a_participants_pages(self):
        self.login(self.alice)
        code = self.programme.code
        for url in (
            reverse("programmes:dashboard"),
            reverse("programmes:detail", args=[code]),
            reverse("programmes:red_flags", args=[code]),
            reverse("programmes:planning", args=[code]),
        ):
            with self.subTest(url=url):
                self.assert_clean(url)

    def test_the_set_up_form(self):
        user = make_participant("setup@example.org", conditions=["eczema", "acne"])
        self.login(user)
        self.assert_clean(reverse("programmes:new"))

    def test_a_finished_report_for_the_page_and_the_pdf(self):
        user = make_participant("words@example.org")
        today = user_today(user=user)
        programme = helpers.finished_split_body_programme(user, today)
        content = build_content(
            report_inputs(
                programme=programme,
                as_of=report_as_of(programme=programme, today=today),
            ),
            lambda percent, step: None,
        )
        self.assert_clean(document_html(content, for_pdf=False), html=True)
