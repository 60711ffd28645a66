"""EventSignup.person_id was a bare integer; it becomes a foreign key to people.Person
(the same column), so the personal-data registry's test sees it. Ids of people since
deleted are cleared first, or the constraint could not be added."""

import django.db.models.deletion
from django.db import migrations, models


def clear_dangling(apps, schema_editor):
    EventSignup = apps.get_model("campaigns", "EventSignup")
    Person = apps.get_model("people", "Person")
    EventSignup.objects.exclude(person__isnull=True).exclude(
        person__in=Person.objects.values("pk")
    ).update(person=None)


class Migration(migrations.Migration):
    dependencies = [
        ("campaigns", "0002_initial"),
        ("people", "0004_person_recruited_via"),
    ]

    operations = [
        # The integer column keeps its name; only Django's idea of it is renamed first.
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(model_name="eventsignup", name="person_id"),
                migrations.AddField(
                    model_name="eventsignup",
                    name="person",
                    field=models.PositiveIntegerField(null=True, blank=True, db_column="person_id"),
                ),
            ],
        ),
        migrations.RunPython(clear_dangling, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="eventsignup",
            name="person",
            field=models.ForeignKey(
                blank=True,
                help_text="The person this sign-up became.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="event_signups",
                to="people.person",
            ),
        ),
    ]
