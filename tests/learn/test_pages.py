"""The Learn pages: every page renders for anyone, every claim carries a citation
and one of the four evidence grades, no page says kefir treats anything, and no
page breaks the strict Content-Security-Policy."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from skingarden.learn.pages import PAGES

pytestmark = pytest.mark.django_db

SLUGS = [page.slug for page in PAGES]

BADGES = {
    "review": "systematic review",
    "small-human": "small human study",
    "animal": "animal study",
    "opinion": "guideline / expert opinion",
}

FORBIDDEN_PHRASES = (
    "kefir cures",
    "kefir treats",
    "kefir heals",
    "cures eczema",
    "treats eczema",
    "heals eczema",
)

BADGE_RE = re.compile(r'<span class="badge ([^"]+)">([^<]*)</span>')
CLAIM_RE = re.compile(r'<div class="claim">(.*?)</div>', re.DOTALL)
INLINE_SCRIPT_RE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER_RE = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
LEARN_LINK_RE = re.compile(r'href="(/learn/[^"#]*)')


def learn_html(client: Client, slug: str | None = None) -> str:
    url = reverse("learn:index") if slug is None else reverse("learn:page", args=[slug])
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_renders_for_anonymous_visitor_with_title(client, slug):
    page = next(p for p in PAGES if p.slug == slug)
    html = learn_html(client, slug)
    assert escape(page.title) in html
    assert f"<title>{escape(page.title)}" in html


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_has_citations_and_grade_badges(client, slug):
    html = learn_html(client, slug)
    assert 'class="cite"' in html
    assert 'class="badge ' in html


@pytest.mark.parametrize("slug", SLUGS)
def test_every_claim_ends_with_a_citation_and_a_grade(client, slug):
    claims = CLAIM_RE.findall(learn_html(client, slug))
    assert claims, f"{slug} has no claims"
    for claim in claims:
        assert 'class="cite"' in claim, claim[:120]
        assert BADGE_RE.search(claim), claim[:120]


@pytest.mark.parametrize("slug", [None, *SLUGS])
def test_badges_use_only_the_four_grades_with_their_exact_labels(client, slug):
    for css_class, label in BADGE_RE.findall(learn_html(client, slug)):
        assert BADGES.get(css_class) == label, (css_class, label)


def test_evidence_page_uses_all_four_grades_and_names_cochrane_and_animal_work(
    client,
):
    html = learn_html(client, "evidence")
    found = {css_class for css_class, _ in BADGE_RE.findall(html)}
    assert found == set(BADGES)
    assert "Cochrane" in html
    assert "animal" in html


@pytest.mark.parametrize("slug", [None, *SLUGS])
def test_no_page_says_kefir_treats_cures_or_heals(client, slug):
    html = learn_html(client, slug).lower()
    for phrase in FORBIDDEN_PHRASES:
        assert phrase not in html, phrase


@pytest.mark.parametrize("slug", [None, *SLUGS])
def test_no_page_breaks_the_content_security_policy(client, slug):
    html = learn_html(client, slug)
    assert "style=" not in html.lower()
    assert "onclick=" not in html.lower()
    assert not EVENT_HANDLER_RE.search(html)
    assert not INLINE_SCRIPT_RE.search(html)


@pytest.mark.parametrize("slug", [None, *SLUGS])
def test_links_between_learn_pages_all_resolve(client, slug):
    for href in set(LEARN_LINK_RE.findall(learn_html(client, slug))):
        assert client.get(href).status_code == 200, href


def test_unknown_slug_is_404(client):
    response = client.get(reverse("learn:page", args=["no-such-page"]))
    assert response.status_code == 404


def test_index_lists_every_page_with_its_summary_and_link(client):
    html = learn_html(client)
    for page in PAGES:
        assert escape(page.title) in html
        assert escape(page.summary) in html
        assert f'href="{reverse("learn:page", args=[page.slug])}"' in html
