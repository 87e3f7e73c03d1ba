from django.apps import AppConfig
from django.db.models.signals import post_delete


class PortabilityConfig(AppConfig):
    name = "skingarden.portability"

    def ready(self) -> None:
        from skingarden.portability.models import ImportJob
        from skingarden.portability.signals import archive_upload_delete

        post_delete.connect(
            archive_upload_delete,
            sender=ImportJob,
            dispatch_uid="archive_upload_delete",
        )
