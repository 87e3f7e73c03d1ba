"""Name the phases in which each enabled topical arm applies the mixture.

Programmes locked before issue 10 applied it on every kefir day: the ramp, the kefir
phase and any extension, the default a new programme is locked with. A disabled arm
stays just its flag. Going back removes the key again.

The column is a ProtocolField, whose historical model parses every row on load, and
these rows do not parse until they have the key: so they are read through a plain
JSONField expression (no parsing) and written back with ``update()`` (which does
not parse either).
"""

from django.db import migrations, models
from django.db.models import ExpressionWrapper, F

# Copied, not imported (migrations import no app code): PhaseKind values that take
# kefir, as skingarden.programmes.protocol.document.DEFAULT_TOPICAL_PHASES.
DEFAULT_TOPICAL_PHASES = ["ramp", "intervention", "extension"]


def _raw_protocols(Programme):
    raw = ExpressionWrapper(F("protocol"), output_field=models.JSONField())
    # Read all first: SQLite should not be written while a read of it is open.
    return list(Programme.objects.annotate(raw=raw).values_list("pk", "raw"))


def _rewrite(apps, change):
    Programme = apps.get_model("programmes", "Programme")
    for pk, protocol in _raw_protocols(Programme):
        topical = protocol.get("topical") if isinstance(protocol, dict) else None
        if isinstance(topical, dict) and topical.get("enabled") is True:
            new = change(dict(topical))
            if new != topical:
                protocol = {**protocol, "topical": new}
                Programme.objects.filter(pk=pk).update(protocol=protocol)


def _with_phases(topical):
    topical.setdefault("phases", list(DEFAULT_TOPICAL_PHASES))
    return topical


def _without_phases(topical):
    topical.pop("phases", None)
    return topical


def fill_topical_phases(apps, schema_editor):
    _rewrite(apps, _with_phases)


def remove_topical_phases(apps, schema_editor):
    _rewrite(apps, _without_phases)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0004_measure_honestly")]

    operations = [
        migrations.RunPython(fill_topical_phases, remove_topical_phases),
    ]
