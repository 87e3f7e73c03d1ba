"""Writes of the photos app: taking a photo in, preparing its smaller copies,
marking its regions (and computing the metric), deleting it."""
