"""The report's co-treatment table: for each co-treatment that can move an outcome,
the share of analysed days it was used on in each phase, the difference between
the kefir days after the lag and the baseline, and whether its use followed
symptoms (docs/analysis.md §15). Pure, no Django."""

from dataclasses import dataclass

from skingarden.analysis.cotreatments import MARGIN, CoTreatmentCheck, CoTreatmentUse
from skingarden.analysis.wording import WHOLE, percent, rounded
from skingarden.reports.tables import PHASE_NAMES

MARGIN_POINTS = round(MARGIN * 100)


@dataclass(frozen=True)
class CoTreatmentRow:
    name: str
    shares: dict[str, str]  # phase → "6 of 7 days (86 %)", for the phases present
    difference: str  # kefir after the lag minus baseline, percentage points, signed
    imbalanced: bool
    follows_symptoms: str  # "yes", "no" or "cannot tell"


def co_treatment_rows(check: CoTreatmentCheck | None) -> list[CoTreatmentRow]:
    """One row per co-treatment used on at least one analysed day."""
    if check is None:
        return []
    return [_row(use) for use in check.uses if sum(use.used.values())]


def phases_present(rows: list[CoTreatmentRow]) -> list[tuple[str, str]]:
    """The phases with known days, in order, with their names (table headings)."""
    present = {phase for row in rows for phase in row.shares}
    return [(key, name) for key, name in PHASE_NAMES.items() if key in present]


def _row(use: CoTreatmentUse) -> CoTreatmentRow:
    shares = {
        phase: f"{use.used[phase]} of {use.known[phase]} days "
        f"({percent(use.used[phase] / use.known[phase])})"
        for phase in PHASE_NAMES
        if use.known.get(phase)
    }
    difference = use.difference
    points = "" if difference is None else _points(difference)
    follows = {True: "yes", False: "no", None: "cannot tell"}[use.follows_symptoms]
    return CoTreatmentRow(use.label, shares, points, use.imbalanced, follows)


def _points(difference: float) -> str:
    value = rounded(abs(difference) * 100, WHOLE)  # whole points, the one rule
    if value == 0:
        return "0"
    return ("+" if difference > 0 else "\u2212") + str(value)
