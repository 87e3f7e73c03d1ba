"""The Learn safety page on boils, abscesses and broken sores (issue 10, §5): why
kefir goes on none of them and when a boil needs a clinician, from the NHS pages;
its red flags cite published sources, never an internal note."""

import pytest
from django.urls import reverse

from tests.learn.test_pages import CLAIM_RE

pytestmark = pytest.mark.django_db


def section(html: str, heading_id: str) -> str:
    start = html.index(f'<h2 id="{heading_id}">')
    end = html.index("<h2", start + 1)
    return html[start:end]


@pytest.fixture
def safety_html(client):
    response = client.get(reverse("learn:page", args=["safety"]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_explains_boils_and_abscesses_from_the_nhs_pages(safety_html):
    text = section(safety_html, "boils-abscesses")
    assert 'NHS website, "Boils"' in text
    assert 'NHS website, "Skin abscess"' in text
    assert 'href="https://www.nhs.uk/conditions/boils/"' in text
    assert "Why kefir goes on none of them" in text
    assert "When a boil or abscess needs a clinician" in text
    for sign in ("on your face", "hot and shivery", "2 weeks", "weakened"):
        assert sign in text, sign
    assert len(CLAIM_RE.findall(text)) == 5


def test_the_topical_rules_point_to_the_section(safety_html):
    assert "boils, abscesses or spots that have burst" in safety_html
    assert 'href="#boils-abscesses"' in safety_html


def test_the_red_flags_cite_published_sources(safety_html):
    claims = CLAIM_RE.findall(section(safety_html, "red-flags"))
    assert any("A painful lump with pus that is getting bigger" in c for c in claims)
    # The prompt-review advice is not a red flag (nothing pauses for it).
    red_flags = [c for c in claims if "Also arrange a prompt review" not in c]
    assert len(red_flags) == 9
    for claim in red_flags:
        assert "research note" not in claim, claim[:80]
