"""Seed the workforce ratios (ESTIMATES; sources in docs/workforce-estimate.md)."""

from django.db import migrations

SOURCE = (
    "Estimate. Round figure of the order implied by Skills for Care's published filled posts "
    "by service type (The state of the adult social care sector and workforce in England) "
    "divided by CQC's registered beds / locations. Not an official figure: check it against "
    "the current edition; see docs/workforce-estimate.md."
)

# service type, staff per bed, staff per location (used when there are no beds)
RATIOS = [
    ("care_home_nursing", 1.2, 50),
    ("care_home", 1.0, 30),
    ("home_care", None, 40),
    ("supported_living", None, 25),
    ("extra_care", None, 20),
    ("shared_lives", None, 5),
]


def seed(apps, schema_editor):
    WorkforceRatio = apps.get_model("register", "WorkforceRatio")
    for service_type, per_bed, per_location in RATIOS:
        WorkforceRatio.objects.get_or_create(
            service_type=service_type,
            defaults={"per_bed": per_bed, "per_location": per_location, "source": SOURCE},
        )


class Migration(migrations.Migration):
    dependencies = [("register", "0002_workforce_ratio_and_relationships")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
