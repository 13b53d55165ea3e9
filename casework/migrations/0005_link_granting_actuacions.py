"""Link resources granted before `Resource.granted_actuacio` existed to the
"resource granted" actuació written for them, so that granting one again does
not write a second one.

The actuació carries the benefit's name as its text in the same expedient; each
resource takes the earliest unclaimed one written at or after its own creation.
A resource whose actuació cannot be found stays unlinked (nothing is invented).
"""

from django.db import migrations

GRANTED = 1  # ResourceState.GRANTED; frozen here as migrations must be
RESOURCE_GRANTED = "resource_granted"


def link(apps, schema_editor):
    Resource = apps.get_model("casework", "Resource")
    Actuacio = apps.get_model("casework", "Actuacio")
    claimed = set(
        Resource.objects.exclude(granted_actuacio=None).values_list(
            "granted_actuacio_id", flat=True
        )
    )
    pending = (
        Resource.objects.filter(granted_actuacio=None, state=GRANTED)
        .select_related("benefit")
        .order_by("created_at", "pk")
    )
    for resource in pending.iterator():
        candidates = Actuacio.objects.filter(
            expedient_id=resource.expedient_id,
            event=RESOURCE_GRANTED,
            text=resource.benefit.name,
            created_at__gte=resource.created_at,
        ).order_by("created_at", "pk")
        found = next((a for a in candidates if a.pk not in claimed), None)
        if found is not None:
            claimed.add(found.pk)
            resource.granted_actuacio = found
            resource.save(update_fields=["granted_actuacio"])


class Migration(migrations.Migration):
    dependencies = [("casework", "0004_break_glass_access")]

    operations = [migrations.RunPython(link, migrations.RunPython.noop)]
