"""The N-of-1 trial report: its inputs, content, charts, page and PDF."""
