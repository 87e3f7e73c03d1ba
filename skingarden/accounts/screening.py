"""The safety screen every participant passes before day 1: pure rules, no Django.

The questions, the rule each one feeds and the advice shown are data here, so the
screen page, the stored record and (later) the report all read the same text.
Each rule cites a published source a participant can look up (docs/learn.md lists
them); where none was found, the rule says so.

``RULES_VERSION`` changes whenever a question or a rule changes what the screen
decides; a screen answered under another version no longer counts for starting a
programme (``SafetyScreen.rules_are_current``), so a new question is always put to
everyone before their next start.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import ClassVar

# 2026.12: the question on a boil or skin abscess now (clinician's agreement).
RULES_VERSION = "2026.12"
ADULT_AGE = 18


class ScreenError(ValueError):
    """The answers cannot be screened (a question is missing or not yes/no)."""


class Effect(StrEnum):
    BLOCK = "block"
    CLINICIAN = "clinician"
    WARN = "warn"


class Outcome:
    BLOCKED = "blocked"
    CLINICIAN_REQUIRED = "clinician_required"
    CLINICIAN_CONFIRMED = "clinician_confirmed"
    CLEAR = "clear"
    LABELS: ClassVar[dict[str, str]] = {
        BLOCKED: "Not suitable: the programme cannot start",
        CLINICIAN_REQUIRED: "A clinician must agree before you start",
        CLINICIAN_CONFIRMED: "Cleared with your clinician's agreement",
        CLEAR: "Cleared to start",
    }
    STARTABLE: ClassVar[frozenset[str]] = frozenset({CLEAR, CLINICIAN_CONFIRMED})

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return list(cls.LABELS.items())


@dataclass(frozen=True)
class Rule:
    id: str
    effect: Effect
    title: str
    advice: str
    source: str


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    rule_id: str
    fires_on: bool = True  # the answer that fires the rule ("No" for the age question)


@dataclass(frozen=True)
class ScreenResult:
    outcome: str
    blocks: tuple[str, ...]
    clinician_reasons: tuple[str, ...]
    warnings: tuple[str, ...]


_INFECTION_ADVICE = (
    "Kefir contains live bacteria and yeasts. In people whose immune defences are "
    "weakened, who have a central line, or whose gut lining is damaged, probiotic "
    "microbes have occasionally caused bloodstream infections. Ask the clinician who "
    "looks after you first; you can start once you record who agreed and when."
)
_INFECTION_SOURCE = (
    "Kullar R et al. Microorganisms 2023;11(4):896, "
    "doi:10.3390/microorganisms11040896; "
    "Doron S, Snydman DR. Clin Infect Dis 2015;60(S2):S129."
)

_BOIL_SOURCE = (
    "NHS website, “Boils” (www.nhs.uk/conditions/boils/) and “Skin abscess”; "
    "live microbes in kefir: Codex Standard for Fermented Milks CXS 243-2003."
)

RULES: dict[str, Rule] = {
    rule.id: rule
    for rule in (
        Rule(
            "milk_allergy",
            Effect.BLOCK,
            "Milk allergy",
            "Kefir is fermented milk and keeps its milk proteins; goat's and sheep's "
            "milk "
            "cross-react with cow's milk. Do not drink kefir or put it on your skin.",
            "Codex Standard for Fermented Milks CXS 243-2003; Voskamp AL et al. "
            "J Allergy Clin Immunol Pract 2014.",
        ),
        Rule(
            "under_18",
            Effect.BLOCK,
            "Under 18",
            "The programme is for adults only. Children's skin is the most easily "
            "sensitised to food proteins, and no probiotic is approved for children.",
            "Asia Pac Allergy 2021;11:e13, doi:10.5415/apallergy.2021.11.e13; "
            "US FDA warning on probiotics in preterm infants, 2023.",
        ),
        Rule(
            "immunocompromised",
            Effect.CLINICIAN,
            "Weakened immune system",
            _INFECTION_ADVICE,
            _INFECTION_SOURCE,
        ),
        Rule(
            "central_line",
            Effect.CLINICIAN,
            "Central venous line",
            _INFECTION_ADVICE,
            _INFECTION_SOURCE,
        ),
        Rule(
            "immunosuppressant",
            Effect.CLINICIAN,
            "Medicine that suppresses the immune system",
            "These medicines weaken immune defences. " + _INFECTION_ADVICE,
            _INFECTION_SOURCE,
        ),
        Rule(
            "gut_surgery",
            Effect.CLINICIAN,
            "Recent gut surgery or gut-lining damage",
            _INFECTION_ADVICE,
            _INFECTION_SOURCE,
        ),
        Rule(
            "boil_abscess",
            Effect.CLINICIAN,
            "A boil or skin abscess now",
            "A boil or an abscess is an infection under the skin, usually caused by "
            "bacteria. It may need a clinician to drain it or to prescribe "
            "antibiotics, and it should be kept clean and covered, never squeezed. "
            "Kefir must never go on it, because kefir carries live bacteria and "
            "yeasts. Have a clinician look at it first (in the UK, your GP "
            "practice); you can start once you record who agreed and when. If the "
            "lump is growing, hot and painful, or you feel hot and shivery, get "
            "help today.",
            _BOIL_SOURCE,
        ),
        Rule(
            "pregnancy",
            Effect.WARN,
            "Pregnancy",
            "Use only kefir made from pasteurised milk, never raw-milk home kefir "
            "(Listeria). Kefir contains a little alcohol. Talk to your midwife or "
            "doctor before you start.",
            "NHS website, “Foods to avoid in pregnancy” (www.nhs.uk): "
            "unpasteurised milk and Listeria; and “Drinking alcohol while pregnant”.",
        ),
        Rule(
            "lactose_intolerance",
            Effect.WARN,
            "Lactose intolerance",
            "Most lactose maldigesters tolerate plain kefir better than milk, but "
            "expect "
            "some wind or bloating at first. The slow ramp and the gut-discomfort rule "
            "are there for you.",
            "Hertzler SR, Clancy SM. J Am Diet Assoc 2003;103(5):582-7, "
            "doi:10.1053/jada.2003.50111.",
        ),
        Rule(
            "histamine_intolerance",
            Effect.WARN,
            "Histamine intolerance",
            "Fermented foods can contain histamine. Flushing, itch, hives or headache "
            "after kefir can look like an eczema flare; note them in your log.",
            "San Mauro Martin I et al. Allergol Immunopathol 2016;44(5):475.",
        ),
        Rule(
            "maoi_linezolid",
            Effect.WARN,
            "MAOI or linezolid",
            "Fermented foods can contain tyramine, which interacts with MAOIs and "
            "linezolid. Check with your prescriber or pharmacist before you start.",
            "San Mauro Martin I et al. Allergol Immunopathol 2016;44(5):475.",
        ),
        Rule(
            "tetracycline",
            Effect.WARN,
            "Tetracycline-class antibiotic",
            "Calcium in dairy binds these antibiotics. Keep kefir at least 2 hours "
            "apart "
            "from each dose (doxycycline is less affected; follow your leaflet).",
            "BNF, “Tetracyclines” (bnf.nice.org.uk): milk reduces their absorption; "
            "patient leaflets for lymecycline and oxytetracycline "
            "(www.medicines.org.uk).",
        ),
        Rule(
            "alcohol",
            Effect.WARN,
            "Avoiding alcohol",
            "Kefir contains some alcohol from its yeasts: usually under 0.5% when "
            "bought, "
            "up to 2% or more when home-made. 40 ml at 2% is about 0.6 g of alcohol. "
            "Decide whether that is acceptable for you, especially with metronidazole "
            "or "
            "disulfiram.",
            "No peer-reviewed measurement of the alcohol in kefir found; the range "
            "comes from food-science summaries (weak sources). Alcohol with "
            "metronidazole or disulfiram: BNF (bnf.nice.org.uk).",
        ),
        Rule(
            "acne_dairy",
            Effect.WARN,
            "Acne and dairy",
            "Dairy is associated with acne in observational studies, so kefir could "
            "make "
            "your acne worse. Your daily new-spot count will show it either way.",
            "Juhl CR et al. Nutrients 2018;10(8):1049, doi:10.3390/nu10081049.",
        ),
        Rule(
            "acne_oily_carriers",
            Effect.WARN,
            "Acne and oily carriers",
            "If you use the topical arm, petroleum jelly and oils can block pores; "
            "acne "
            "guidance advises against oil-based, comedogenic preparations.",
            "NICE NG198, Acne vulgaris: management (2021), via a summary.",
        ),
    )
}

QUESTIONS: tuple[Question, ...] = (
    Question(
        "milk_allergy",
        "Have you ever been told you are allergic to milk (cow's, "
        "goat's or sheep's), or had hives, swelling, wheeze or vomiting after milk?",
        "milk_allergy",
    ),
    Question("adult", "Are you 18 or older today?", "under_18", fires_on=False),
    Question(
        "immunocompromised",
        "Is your immune system weakened, for example by "
        "chemotherapy, an organ or bone-marrow transplant, HIV with a low CD4 count, "
        "or high-dose steroids?",
        "immunocompromised",
    ),
    Question(
        "central_line",
        "Do you have a central venous line, a port or a PICC line?",
        "central_line",
    ),
    Question(
        "immunosuppressant",
        "Do you take ciclosporin, methotrexate, azathioprine, "
        "mycophenolate, a JAK inhibitor, steroid tablets, or a biologic injection?",
        "immunosuppressant",
    ),
    Question(
        "gut_surgery",
        "Have you had surgery on your stomach or bowel in the last "
        "3 months, or do you have a condition that is damaging your gut lining now "
        "(such as an active flare of Crohn's disease or ulcerative colitis)?",
        "gut_surgery",
    ),
    Question(
        "boil_abscess",
        "Do you have a boil, a cluster of boils, or a skin abscess (a painful lump "
        "filled with pus) at the moment?",
        "boil_abscess",
    ),
    Question("pregnant", "Are you pregnant, or could you be?", "pregnancy"),
    Question(
        "lactose_intolerance", "Are you lactose intolerant?", "lactose_intolerance"
    ),
    Question(
        "histamine_intolerance",
        "Do you have histamine intolerance, or do fermented "
        "foods (aged cheese, wine, sauerkraut) give you flushing, itch, hives or "
        "headaches?",
        "histamine_intolerance",
    ),
    Question(
        "maoi_linezolid",
        "Do you take an MAOI antidepressant (such as phenelzine, "
        "tranylcypromine or moclobemide) or the antibiotic linezolid?",
        "maoi_linezolid",
    ),
    Question(
        "tetracycline",
        "Do you take a tetracycline-class antibiotic (such as "
        "lymecycline, oxytetracycline, doxycycline or minocycline)?",
        "tetracycline",
    ),
    Question(
        "avoid_alcohol",
        "Do you need or choose to avoid all alcohol, for example for "
        "health, recovery or faith, or because you take metronidazole or disulfiram?",
        "alcohol",
    ),
)
QUESTION_IDS = tuple(question.id for question in QUESTIONS)
CONDITION_WARNINGS: dict[str, tuple[str, ...]] = {
    "acne": ("acne_dairy", "acne_oily_carriers")
}


def rule(rule_id: str) -> Rule:
    return RULES[rule_id]


def evaluate(
    answers: Mapping[str, bool],
    *,
    birth_year: int,
    conditions: Sequence[str],
    today: date,
) -> ScreenResult:
    """Screen one participant.

    Parameters
    ----------
    answers : mapping of every id in ``QUESTION_IDS`` to True (yes) or False (no).
    birth_year : the participant's year of birth; anyone who turns 17 or younger
        this year is under 18 whatever they answered.
    conditions : the participant's condition codes (acne adds two warnings).
    today : the participant's local date.

    Returns
    -------
    ScreenResult
        ``blocked`` if any block fires, else ``clinician_required`` if any clinician
        rule fires, else ``clear``. Warnings are returned whatever the outcome.

    Raises
    ------
    ScreenError
        If a question is unanswered, unknown, or not answered yes or no.
    """
    _check_answers(answers)
    if not 1900 <= birth_year <= today.year:
        raise ScreenError(f"A birth year of {birth_year} is not possible.")
    fired = [q.rule_id for q in QUESTIONS if answers[q.id] is q.fires_on]
    if today.year - birth_year < ADULT_AGE and "under_18" not in fired:
        fired.append("under_18")
    for condition in conditions:
        fired.extend(CONDITION_WARNINGS.get(condition, ()))
    blocks = _with_effect(fired, Effect.BLOCK)
    clinician = _with_effect(fired, Effect.CLINICIAN)
    if blocks:
        outcome = Outcome.BLOCKED
    elif clinician:
        outcome = Outcome.CLINICIAN_REQUIRED
    else:
        outcome = Outcome.CLEAR
    return ScreenResult(outcome, blocks, clinician, _with_effect(fired, Effect.WARN))


def _with_effect(rule_ids: Sequence[str], effect: Effect) -> tuple[str, ...]:
    return tuple(rule_id for rule_id in rule_ids if RULES[rule_id].effect is effect)


def _check_answers(answers: Mapping[str, bool]) -> None:
    problems = [
        f"“{key}” is not a screening question."
        for key in answers
        if key not in QUESTION_IDS
    ]
    problems += [
        f"“{qid}” was not answered." for qid in QUESTION_IDS if qid not in answers
    ]
    problems += [
        f"“{qid}” must be answered yes or no."
        for qid in QUESTION_IDS
        if qid in answers and not isinstance(answers[qid], bool)
    ]
    if problems:
        raise ScreenError(" ".join(problems))
