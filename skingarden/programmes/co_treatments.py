"""Which of the daily log's products and treatments can move which outcome, with the
reason and a published source for each mark. Pure data.

The analysis checks a co-treatment against an outcome only when it is marked here
(docs/analysis.md §15): a steroid cream used on more baseline days than kefir days
makes kefir look worse on itch whatever kefir does, but says nothing about stool
form. A product that is not marked for an outcome is still listed in the report's
products table; it only takes no part in that outcome's co-treatment checks.
"""

from dataclasses import dataclass

from skingarden.programmes.catalogue import PRODUCTS

ECZEMA_OUTCOMES = frozenset({"worst_itch", "sleep_loss"})
GUT_OUTCOMES = frozenset({"gut_discomfort", "stool_form", "bowel_movements"})


@dataclass(frozen=True)
class CoTreatmentMark:
    """A product (a key of ``PRODUCTS``) and the outcomes it can move."""

    product: str
    moves: frozenset[str]
    why: str
    source: str
    name: str  # how a sentence names it ("steroid cream")

    @property
    def label(self) -> str:
        return PRODUCTS[self.product]


MARKS: tuple[CoTreatmentMark, ...] = (
    CoTreatmentMark(
        "topical_steroid",
        ECZEMA_OUTCOMES,
        "The first-line treatment for eczema flares: it reduces itch and "
        "inflammation within days, and so the itch that costs sleep.",
        "NICE Clinical Knowledge Summaries, “Eczema – atopic” (cks.nice.org.uk); "
        "NICE technology appraisal TA81 (2004), topical corticosteroids for atopic "
        "eczema.",
        "steroid cream",
    ),
    CoTreatmentMark(
        "calcineurin",
        ECZEMA_OUTCOMES,
        "Tacrolimus and pimecrolimus treat eczema where steroids are not suitable; "
        "they reduce itch and severity.",
        "NICE technology appraisal TA82 (2004), tacrolimus and pimecrolimus for "
        "atopic eczema; NICE Clinical Knowledge Summaries, “Eczema – atopic”.",
        "tacrolimus or pimecrolimus",
    ),
    CoTreatmentMark(
        "emollient",
        ECZEMA_OUTCOMES,
        "Emollients reduce eczema severity and flares; most people use them every "
        "day, so they rarely differ between phases, but a change in use counts.",
        "van Zuuren EJ et al. Emollients and moisturisers for eczema. Cochrane "
        "Database Syst Rev 2017;2:CD012119.",
        "emollient",
    ),
    CoTreatmentMark(
        "antihistamine",
        ECZEMA_OUTCOMES,
        "Weakly supported: a Cochrane review found no consistent evidence that "
        "antihistamine tablets added to creams reduce eczema itch, but a sedating "
        "one is used for sleep lost to itch, so it can move both ratings.",
        "Matterne U et al. Oral H1 antihistamines as “add-on” therapy to topical "
        "treatment for eczema. Cochrane Database Syst Rev 2019;1:CD012167; NICE "
        "Clinical Knowledge Summaries, “Eczema – atopic”.",
        "antihistamine",
    ),
    CoTreatmentMark(
        "new_product",
        ECZEMA_OUTCOMES | {"new_spots"},
        "Soaps, detergents and cosmetics are common irritants that can flare "
        "eczema and dermatitis; oily cosmetics can block pores and bring out spots.",
        "NICE Clinical Knowledge Summaries, “Eczema – atopic” and “Acne vulgaris”; "
        "NICE guideline NG198 (2021), acne vulgaris: management.",
        "a new soap, cosmetic or detergent",
    ),
    CoTreatmentMark(
        "acne_topical",
        frozenset({"new_spots"}),
        "Benzoyl peroxide, topical retinoids and azelaic acid are first-line acne "
        "treatments and reduce new spots over weeks.",
        "NICE guideline NG198 (2021), acne vulgaris: management.",
        "acne cream or gel",
    ),
    CoTreatmentMark(
        "topical_antibiotic",
        frozenset({"new_spots"}),
        "Clindamycin with benzoyl peroxide is a first-line acne treatment.",
        "NICE guideline NG198 (2021), acne vulgaris: management.",
        "antibiotic cream",
    ),
    CoTreatmentMark(
        "oral_antibiotic",
        frozenset({"new_spots"}) | GUT_OUTCOMES,
        "Lymecycline or doxycycline tablets treat moderate to severe acne; "
        "diarrhoea and stomach upset are common side effects of antibiotics.",
        "NICE guideline NG198 (2021), acne vulgaris: management; NHS website, "
        "“Side effects of antibiotics” (www.nhs.uk/conditions/antibiotics/).",
        "antibiotic tablets",
    ),
)

BY_PRODUCT = {mark.product: mark for mark in MARKS}


def co_treatments_for(measure: str) -> dict[str, str]:
    """The products that can move ``measure``: key to the name a sentence uses."""
    return {mark.product: mark.name for mark in MARKS if measure in mark.moves}
