from django.apps import AppConfig
from django.db.models.signals import post_delete


class PhotosConfig(AppConfig):
    name = "skingarden.photos"
    label = "photos"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from skingarden.photos.models import Photo
        from skingarden.photos.signals import photo_files_delete

        post_delete.connect(
            photo_files_delete, sender=Photo, dispatch_uid="photo_files_delete"
        )
