import django.utils.timezone
from django.db import migrations, models
from django.db.models import F


def moved_when_requested(apps, schema_editor):
    """A report built before this field existed last moved, as far as anyone knows,
    when it was requested."""
    Report = apps.get_model("reports", "Report")
    Report.objects.update(moved_at=F("requested_at"))


class Migration(migrations.Migration):
    dependencies = [("reports", "0002_report_effect")]

    operations = [
        migrations.AddField(
            model_name="report",
            name="builder",
            field=models.CharField(
                blank=True,
                help_text="The background task building it: only that task writes to it, and only that task may take it up again after its worker was restarted.",
                max_length=64,
            ),
        ),
        migrations.AddField(
            model_name="report",
            name="moved_at",
            field=models.DateTimeField(
                default=django.utils.timezone.now,
                help_text="When the build last moved: queued, claimed, or a step done.",
            ),
        ),
        migrations.RunPython(moved_when_requested, migrations.RunPython.noop),
    ]
