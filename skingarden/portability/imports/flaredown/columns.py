"""Which Flaredown column is a condition, a symptom or a treatment.

The header gives names only, but Flaredown writes every condition first, then
every symptom, then every treatment, so the kinds follow each other in that
order and the cells say the rest:

- A treatment's cell is a dose as the person typed it, ``Taken`` or ``Not
  Taken``; a condition's or a symptom's is a rating from 0 to 4. The first column
  that holds ``Taken`` or ``Not Taken``, whose cells are mostly not ratings, or
  that the caller names as a treatment starts the treatments: it and every
  column after it is one. A column before it is rated, and any cell of it that is
  not a rating is an error (one bad cell never turns ratings into doses).
- A condition and a symptom can share a name: of two rated columns with one
  name, the first is the condition and the second the symptom. A column the
  caller names as a condition, or the first of such a pair, is a condition, and
  so is every rated column before it. The second of a pair is a symptom, and so
  is every rated column after it. Between them, a column named like one of our
  conditions (eczema, acne…) is a condition and any other a symptom.

Names given by the caller only settle what the file leaves open; one that
contradicts the file is an error.
"""

from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from skingarden.accounts.models import Condition
from skingarden.portability.imports.flaredown.table import Row, reject
from skingarden.portability.models import CustomMeasure

CONDITION = str(CustomMeasure.Kind.CONDITION)
SYMPTOM = str(CustomMeasure.Kind.SYMPTOM)
TREATMENT = "treatment"
RATINGS = {str(value): value for value in range(5)}  # Flaredown's 0-4
TAKEN_WORDS = ("taken", "not taken")
OURS = {c.value.casefold() for c in Condition} | {
    str(c.label).casefold() for c in Condition
}

NAMED_NOT_FOUND = "“{name}” was named as a {kind}, but the file has no such column."
NAMED_TWICE = "“{name}” was named both as a condition and as a treatment."
NAMED_AMBIGUOUS = (
    "“{name}” was named as a {kind}, but two columns have that name; they are told "
    "apart by Flaredown's order, so leave it out."
)
NOT_A_CONDITION = (
    "“{name}” was named as a condition, but {reason}, and Flaredown writes every "
    "treatment after the conditions and symptoms."
)
IS_TREATMENT_WORDS = "it holds “Taken” or “Not Taken”, as only a treatment does"
IS_TREATMENT_TEXT = "most of its cells are doses, not ratings from 0 to 4"
AFTER_TREATMENT = "it comes after the treatment “{treatment}” (column {column})"
CONDITION_AFTER_SYMPTOM = (
    "“{condition}” (column {c_column}) must be a condition, but the symptom "
    "“{symptom}” (column {s_column}) comes before it, and Flaredown writes every "
    "condition before the symptoms."
)
RATED_THRICE = (
    "{count} rated columns are called “{name}”; only a condition and a symptom can "
    "share a name."
)
TREATMENT_TWICE = "two treatment columns are called “{name}”."


@dataclass(frozen=True)
class Column:
    index: int  # among the name columns; the file's column is index + 2
    name: str
    kind: str  # CONDITION, SYMPTOM or TREATMENT
    shared: bool  # another column of the file has the same name

    @property
    def label(self) -> str:
        """The column in a message: its name, and its kind where the name is shared."""
        return f"“{self.name}”" + (f" ({self.kind})" if self.shared else "")

    @property
    def rated(self) -> bool:
        return self.kind != TREATMENT


@dataclass(frozen=True)
class _Cells:
    """What a column's cells say about its kind."""

    filled: int
    ratings: int
    taken_words: bool

    @property
    def mostly_text(self) -> bool:
        return self.filled - self.ratings > self.ratings


