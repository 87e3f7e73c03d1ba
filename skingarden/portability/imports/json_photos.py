"""A programme's photo sessions from a JSON export (schema version 3): sessions of
the programme's sites, their shots, the metrics of the shots' regions and the
participant's own blinded ratings (restored with the importing owner as rater).

The JSON holds no image bytes. Imported from an archive, every shot's file is
checked and stored by ``files`` (``imports.archive``) as its record is read; a
JSON file imported on its own has no files, so its photo records, ratings with
them, are left out and the summary says so (a photo row must have its file).
"""

from datetime import date
from typing import Any, Protocol

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.regions import BAD_POLYGON, polygon
from skingarden.photos.models import (
    RATED_SIGNS,
    RATING_SCALE,
    Photo,
    PhotoAnalysis,
    PhotoRating,
    PhotoSession,
)
from skingarden.portability import photo_schema
from skingarden.portability.imports.batch import Batch
from skingarden.portability.schema import full_clean_at, join, load_record, reject
from skingarden.programmes.models import Programme

UNKNOWN_SITE = "the programme's photo plan has no site {site}."
OUTSIDE = "{day} is outside the programme ({first} to {last})."
SESSION_TWICE = "site {site} has a second session on {day}."
SHOT_TWICE = "shot {shot} is in this session twice."
CODE_TWICE = "the code “{code}” is used twice in this file."
WRONG_FILE = "must be “{expected}”, the photo's code and type."
NOT_A_TYPE = "must be image/jpeg or image/png."
POINT_OUTSIDE = (
    "a point of the {name} lies outside the photo, which is {width} × {height} pixels."
)
BAD_NEUTRAL = "must be three numbers: x, y and the radius."
REGIONS_WITHOUT_TIME = "regions are marked but “regions_marked_at” is empty."
VERSION_TWICE = "the algorithm version “{version}” is measured twice."
NOT_OWN_RATING = (
    "must be “participant”: only the participant's own ratings are part of their data."
)
RATING_TWICE = "the photo has a second rating; the participant rates a photo once."
OFF_SCALE = "must be a whole number from 0 to 3."
NO_FILES_NOTE = (
    "The file lists {count} {noun}, but a JSON export holds no image files, so the "
    "photo records were left out: import the archive export (.zip) to bring the "
    "photos too."
)


class PhotoFiles(Protocol):
    def store(self, record: dict[str, Any], path: str) -> str:
        """Check the shot's file against its record and store it; its name in
        photo storage. Raises ValidationError at ``path``."""
        ...


class PhotoIndex(Protocol):
    owner: Any
    today: date
    photo_codes: set[str]
    photo_files: PhotoFiles | None
    skipped_photos: int


def read_photo_sessions(
    programme: Programme,
    items: list[Any],
    path: str,
    index: PhotoIndex,
    batch: Batch,
) -> None:
    sites = _site_numbers(programme, batch)
    seen: set[tuple[int, date]] = set()
    for n, item in enumerate(items):
        where = f"{path}[{n}]"
        record = load_record(
            item, photo_schema.PHOTO_SESSION, where, photo_schema.PHOTO_SESSION_LISTS
        )
        photos = record.pop("photos")
        if index.photo_files is None:
            index.skipped_photos += len(photos)
            continue
        session = _session(programme, record, where, index, sites, seen)
        batch.photo_sessions.append(session)
        shots: set[int] = set()
        for m, photo_item in enumerate(photos):
            _read_photo(
                session, photo_item, f"{where}.photos[{m}]", shots, index, batch
            )


def skipped_note(count: int) -> tuple[str, ...]:
    if not count:
        return ()
    noun = "photo" if count == 1 else "photos"
    return (NO_FILES_NOTE.format(count=count, noun=noun),)


def _site_numbers(programme: Programme, batch: Batch) -> set[int]:
    """The sites of the plan in force: the protocol's and every photo-plan
    amendment's (sites are added, never removed)."""
    own = [a for a in batch.amendments if a.programme is programme]
    return set(photo_schema.programme_site_names(programme, own))


def _session(
    programme: Programme,
    record: dict[str, Any],
    path: str,
    index: PhotoIndex,
    sites: set[int],
    seen: set[tuple[int, date]],
) -> PhotoSession:
    _new_code(record.pop("code"), path, index)
    site, day = record["site"], record["taken_on"]
    if site not in sites:
        reject(join(path, "site"), UNKNOWN_SITE.format(site=site))
    assert programme.end_date is not None  # noqa: S101 - checked with the phases
    last = min(programme.end_date, index.today)
    if not programme.start_date <= day <= last:
        where = join(path, "taken_on")
        reject(where, OUTSIDE.format(day=day, first=programme.start_date, last=last))
    if (site, day) in seen:
        reject(path, SESSION_TWICE.format(site=site, day=day))
    seen.add((site, day))
    session = PhotoSession(owner=index.owner, programme=programme, **record)
    full_clean_at(session, path, exclude=["owner", "programme"])
    return session


