"""Give every stored protocol its photo plan (issue 13 §1).

Programmes locked before photos had no sites chosen, so they get none, except that
a split-body arm gets its matched pair (the kefir side and the carrier side of its
area, from the drawn allocation), which a split-body design always photographs;
and the default schedule: days 1, 4 and 7 of the baseline, every 7 kefir days and
the last day. Going back removes the key again.

As in 0005, the column is read through a plain JSONField expression and written
back with ``update()``, since the historical model's field would parse each row
and these rows do not parse until they have the key.
"""

from django.db import migrations, models
from django.db.models import ExpressionWrapper, F

# Copied, not imported (migrations import no app code): the default schedule of
# skingarden.programmes.protocol.photo_plan, and its naming of the pair.
DEFAULT_BASELINE_DAYS = [1, 4, 7]
DEFAULT_EVERY_KEFIR_DAYS = 7
OTHER_SIDE = {"left": "right", "right": "left"}


def _raw_protocols(Programme):
    raw = ExpressionWrapper(F("protocol"), output_field=models.JSONField())
    # Read all first: SQLite should not be written while a read of it is open.
    return list(Programme.objects.annotate(raw=raw).values_list("pk", "raw"))


def _rewrite(apps, change):
    Programme = apps.get_model("programmes", "Programme")
    for pk, protocol in _raw_protocols(Programme):
        if isinstance(protocol, dict):
            new = change(dict(protocol))
            if new != protocol:
                Programme.objects.filter(pk=pk).update(protocol=new)


def _pair(topical):
    if not isinstance(topical, dict) or topical.get("enabled") is not True:
        return []
    side, area = topical.get("kefir_side"), topical.get("area", "")
    if topical.get("design") != "split_body" or side not in OTHER_SIDE:
        return []
    return [
        {"number": 1, "name": f"{side} {area}".strip(), "arm": "kefir"},
        {"number": 2, "name": f"{OTHER_SIDE[side]} {area}".strip(), "arm": "carrier"},
    ]


def _with_plan(protocol):
    protocol.setdefault(
        "photos",
        {
            "sites": _pair(protocol.get("topical")),
            "baseline_days": list(DEFAULT_BASELINE_DAYS),
            "every_kefir_days": DEFAULT_EVERY_KEFIR_DAYS,
            "last_day": True,
        },
    )
    return protocol


def _without_plan(protocol):
    protocol.pop("photos", None)
    return protocol


def fill_photo_plan(apps, schema_editor):
    _rewrite(apps, _with_plan)


def remove_photo_plan(apps, schema_editor):
    _rewrite(apps, _without_plan)


class Migration(migrations.Migration):
    dependencies = [("programmes", "0006_amendment_flag_withdrawn")]

    operations = [
        migrations.RunPython(fill_photo_plan, remove_photo_plan),
    ]
