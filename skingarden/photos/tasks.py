from django.tasks import task

from skingarden.photos.services.derive import photo_derive


@task()
def derive_photo_sizes(*, photo_id: int) -> None:
    """Make a photo's display size and thumbnail in the background."""
    photo_derive(photo_id=photo_id)
