"""A participant with photos for the portability tests: two sessions of two
sites, marked shots with their metrics and an unmarked PNG, through the real
services (generated photos, never a real person's)."""

import hashlib
import io
import zipfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from skingarden.accounts.selectors import user_today
from skingarden.photos.models import Photo, PhotoAnalysis
from skingarden.programmes.models import Programme
from skingarden.test import make_participant, make_programme
from tests.photos.records import mark, shot, take

# A site name a spreadsheet would run as a formula, to be neutralised in photos.csv.
FORMULA_SITE = "=HYPERLINK(1)"


def photographed(email: str = "alice@example.org") -> tuple[Any, Programme]:
    """Three shots: site 1 on the programme's second day (two, marked and
    measured), site 2 on its fifth (one PNG, unmarked)."""
    user = make_participant(email)
    start = user_today(user=user) - timedelta(days=9)
    sites = (FORMULA_SITE, "Neck")
    programme = make_programme(user, start=start, today=start, photo_sites=sites)
    first = programme.start_date + timedelta(days=1)
    for seed in (1, 2):
        taken = shot(seed=seed, shift=(seed * 6, 0))
        mark(take(programme, first, taken.data), taken.photo)
    png = shot(seed=3, kind="PNG")
    take(programme, programme.start_date + timedelta(days=4), png.data, site=2)
    return user, programme


def hashes_of(owner: Any) -> list[str]:
    """The SHA-256 of each stored original of the owner's, read from storage."""
    from skingarden.photos.storage import read_file

    return sorted(
        hashlib.sha256(read_file(photo.original)).hexdigest()
        for photo in Photo.objects.filter(owner=owner)
    )


def metrics_of(owner: Any) -> list[tuple[Any, ...]]:
    """Every stored metric of the owner's photos, by the photo's file hash."""
    rows = PhotoAnalysis.objects.filter(photo__owner=owner).select_related("photo")
    return sorted(
        (
            row.photo.sha256,
            row.algorithm_version,
            row.delta_a,
            row.delta_e00,
            row.erythema_fraction,
            row.lesion_pixels,
            row.reference_pixels,
            tuple(row.gains or ()),
        )
        for row in rows
    )


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def rezip(files: dict[str, bytes], *, stored: bool = False) -> bytes:
    """An archive of ``files`` (in that order), as anyone's zip tool might write."""
    buffer = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buffer, "w", method) as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def files_under(folder: Path) -> list[str]:
    return sorted(
        str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()
    )
