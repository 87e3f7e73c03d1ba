# A red flag answered by mistake is withdrawn with an amendment of its own (issue 10).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0005_fill_topical_phases'),
    ]

    operations = [
        migrations.AlterField(
            model_name='amendment',
            name='kind',
            field=models.CharField(choices=[('extension', 'Extension'), ('dose_change', 'Dose change'), ('step_back', 'Dose stepped back (gut rule)'), ('gut_stop', 'Kefir stopped (gut rule)'), ('early_stop', 'Stopped early'), ('shortened_baseline', 'Baseline shortened'), ('follow_up', 'Follow-up changed'), ('pause', 'Paused for a red flag'), ('resume', 'Resumed after being seen'), ('flag_withdrawn', 'Red flag withdrawn (answered by mistake)'), ('completed', 'Completed'), ('abandoned', 'Abandoned')], max_length=20),
        ),
    ]
