# An API read is an access event of its own (issue 14).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('sharing', '0002_access_event_photos'),
    ]

    operations = [
        migrations.AlterField(
            model_name='accessevent',
            name='action',
            field=models.CharField(choices=[('client_list', 'Saw the client list entry'), ('dashboard', 'Viewed the dashboard'), ('chart', 'Viewed the charts'), ('report', 'Viewed the report'), ('report_pdf', 'Downloaded the report PDF'), ('export', 'Downloaded an export'), ('rating', 'Entered a clinician rating'), ('rating_form', 'Opened a clinician rating form'), ('pooled', 'Included in pooled results'), ('photos', 'Viewed photos'), ('photo_file', 'Viewed a photo on its own'), ('photo_original', "Downloaded a photo's original"), ('api', 'Read through the API')], max_length=20),
        ),
    ]
