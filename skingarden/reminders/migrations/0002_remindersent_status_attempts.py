from django.db import migrations, models


class Migration(migrations.Migration):
    """Rows written before the sent log had a status were sent (or refused) by the
    task that read them: taken for sent, so nothing is sent twice."""

    dependencies = [("reminders", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="remindersent",
            name="attempts",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="How many times its e-mail was handed to the mail server.",
            ),
        ),
        migrations.AddField(
            model_name="remindersent",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Handed to the mail server; outcome not yet recorded"),
                    ("sent", "Sent"),
                    ("failed", "Refused by the mail server"),
                ],
                default="sent",
                max_length=8,
            ),
        ),
        migrations.AlterField(
            model_name="remindersent",
            name="status",
            field=models.CharField(
                choices=[
                    ("queued", "Queued"),
                    ("sending", "Handed to the mail server; outcome not yet recorded"),
                    ("sent", "Sent"),
                    ("failed", "Refused by the mail server"),
                ],
                default="queued",
                max_length=8,
            ),
        ),
    ]
