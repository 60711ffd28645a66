"""Seed the shared-issue tags, including the five North West themes."""

from django.db import migrations

THEMES = (
    ("mental-health", "Mental health", True),
    ("migrant-workers-refugees", "Migrant workers and refugees", True),
    ("housing-homelessness", "Housing and homelessness", True),
    ("hate-crime", "Hate crime (intersectional)", True),
    ("real-living-wage", "Real Living Wage and fair work on public contracts", True),
    ("fair-contracts", "Fair contracts in social care", False),
    ("public-services", "Public services, not privatisation", False),
)


def seed(apps, schema_editor):
    IssueTag = apps.get_model("alliances", "IssueTag")
    for slug, name, theme in THEMES:
        IssueTag.objects.update_or_create(
            slug=slug, defaults={"name": name, "is_north_west_theme": theme}
        )


class Migration(migrations.Migration):
    dependencies = [("alliances", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
