"""``skingarden score``: score answers from the command line. No Django is loaded."""

import json
import sys
from typing import Any

from skingarden.instruments import definitions
from skingarden.instruments.scoring import ScoringError
from skingarden.instruments.scoring.registry import score_instrument

USAGE_ERROR = 2


def score_command(
    instrument: str | None, answers: str | None, *, list_only: bool
) -> int:
    if list_only:
        return _list()
    if not instrument or answers is None:
        return _fail(
            "give an instrument and --answers (JSON, or - for standard input); "
            "or --list"
        )
    try:
        definition = definitions.load(instrument)
    except (definitions.UnknownInstrument, definitions.LicensedTextError) as error:
        return _fail(str(error))
    try:
        parsed: Any = json.loads(sys.stdin.read() if answers == "-" else answers)
    except json.JSONDecodeError as error:
        return _fail(
            f"the answers are not valid JSON ({error.msg} at line {error.lineno}, "
            f"column {error.colno})."
        )
    try:
        result = score_instrument(definition, parsed)
    except ScoringError as error:
        return _fail("the answers cannot be scored:\n  " + "\n  ".join(error.problems))
    print(json.dumps(result.as_dict(), ensure_ascii=False))
    return 0


def _list() -> int:
    for definition in definitions.all_definitions():
        owner = definition.raw["licence"]["owner"]
        print(
            f"{definition.id:<15} {definition.short_title:<15} "
            f"{definition.reported_by:<12} {definition.licence_label} ({owner})"
        )
    return 0


def _fail(message: str) -> int:
    print(f"skingarden score: {message}", file=sys.stderr)
    return USAGE_ERROR
