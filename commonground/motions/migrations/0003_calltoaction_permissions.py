"""Django's permissions of the old ``Call`` become ``CallToAction``'s (0002 renamed the
model; Django renamed its content type but not its permissions): lib/renames.py."""

from typing import Any

from django.conf import settings
from django.db import migrations

from commonground.lib.renames import rename_model_permissions


def forwards(apps: Any, schema_editor: Any) -> None:
    rename_model_permissions(
        apps, "motions", "Call", "CallToAction", user_model=settings.AUTH_USER_MODEL
    )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("motions", "0002_rename_call_calltoaction"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