def _new_code(code: str, path: str, index: PhotoIndex) -> None:
    if code in index.photo_codes:
        reject(join(path, "code"), CODE_TWICE.format(code=code))
    index.photo_codes.add(code)


def _read_photo(
    session: PhotoSession,
    item: Any,
    path: str,
    shots: set[int],
    index: PhotoIndex,
    batch: Batch,
) -> None:
    spec = photo_schema.PHOTO + photo_schema.PHOTO_LINKS
    record = load_record(item, spec, path, photo_schema.PHOTO_LISTS)
    analyses, ratings = record.pop("analyses"), record.pop("ratings")
    _check_photo(record, path, index)
    if record["shot"] in shots:
        reject(join(path, "shot"), SHOT_TWICE.format(shot=record["shot"]))
    shots.add(record["shot"])
    files = index.photo_files
    assert files is not None  # noqa: S101 - sessions are skipped without files
    fields = {k: v for k, v in record.items() if k not in ("code", "file")}
    photo = Photo(owner=index.owner, session=session, original="pending", **fields)
    full_clean_at(photo, path, exclude=["owner", "session"])
    photo.status = Photo.Status.PROCESSING  # its smaller copies are made again
    batch.photos.append(photo)
    _read_analyses(photo, analyses, join(path, "analyses"), batch)
    _read_ratings(photo, ratings, join(path, "ratings"), batch)
    photo.original = files.store(record, path)


def _check_photo(record: dict[str, Any], path: str, index: PhotoIndex) -> None:
    _new_code(record["code"], path, index)
    if record["content_type"] not in photo_schema.EXTENSIONS:
        reject(join(path, "content_type"), NOT_A_TYPE)
    expected = photo_schema.archive_name(
        code=record["code"], content_type=record["content_type"]
    )
    if record["file"] != expected:
        reject(join(path, "file"), WRONG_FILE.format(expected=expected))
    _check_regions(record, path)


def _check_regions(record: dict[str, Any], path: str) -> None:
    width, height = record["width"], record["height"]
    for name in ("lesion", "reference"):
        points = record[name]
        if not points:
            continue
        if not all(isinstance(point, list) and _numbers(point) for point in points):
            reject(join(path, name), BAD_POLYGON.format(name=name))
        try:
            shape = polygon(points, name)
        except PhotoError as error:
            reject(join(path, name), str(error))
        if any(not (0 <= x <= width and 0 <= y <= height) for x, y in shape.points):
            message = POINT_OUTSIDE.format(name=name, width=width, height=height)
            reject(join(path, name), message)
    neutral = record["neutral"]
    if neutral is not None and not (_numbers(neutral) and len(neutral) == 3):
        reject(join(path, "neutral"), BAD_NEUTRAL)
    marked = bool(record["lesion"] or record["reference"])
    if marked and record["regions_marked_at"] is None:
        reject(join(path, "regions_marked_at"), REGIONS_WITHOUT_TIME)


def _numbers(values: list[Any]) -> bool:
    return all(
        isinstance(value, int | float) and not isinstance(value, bool)
        for value in values
    )


def _read_analyses(photo: Photo, items: list[Any], path: str, batch: Batch) -> None:
    versions: set[str] = set()
    for n, item in enumerate(items):
        where = f"{path}[{n}]"
        record = load_record(item, photo_schema.PHOTO_ANALYSIS, where)
        version = record["algorithm_version"]
        if version in versions:
            reject(where, VERSION_TWICE.format(version=version))
        versions.add(version)
        analysis = PhotoAnalysis(photo=photo, **record)
        full_clean_at(analysis, where, exclude=["photo"])
        batch.photo_analyses.append(analysis)


def _read_ratings(photo: Photo, items: list[Any], path: str, batch: Batch) -> None:
    """The participant's own ratings (none or one), restored as the importing
    owner's: the photo's owner is the rater."""
    for n, item in enumerate(items):
        where = f"{path}[{n}]"
        record = load_record(item, photo_schema.PHOTO_RATING, where)
        if n:
            reject(where, RATING_TWICE)
        if record["role"] != PhotoRating.Role.PARTICIPANT:
            reject(join(where, "role"), NOT_OWN_RATING)
        for sign in RATED_SIGNS:
            if record[sign] not in RATING_SCALE:
                reject(join(where, sign), OFF_SCALE)
        rating = PhotoRating(photo=photo, rater=photo.owner, **record)
        full_clean_at(rating, where, exclude=["photo", "rater"])
        batch.photo_ratings.append(rating)
