"""Staff see the consultation report while it is prepared; Komunikacja publishes it."""

import importlib

from django.db import migrations

ensure_permissions = importlib.import_module("consultation.migrations.0002_groups").ensure_permissions

RIGHTS = {
    "Komunikacja": ["view_report_before_publication", "add_reportpublication"],
    "Eksperci": ["view_report_before_publication"],
    "Zarząd": ["view_report_before_publication"],
}


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in RIGHTS.items():
        group = Group.objects.get(name=name)
        for codename in codenames:
            group.permissions.add(Permission.objects.get(content_type__app_label="consultation", codename=codename))


class Migration(migrations.Migration):
    dependencies = [("consultation", "0006_report_publication")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
