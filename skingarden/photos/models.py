"""Photo sessions, the photos in them (two shots each, stored without metadata
under random names), the regions marked on them, and the metric computed from the
regions, kept apart with its algorithm's version so it can be computed again."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from skingarden.accounts.models import User
from skingarden.programmes.models import Programme

SHOTS = 2  # per session: their difference measures the metric's own noise
# The neutral patch is marked with one tap; the circle measured around it has a
# radius of 2 % of the photo's shorter side (40 pixels on a 12 MP photo): large
# enough to average out noise, small enough to stay on a card a tenth of the frame.
NEUTRAL_RADIUS_SHARE = 0.02


class PhotoSession(models.Model):
    """The shots of one body site on one day (the participant's local date)."""

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="photo_sessions"
    )
    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="photo_sessions"
    )
    site = models.PositiveSmallIntegerField(
        help_text="The number of the site in the locked protocol's photo plan."
    )
    taken_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("taken_on", "site")
        constraints = (
            models.UniqueConstraint(
                fields=("programme", "site", "taken_on"),
                name="one_photo_session_per_site_per_day",
            ),
        )

    def __str__(self) -> str:
        return f"Photo session of site {self.site} on {self.taken_on}"


class Photo(models.Model):
    """One shot. ``original`` is the upload re-encoded without metadata (oriented,
    sRGB); ``display`` and ``thumbnail`` are made from it by a background task.
    Regions are polygons (and the neutral patch a circle) in the original's pixels."""

    class Status(models.TextChoices):
        PROCESSING = "processing", "Being prepared"
        READY = "ready", "Ready"
        FAILED = "failed", "Could not be prepared"

    code = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(User, on_delete=models.CASCADE, related_name="photos")
    session = models.ForeignKey(
        PhotoSession, on_delete=models.CASCADE, related_name="photos"
    )
    shot = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(SHOTS)]
    )
    original = models.CharField(max_length=200, help_text="Name in photo storage.")
    display = models.CharField(max_length=200, blank=True)
    thumbnail = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=20)
    source_format = models.CharField(
        max_length=10, help_text="What was uploaded: JPEG, PNG, WEBP or HEIF."
    )
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    size_bytes = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, help_text="Of the stored original.")
    sharpness = models.FloatField(help_text="Variance of the Laplacian at upload.")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.PROCESSING
    )
    lesion = models.JSONField(default=list, blank=True)
    reference = models.JSONField(default=list, blank=True)
    neutral = models.JSONField(null=True, blank=True, help_text="[x, y, radius]")
    regions_marked_at = models.DateTimeField(null=True, blank=True)
    uploaded_at = models.DateTimeField()

    class Meta:
        ordering = ("session_id", "shot")
        constraints = (
            models.UniqueConstraint(
                fields=("session", "shot"), name="one_photo_per_shot"
            ),
            models.CheckConstraint(
                condition=Q(shot__gte=1) & Q(shot__lte=SHOTS), name="photo_shot_range"
            ),
        )

    def __str__(self) -> str:
        return f"Photo {self.code}"

    @property
    def is_ready(self) -> bool:
        return self.status == self.Status.READY

    @property
    def has_regions(self) -> bool:
        return self.regions_marked_at is not None

    @property
    def neutral_radius(self) -> float:
        return round(NEUTRAL_RADIUS_SHARE * min(self.width, self.height), 1)


class PhotoAnalysis(models.Model):
    """The redness metric of one photo's regions, by one algorithm version."""

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="analyses")
    algorithm_version = models.CharField(max_length=20)
    lesion_l = models.FloatField()
    lesion_a = models.FloatField()
    lesion_b = models.FloatField()
    lesion_pixels = models.PositiveIntegerField()
    reference_l = models.FloatField()
    reference_a = models.FloatField()
    reference_b = models.FloatField()
    reference_pixels = models.PositiveIntegerField()
    delta_a = models.FloatField()
    delta_e00 = models.FloatField()
    erythema_fraction = models.FloatField()
    gains = models.JSONField(
        null=True, blank=True, help_text="White-balance gains (R, G, B), if any."
    )
    computed_at = models.DateTimeField()

    class Meta:
        ordering = ("photo_id", "algorithm_version")
        constraints = (
            models.UniqueConstraint(
                fields=("photo", "algorithm_version"),
                name="one_analysis_per_photo_and_version",
            ),
        )

    def __str__(self) -> str:
        return f"{self.algorithm_version} of photo {self.photo_id}"


RATING_SCALE = (0, 1, 2, 3)  # none, mild, moderate, severe (our own words, below)
RATED_SIGNS = ("redness", "dryness", "thickening")


class PhotoRating(models.Model):
    """One rater's blinded rating of one photo: each sign 0-3. The rater is the
    participant or a practitioner they share the programme with; each rater's
    ratings are theirs alone and never shown to another rater."""

    class Role(models.TextChoices):
        PARTICIPANT = "participant", "Participant"
        PRACTITIONER = "practitioner", "Practitioner"

    photo = models.ForeignKey(Photo, on_delete=models.CASCADE, related_name="ratings")
    rater = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="photo_ratings"
    )
    role = models.CharField(max_length=12, choices=Role.choices)
    redness = models.PositiveSmallIntegerField(validators=[MaxValueValidator(3)])
    dryness = models.PositiveSmallIntegerField(validators=[MaxValueValidator(3)])
    thickening = models.PositiveSmallIntegerField(validators=[MaxValueValidator(3)])
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ("photo_id", "rater_id")
        constraints = (
            models.UniqueConstraint(
                fields=("rater", "photo"), name="one_rating_per_rater_and_photo"
            ),
            models.CheckConstraint(
                condition=Q(redness__lte=3) & Q(dryness__lte=3) & Q(thickening__lte=3),
                name="photo_rating_scale",
            ),
        )

    def __str__(self) -> str:
        return f"Rating of photo {self.photo_id} by {self.rater_id}"


class SidePreference(models.Model):
    """A practitioner's judgement of one day's split-body pair, shown side by side
    with the sides placed at random and unnamed: which side looked better."""

    class Preferred(models.TextChoices):
        KEFIR = "kefir", "Kefir side"
        CARRIER = "carrier", "Carrier side"
        NEITHER = "neither", "No visible difference"

    rater = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="side_preferences"
    )
    kefir_session = models.ForeignKey(
        PhotoSession, on_delete=models.CASCADE, related_name="+"
    )
    carrier_session = models.ForeignKey(
        PhotoSession, on_delete=models.CASCADE, related_name="+"
    )
    preferred = models.CharField(max_length=10, choices=Preferred.choices)
    kefir_shown_first = models.BooleanField(
        help_text="Where the kefir side was placed: first (left) or second."
    )
    rated_at = models.DateTimeField()

    class Meta:
        ordering = ("kefir_session_id", "rater_id")
        constraints = (
            models.UniqueConstraint(
                fields=("rater", "kefir_session"), name="one_side_preference_per_day"
            ),
        )

    def __str__(self) -> str:
        return f"Side preference of {self.rater_id} on {self.kefir_session_id}"
