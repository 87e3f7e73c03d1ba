"""Reads for programmes, by what callers need: access, state, check-ins, patch
tests, charts, and whether a participant may start. Every read of a participant's
data is scoped to its owner."""
