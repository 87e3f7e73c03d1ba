"""Writes for programmes, split by what they change (HackSoft-style package)."""
