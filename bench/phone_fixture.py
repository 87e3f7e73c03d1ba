"""Build the benchmark participant's report, as the worker would, and print its
page's path (run by bench.phone after bench.fixture)."""

import django

django.setup()

from skingarden.accounts.models import User  # noqa: E402
from skingarden.accounts.selectors import user_today  # noqa: E402
from skingarden.programmes.models import Programme  # noqa: E402
from skingarden.reports import services  # noqa: E402


def main() -> None:
    user = User.objects.get(email="bench@example.org")
    programme = Programme.objects.get(owner=user)
    report = services.report_request(programme=programme, today=user_today(user=user))
    services.report_build(report_id=report.pk, key=report.key)
    print(f"report_path=/programmes/{programme.code}/report/")


main()
