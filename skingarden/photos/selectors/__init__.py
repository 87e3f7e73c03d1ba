"""Reads of the photos app, always within a programme the caller may see: the
owner's (``programme_get_for_user``) or a consented practitioner's (sharing's
selectors); a photo or site outside it is a 404, like one that does not exist."""
