from django.tasks import task

from skingarden.reports.services import report_build


@task()
def build_report(*, report_id: int, key: str) -> None:
    """Build a programme's report in the background (see services.report_build)."""
    report_build(report_id=report_id, key=key)
