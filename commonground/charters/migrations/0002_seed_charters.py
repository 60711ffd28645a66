"""Seed the three charters so that every install, production included, starts with them."""

from django.db import migrations


def seed(apps, schema_editor):
    from commonground.charters.seed import seed_charters

    seed_charters(apps)


class Migration(migrations.Migration):
    dependencies = [("charters", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
