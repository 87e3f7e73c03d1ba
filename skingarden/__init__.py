"""Skin Garden: a safe, honest personal trial of a 21-day gut-skin programme."""
