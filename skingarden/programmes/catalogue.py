"""What a day's log can hold: measures, products, tags and red flags. Pure data.

Scales are our own wording. The worst-itch scale is a generic 0-10 numeric rating
of the worst itch in the last 24 hours (the format HOME recommends for peak itch);
it is not the branded "Peak Pruritus NRS" and does not use its wording. The
sleep-loss scale is not a validated instrument and is labelled so.
"""

from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    short: str
    low: int
    high: int
    unit: str
    help: str
    validated: str  # how far the scale is validated, said plainly


MEASURES: dict[str, Measure] = {
    m.key: m
    for m in (
        Measure(
            "worst_itch",
            "Worst itch in the last 24 hours",
            "Worst itch",
            0,
            10,
            "points (0-10)",
            "0 = no itch, 10 = the worst itch you can imagine.",
            "Generic 0-10 worst-itch rating, the format validated for peak itch "
            "(Yosipovitch G et al. Br J Dermatol 2019;181:761); our wording.",
        ),
        Measure(
            "sleep_loss",
            "Sleep lost to itch last night",
            "Sleep lost",
            0,
            10,
            "points (0-10)",
            "0 = slept normally, 10 = could not sleep at all.",
            "Not a validated instrument; modelled on the SCORAD sleeplessness scale.",
        ),
        Measure(
            "new_spots",
            "New spots since yesterday",
            "New spots",
            0,
            200,
            "spots",
            "Count new pimples or spots that appeared in the last 24 hours.",
            "A plain count; no published meaningful-change value exists for it.",
        ),
        Measure(
            "kefir_ml",
            "Kefir you drank",
            "Kefir",
            0,
            1000,
            "ml",
            "Pre-filled with today's planned dose.",
            "Adherence record.",
        ),
        Measure(
            "fruit_veg_servings",
            "Fruit and vegetable servings",
            "Fruit & veg",
            0,
            30,
            "servings",
            "A serving is about a handful.",
            "Diet record.",
        ),
        Measure(
            "fibre_servings",
            "Fibre or prebiotic foods",
            "Fibre",
            0,
            30,
            "servings",
            "Oats, beans, lentils, onions, garlic, leeks, bananas, wholegrains.",
            "Diet record.",
        ),
        Measure(
            "bowel_movements",
            "Bowel movements",
            "Bowel movements",
            0,
            20,
            "times",
            "How many times you opened your bowels in the last 24 hours.",
            "Count.",
        ),
        Measure(
            "stool_form",
            "Stool form (most typical today)",
            "Stool form",
            1,
            7,
            "type (1-7)",
            "1 = separate hard lumps … 4 = smooth soft sausage … 7 = entirely liquid.",
            "Bristol stool form types 1-7 (Lewis SJ, Heaton KW. Scand J Gastroenterol "
            "1997;32:920); our wording.",
        ),
        Measure(
            "gut_discomfort",
            "Gut discomfort (wind, bloating, cramps)",
            "Gut discomfort",
            0,
            3,
            "points (0-3)",
            "0 = none, 1 = mild, 2 = moderate, 3 = severe.",
            "Exploratory, not validated; drives the dose step-back rule.",
        ),
        Measure(
            "energy",
            "Energy today",
            "Energy",
            0,
            10,
            "points (0-10)",
            "0 = exhausted, 10 = full of energy.",
            "Exploratory, not validated.",
        ),
    )
}

STOOL_FORMS = {
    1: "Separate hard lumps",
    2: "Lumpy, sausage-shaped",
    3: "Sausage-shaped with cracks on the surface",
    4: "Smooth, soft sausage or snake",
    5: "Soft blobs with clear-cut edges",
    6: "Fluffy, mushy pieces with ragged edges",
    7: "Watery, no solid pieces",
}

PRODUCTS = {
    "emollient": "Emollient / moisturiser",
    "topical_steroid": "Steroid cream or ointment",
    "calcineurin": "Tacrolimus or pimecrolimus",
    "acne_topical": "Acne cream or gel (benzoyl peroxide, retinoid…)",
    "oral_antibiotic": "Antibiotic tablets",
    "topical_antibiotic": "Antibiotic cream",
    "antihistamine": "Antihistamine",
    "new_product": "A new soap, cosmetic or detergent",
    "other_treatment": "Another treatment",
}

TAGS = {
    "stress": "Stress",
    "sweat": "Sweating / exercise",
    "illness": "Illness",
    "travel": "Travel",
    "alcohol": "Alcohol",
    "period": "Period",
    "poor_sleep": "Poor sleep (other than itch)",
    "heat": "Hot weather",
    "cold": "Cold or dry weather",
    "new_food": "A new food",
}


class Urgency(StrEnum):
    EMERGENCY = "emergency"
    SAME_DAY = "same_day"
    URGENT = "urgent"


URGENCY_HEADINGS = {
    Urgency.EMERGENCY: "Call emergency services now",
    Urgency.SAME_DAY: "Get medical help today",
    Urgency.URGENT: "Book an urgent appointment",
}


