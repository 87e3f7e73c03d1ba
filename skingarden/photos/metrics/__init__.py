"""Pure core of the photo measurements: decoding with limits, quality checks,
regions, the colour-corrected redness metric, its measurement error and the
statistics of blinded ratings. No Django: bytes, arrays and plain values in, small
frozen dataclasses out. See docs/photos.md for the method and its validation."""


class PhotoError(ValueError):
    """The photo or the values given with it cannot be used; the message says why,
    in words a participant understands, and is one of the modules' constants."""