def classify(
    names: Sequence[str],
    rows: Sequence[Row],
    conditions: Collection[str],
    treatments: Collection[str],
) -> list[Column]:
    _check_named(names, conditions, treatments)
    cells = _cells(len(names), rows)
    first_treatment = _first_treatment(names, cells, treatments)
    for index, name in enumerate(names):
        if name in conditions and index >= first_treatment:
            reason = _treatment_reason(names, cells, first_treatment, index)
            reject(1, NOT_A_CONDITION.format(name=name, reason=reason))
    low, high = _condition_bounds(names[:first_treatment], conditions)
    _check_treatment_names(names[first_treatment:])
    uses = Counter(names)
    columns = []
    for index, name in enumerate(names):
        if index >= first_treatment:
            kind = TREATMENT
        elif index < low or (index < high and name.casefold() in OURS):
            kind = CONDITION
        else:
            kind = SYMPTOM
        columns.append(Column(index, name, kind, uses[name] > 1))
    return columns


def _check_named(
    names: Sequence[str], conditions: Collection[str], treatments: Collection[str]
) -> None:
    for name in conditions:
        if name in treatments:
            reject(1, NAMED_TWICE.format(name=name))
    for named, kind in ((conditions, CONDITION), (treatments, TREATMENT)):
        for name in named:
            count = names.count(name)
            if count == 0:
                reject(1, NAMED_NOT_FOUND.format(name=name, kind=kind))
            if count > 1:
                reject(1, NAMED_AMBIGUOUS.format(name=name, kind=kind))


def _cells(count: int, rows: Sequence[Row]) -> list[_Cells]:
    filled, ratings, words = [0] * count, [0] * count, [False] * count
    for row in rows:
        for index, raw in enumerate(row.cells):
            if not raw:
                continue
            filled[index] += 1
            if raw in RATINGS:
                ratings[index] += 1
            elif raw.casefold() in TAKEN_WORDS:
                words[index] = True
    return [_Cells(*counts) for counts in zip(filled, ratings, words, strict=True)]


def _first_treatment(
    names: Sequence[str], cells: Sequence[_Cells], treatments: Collection[str]
) -> int:
    for index, name in enumerate(names):
        said = cells[index]
        if name in treatments or said.taken_words or said.mostly_text:
            return index
    return len(names)


def _treatment_reason(
    names: Sequence[str], cells: Sequence[_Cells], first: int, index: int
) -> str:
    if index > first:
        return AFTER_TREATMENT.format(treatment=names[first], column=first + 2)
    return IS_TREATMENT_WORDS if cells[index].taken_words else IS_TREATMENT_TEXT


def _condition_bounds(
    rated: Sequence[str], conditions: Collection[str]
) -> tuple[int, int]:
    """Every rated column before ``low`` is a condition, every one from ``high``
    on a symptom."""
    pairs = _shared_pairs(rated)
    must_be_conditions = [i for i, name in enumerate(rated) if name in conditions]
    must_be_conditions += [first for first, _ in pairs]
    symptoms = [second for _, second in pairs]
    last_condition = max(must_be_conditions, default=-1)
    first_symptom = min(symptoms, default=len(rated))
    if last_condition > first_symptom:
        reject(
            1,
            CONDITION_AFTER_SYMPTOM.format(
                condition=rated[last_condition],
                c_column=last_condition + 2,
                symptom=rated[first_symptom],
                s_column=first_symptom + 2,
            ),
        )
    return last_condition + 1, first_symptom


def _shared_pairs(rated: Sequence[str]) -> list[tuple[int, int]]:
    """The (condition, symptom) positions of each name two rated columns share."""
    where: dict[str, list[int]] = {}
    for index, name in enumerate(rated):
        where.setdefault(name, []).append(index)
    for name, indexes in where.items():
        if len(indexes) > 2:
            reject(1, RATED_THRICE.format(count=len(indexes), name=name))
    return [(found[0], found[1]) for found in where.values() if len(found) == 2]


def _check_treatment_names(treatments: Sequence[str]) -> None:
    uses = Counter(treatments)
    for name in treatments:
        if uses[name] > 1:
            reject(1, TREATMENT_TWICE.format(name=name))
