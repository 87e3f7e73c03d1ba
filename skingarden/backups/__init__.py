"""``skingarden backup`` and ``skingarden restore``: the whole instance (the
database and every media file) in one archive, and back into an empty instance.
See docs/backup.md."""
