"""Pure statistics for one person's trial: plain sequences in, small frozen
dataclasses out. No Django; statsmodels and scipy do the estimation."""


class AnalysisError(ValueError):
    """The data cannot be analysed as asked; the message says why, plainly."""
