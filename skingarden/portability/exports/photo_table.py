"""``photos.csv``: one row per photo, with the redness metric of its regions by the
current algorithm (blank where the regions are not marked, or were measured only
by an older version) and the participant's own blinded rating of it (blank when
unrated). The image itself is in the archive export, at ``file``."""

from collections.abc import Sequence
from typing import Any

from skingarden.photos.metrics.redness import ALGORITHM_VERSION
from skingarden.photos.models import RATED_SIGNS, Photo, PhotoAnalysis, PhotoRating
from skingarden.portability.exports.csv_tables import phase_on
from skingarden.portability.photo_schema import (
    photo_archive_name,
    programme_site_names,
)
from skingarden.portability.selectors import ParticipantData, ProgrammeRecords

PHOTOS_FILE = "photos.csv"
PHOTO_COLUMNS = (
    "date",
    "programme",
    "phase",
    "site",
    "site_name",
    "shot",
    "photo",
    "file",
    "content_type",
    "size_bytes",
    "sha256",
    "width",
    "height",
    "algorithm_version",
    "delta_a",
    "delta_e00",
    "erythema_fraction",
    "lesion_l",
    "lesion_a",
    "lesion_b",
    "lesion_pixels",
    "reference_l",
    "reference_a",
    "reference_b",
    "reference_pixels",
    "white_balanced",
    "rated_redness",
    "rated_dryness",
    "rated_thickening",
)
METRIC_COLUMNS = PHOTO_COLUMNS[
    PHOTO_COLUMNS.index("delta_a") : PHOTO_COLUMNS.index("white_balanced")
]


def photo_table(data: ParticipantData) -> list[Sequence[Any]]:
    """Rows by programme (as exported), then day, site and shot."""
    rows: list[Sequence[Any]] = [PHOTO_COLUMNS]
    for records in data.programmes:
        names = site_names(records)
        for session in records.photo_sessions:
            lead = (
                session.taken_on,
                str(records.programme.code),
                phase_on(records.phases, session.taken_on),
                session.site,
                names.get(session.site, ""),
            )
            rows += [(*lead, *_photo_cells(photo)) for photo in session.photos.all()]
    return rows


def _photo_cells(photo: Photo) -> tuple[Any, ...]:
    current = next(
        (a for a in photo.analyses.all() if a.algorithm_version == ALGORITHM_VERSION),
        None,
    )
    stored = (
        photo.shot,
        str(photo.code),
        photo_archive_name(photo),
        photo.content_type,
        photo.size_bytes,
        photo.sha256,
        photo.width,
        photo.height,
    )
    # The selector prefetched the owner's own rating only (none or one).
    own = next(iter(photo.ratings.all()), None)
    return (*stored, *_metric_cells(current), *_rating_cells(own))


def _metric_cells(analysis: PhotoAnalysis | None) -> tuple[Any, ...]:
    if analysis is None:
        return ("",) * (len(METRIC_COLUMNS) + 2)
    metrics = tuple(getattr(analysis, name) for name in METRIC_COLUMNS)
    return (analysis.algorithm_version, *metrics, analysis.gains is not None)


def _rating_cells(rating: PhotoRating | None) -> tuple[Any, ...]:
    if rating is None:
        return ("",) * len(RATED_SIGNS)
    return tuple(getattr(rating, sign) for sign in RATED_SIGNS)


def site_names(records: ProgrammeRecords) -> dict[int, str]:
    return programme_site_names(records.programme, records.amendments)


# The data dictionary's rows for photos.csv: (name, meaning, unit, range).
_DICTIONARY = (
    ("site", "The photographed site's number in the programme's photo plan.", "", ""),
    ("site_name", "The site's name, as the participant gave it.", "", ""),
    (
        "shot",
        "The shot of the session: two per session, a few seconds apart.",
        "",
        "1-2",
    ),
    ("photo", "The photo's public code.", "", ""),
    ("file", "Where the photo's file is in the archive export.", "", ""),
    ("content_type", "The stored file's type (no metadata is kept in it).", "", ""),
    ("size_bytes", "The stored file's size.", "bytes", ""),
    ("sha256", "The SHA-256 hash of the stored file, in hexadecimal.", "", ""),
    ("width", "The photo's width, as displayed.", "pixels", ""),
    ("height", "The photo's height, as displayed.", "pixels", ""),
    ("algorithm_version", "The redness algorithm that measured the regions.", "", ""),
    (
        "delta_a",
        "Redness: median a* of the lesion minus that of the reference.",
        "CIELAB a* units",
        "",
    ),
    (
        "delta_e00",
        "CIEDE2000 colour difference between the two regions.",
        "CIEDE2000 units",
        "",
    ),
    (
        "erythema_fraction",
        "Share of lesion pixels redder than the reference by more than 2.3 a* units.",
        "fraction",
        "0-1",
    ),
    ("lesion_l", "Median L* of the lesion region.", "CIELAB L*", "0-100"),
    ("lesion_a", "Median a* of the lesion region.", "CIELAB a*", ""),
    ("lesion_b", "Median b* of the lesion region.", "CIELAB b*", ""),
    (
        "lesion_pixels",
        "Pixels in the lesion region, counted in the full-size photo.",
        "pixels",
        "",
    ),
    ("reference_l", "Median L* of the reference region.", "CIELAB L*", "0-100"),
    ("reference_a", "Median a* of the reference region.", "CIELAB a*", ""),
    ("reference_b", "Median b* of the reference region.", "CIELAB b*", ""),
    (
        "reference_pixels",
        "Pixels in the reference region, counted in the full-size photo.",
        "pixels",
        "",
    ),
    (
        "white_balanced",
        "Whether a neutral patch corrected the light's colour first.",
        "yes or no",
        "",
    ),
    *(
        (
            f"rated_{sign}",
            f"The participant's own blinded rating of {words}: 0 none, 1 slight, "
            "2 clear, 3 marked; blank when not rated.",
            "",
            "0-3",
        )
        for sign, words in (
            ("redness", "redness"),
            ("dryness", "dryness or scaling"),
            ("thickening", "thickening"),
        )
    ),
)


def dictionary_rows() -> list[tuple[str, str, str, str, str, str]]:
    """photos.csv's own columns (date, programme and phase are described with the
    other files)."""
    return [
        (name, PHOTOS_FILE, meaning, unit, values, "photo")
        for name, meaning, unit, values in _DICTIONARY
    ]
