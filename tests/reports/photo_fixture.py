"""A finished 7 + 21-day programme with two photographed sites whose shots have
known Δa* (issue 13 §6, §8): the neck at six sessions (three baseline, three kefir
after the 6-day lag), the left inner elbow at two (too few for an estimate)."""

import io
from datetime import date, timedelta

from PIL import Image

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme
from skingarden.test import make_measured_session
from tests.photos.records import PhotoStorageTestCase
from tests.reports.helpers import finished_programme

SITES = ("Neck", "Left inner elbow")
SIZE = (400, 300)
LESION = ((100, 100), (200, 100), (150, 200))
REFERENCE = ((250, 50), (350, 50), (350, 150), (250, 150))
# Programme day index (0 = the first day) -> each shot's Δa*. Days 0-6 are the
# baseline, 7-12 the onset lag, 13-27 kefir after the lag.
NECK = {
    0: (9.0, 9.4),
    3: (8.8, 9.2),
    6: (9.1, 9.5),
    13: (7.0, 7.6),
    20: (6.5, 6.9),
    27: (6.0, 6.2),
}
ELBOW = {0: (5.0, 5.5), 13: (4.9, 5.2)}


def skin_jpeg(index: int, site: int) -> bytes:
    """A plain generated picture standing in for a display-size photo, a shade of
    its own for each session (identical pictures would be stored once in a PDF)."""
    buffer = io.BytesIO()
    colour = (200, 150 - index, 130 - 20 * site)
    Image.new("RGB", SIZE, colour).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def photographed_programme(user: User, today: date) -> Programme:
    programme = finished_programme(user, today, photo_sites=SITES)
    for site, shots in ((1, NECK), (2, ELBOW)):
        for index, values in shots.items():
            make_measured_session(
                programme,
                site=site,
                day=programme.start_date + timedelta(days=index),
                delta_a=values,
                image=skin_jpeg(index, site),
                size=SIZE,
                lesion=LESION,
                reference=REFERENCE,
            )
    programme.refresh_from_db()
    return programme


class PhotoFilesTestCase(PhotoStorageTestCase):
    """The photo files are written once for the class (in ``setUpTestData``) into a
    temporary folder of its own, removed at the end."""
