"""The education pages. Each page is a template in our own words, with citations
and an evidence grade on every claim (see docs/learn.md for the grading rules)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    slug: str
    title: str
    summary: str


PAGES: tuple[Page, ...] = (
    Page(
        "eczema",
        "Eczema (atopic dermatitis) in brief",
        "What it is, what it is not, and how it changes with age.",
    ),
    Page("acne", "Acne in brief", "Spots, what drives them, and where diet comes in."),
    Page(
        "dermatitis",
        "Contact and other dermatitis in brief",
        "When skin reacts to what touches it.",
    ),
    Page(
        "gut-skin",
        "The gut-skin idea",
        "The hypothesis behind the programme, fairly stated.",
    ),
    Page(
        "evidence",
        "What the evidence actually says",
        "Every claim about kefir and skin, with its source and how strong it is.",
    ),
    Page(
        "safety",
        "Safety and red flags",
        "Who should not try this, the topical rules, and when to stop and get help.",
    ),
    Page(
        "method",
        "Why a personal trial, and how to read the result",
        "Baselines, chance, regression to the mean and what one person's data can "
        "show.",
    ),
    Page(
        "pooled",
        "Pooled results, explained",
        "For practitioners: how several clients' personal trials are combined, and "
        "how to read the forest plot.",
    ),
)
PAGES_BY_SLUG = {page.slug: page for page in PAGES}
