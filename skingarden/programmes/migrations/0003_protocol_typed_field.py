# The protocol column is read as a typed, checked LockedProtocol (issue 9).

import skingarden.programmes.fields
from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('programmes', '0002_fill_protocol_defaults'),
    ]

    operations = [
        migrations.AlterField(
            model_name='programme',
            name='protocol',
            field=skingarden.programmes.fields.ProtocolField(),
        ),
    ]
