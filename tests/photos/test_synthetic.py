"""The demo's way of generating a session (the site's skin developed once) gives
the very pictures the generator gives one by one."""

import numpy as np
from django.test import SimpleTestCase

from skingarden.photos.metrics import PhotoError
from skingarden.photos.metrics.synthetic import (
    SHIFT_TOO_LARGE,
    Scene,
    develop_skin,
    session_shots,
    synthetic_photo,
)

SITE = Scene(width=800, height=600, seed=4, noise=1.5)
LESION = (57.0, 20.0, 18.0)
LIGHT = (1.03, 1.0, 0.97)


class SessionShotsTests(SimpleTestCase):
    def test_each_shot_is_the_generators_picture_of_that_framing(self):
        framings = [((7, -5), 11), ((-12, 3), 12)]
        shots = session_shots(
            develop_skin(SITE), lesion_lab=LESION, gains=LIGHT, framings=framings
        )
        for (shift, noise_seed), made in zip(framings, shots, strict=True):
            alone = synthetic_photo(
                Scene(
                    **{
                        **vars(SITE),
                        "lesion_lab": LESION,
                        "gains": LIGHT,
                        "shift": shift,
                        "noise_seed": noise_seed,
                    }
                )
            )
            np.testing.assert_array_equal(made.pixels, alone.pixels)
            self.assertEqual(
                (made.lesion, made.reference, made.neutral),
                (alone.lesion, alone.reference, alone.neutral),
            )
        self.assertFalse(np.array_equal(shots[0].pixels, shots[1].pixels))

    def test_a_shift_beyond_the_margin_is_refused(self):
        margin = round(0.05 * 800)
        with self.assertRaisesMessage(
            PhotoError, SHIFT_TOO_LARGE.format(margin=margin)
        ):
            session_shots(
                develop_skin(SITE),
                lesion_lab=LESION,
                gains=LIGHT,
                framings=[((margin + 1, 0), 1)],
            )
