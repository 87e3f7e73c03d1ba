"""make soak: load and fault checks against real processes (issue 11 §8); see
__main__.py and docs/benchmarks.md, "Soak"."""
