from django.tasks import task

from skingarden.portability.imports.jobs import import_run


@task()
def run_import(*, job_id: int) -> None:
    """Import an uploaded file in the background (see imports.jobs.import_run)."""
    import_run(job_id=job_id)
