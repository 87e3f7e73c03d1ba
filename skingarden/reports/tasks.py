from typing import Any

from django.tasks import TaskContext, task

from skingarden.reports.services import report_build


@task(takes_context=True)
def build_report(context: TaskContext[Any, None], *, report_id: int, key: str) -> None:
    """Build a programme's report in the background (see services.report_build); the
    task's id marks the build as this task's."""
    report_build(report_id=report_id, key=key, builder=str(context.task_result.id))