@dataclass(frozen=True)
class RedFlag:
    key: str
    question: str
    urgency: Urgency
    advice: str
    source: str


RED_FLAGS: dict[str, RedFlag] = {
    flag.key: flag
    for flag in (
        RedFlag(
            "allergic_reaction",
            "After kefir: hives, swelling of the lips, tongue or throat, wheeze or "
            "trouble "
            "breathing, repeated vomiting, or feeling faint?",
            Urgency.EMERGENCY,
            "These can be signs of a severe allergic reaction (anaphylaxis). Call your "
            "emergency number now (999 in the UK, 112 in the EU, 911 in the US). Take "
            "no "
            "more kefir and do not put it on your skin.",
            "NHS website, “Anaphylaxis” (www.nhs.uk/conditions/anaphylaxis/); "
            "anaphylaxis after milk-based skin products: Voskamp AL et al. J Allergy "
            "Clin Immunol Pract 2014 (case reports).",
        ),
        RedFlag(
            "self_harm",
            "Thoughts of harming yourself or of ending your life?",
            Urgency.EMERGENCY,
            "You deserve help now. Call your emergency number, or a crisis line (in "
            "the "
            "UK and Ireland, Samaritans on 116 123; in the US, 988). If you can, tell "
            "someone you trust and stay with them.",
            "NICE NG198 (acne: distress, suicidal thoughts or self-harm need help "
            "now).",
        ),
        RedFlag(
            "eczema_herpeticum",
            "Eczema getting worse fast and painful, with clusters of small blisters or "
            "punched-out sores, or with a fever?",
            Urgency.SAME_DAY,
            "This can be eczema herpeticum, a herpes infection of eczema that needs "
            "antiviral treatment today. See a doctor today (in the UK, call NHS 111 or "
            "your GP surgery now). If it is near your eyes, go to an emergency "
            "department.",
            "NICE QS44 statement 7; British Association of Dermatologists leaflet on "
            "eczema herpeticum.",
        ),
        RedFlag(
            "acne_fulminans",
            "Sudden, painful acne with ulcerating, bleeding or crusted spots, with "
            "fever "
            "or aching joints?",
            Urgency.SAME_DAY,
            "This can be acne fulminans, which needs same-day specialist care. Contact "
            "a "
            "doctor today and say these words.",
            "NICE NG198 (urgent same-day referral for acne fulminans).",
        ),
        RedFlag(
            "abscess",
            "A painful lump with pus under the skin that is getting bigger, or that "
            "comes with a fever or feeling hot and shivery?",
            Urgency.SAME_DAY,
            "This can be a skin abscess or a boil that needs a clinician today: it "
            "may need draining or antibiotics. Do not squeeze it, and put no kefir on "
            "it or near it. Get medical help today (in the UK, ask your GP practice "
            "for an urgent appointment or call NHS 111).",
            "NHS website, “Skin abscess” and “Boils” (www.nhs.uk/conditions/boils/).",
        ),
        RedFlag(
            "gut_severe",
            "Blood in your stool, severe tummy pain, or a fever with diarrhoea or "
            "vomiting "
            "that stops you keeping fluids down?",
            Urgency.SAME_DAY,
            "Stop kefir and get medical help today (in the UK, NHS 111 or your GP).",
            "NHS website, “Diarrhoea and vomiting” "
            "(www.nhs.uk/conditions/diarrhoea-and-vomiting/).",
        ),
        RedFlag(
            "infected_eczema",
            "Pus, yellow crusts, or painful, warm redness that is spreading, or "
            "feeling "
            "feverish and unwell?",
            Urgency.URGENT,
            "This can be infected eczema. Book an urgent GP appointment (in the UK, or "
            "call NHS 111). If you feel very unwell, confused or the redness spreads "
            "fast, "
            "go to an emergency department.",
            "NICE NG190, secondary bacterial infection of eczema.",
        ),
    )
}


@dataclass(frozen=True)
class FormVersion:
    """The form a day's log was last saved through. ``prefilled_outcomes`` marks the
    forms that filled the day's outcomes in from an earlier day, which pulls the
    answer towards "no change" (FDA PRO guidance 2009; ISPOR ePRO good practice)."""

    key: str
    channel: str
    prefilled_outcomes: bool
    description: str


FORM_VERSIONS: dict[str, FormVersion] = {
    v.key: v
    for v in (
        FormVersion(
            "web-1",
            "web form",
            True,
            "The web form used until December 2026, which filled each day's outcomes "
            "in from the previous log.",
        ),
        FormVersion(
            "web-2",
            "web form",
            False,
            "The web form from December 2026: every outcome starts blank each day.",
        ),
        FormVersion(
            "api-1",
            "API",
            False,
            "Sent through the API (/api/v1/), e.g. by the phone app; Skin Garden "
            "fills no outcome in from an earlier day.",
        ),
        FormVersion(
            "import-1",
            "import",
            True,
            "Restored from a version-1 JSON export, whose days were all entered on the "
            "pre-filling web form.",
        ),
    )
}
WEB_FORM_VERSION = "web-2"
API_FORM_VERSION = "api-1"
