"""Give every stored protocol the keys the typed protocol requires.

Protocols locked before weekly instruments (no "instruments") or before the kefir
product was recorded (no "kefir_product") get the value that meant the same then:
no instruments, product not recorded. Nothing else changes.
"""

from django.db import migrations

DEFAULTS = {"kefir_product": "", "instruments": []}


def fill_protocol_defaults(apps, schema_editor):
    Programme = apps.get_model("programmes", "Programme")
    for programme in Programme.objects.only("id", "protocol").iterator():
        protocol = programme.protocol
        missing = {key: value for key, value in DEFAULTS.items() if key not in protocol}
        if missing:
            programme.protocol = {**protocol, **missing}
            programme.save(update_fields=["protocol"])


class Migration(migrations.Migration):
    dependencies = [("programmes", "0001_initial")]

    operations = [
        migrations.RunPython(fill_protocol_defaults, migrations.RunPython.noop),
    ]
