"""Issue 10's fields: the form each day was saved through (every day stored before
this change was entered on the web form that pre-filled outcomes: "web-1"), the
split-body per-site scores, when each patch-test day was logged, and whether a patch
test was kept in real time (none before this change was)."""

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("programmes", "0003_protocol_typed_field")]

    operations = [
        migrations.AddField(
            model_name="checkin",
            name="form_version",
            field=models.CharField(
                choices=[
                    ("web-1", "The web form used until December 2026, which filled each day's outcomes in from the previous log."),
                    ("web-2", "The web form from December 2026: every outcome starts blank each day."),
                    ("import-1", "Restored from a version-1 JSON export, whose days were all entered on the pre-filling web form."),
                ],
                default="web-1",
                help_text="The form the day was last saved through.",
                max_length=12,
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="checkin",
            name="site_carrier",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MaxValueValidator(200)],
                verbose_name="Primary measure on the carrier-only site",
            ),
        ),
        migrations.AddField(
            model_name="checkin",
            name="site_kefir",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[django.core.validators.MaxValueValidator(200)],
                verbose_name="Primary measure on the kefir + carrier site",
            ),
        ),
        migrations.AddField(
            model_name="patchtestday",
            name="entered_at",
            field=models.DateTimeField(
                blank=True,
                help_text="When the day was logged (empty before this was recorded).",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="patchtest",
            name="real_time",
            field=models.BooleanField(
                default=False,
                help_text="Started on its first day and each day logged on that day or the next; only such a test can unlock the topical arm.",
            ),
        ),
    ]
