"""Pure scoring rules, one module per rule. No Django."""


class ScoringError(ValueError):
    """The answers cannot be scored; the message names every problem found."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__(" ".join(problems))
