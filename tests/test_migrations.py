"""Migrations that carry data across a rename (lib/renames.py): a database migrated from
before ``facility.Entry`` became ``TimeEntry`` and ``motions.Call`` became ``CallToAction``
keeps no permission rows of the old names, and whoever held one holds the new one."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from commonground.facility.models import TimeEntry
from commonground.motions.models import CallToAction
from commonground.testing import make_user

pytestmark = pytest.mark.django_db(transaction=True)


def _codenames(model: type) -> set[str]:
    content_type = ContentType.objects.get_for_model(model)
    return set(
        Permission.objects.filter(content_type=content_type).values_list("codename", flat=True)
    )


def _stale(model: type, old: str) -> dict[str, Permission]:
    """The rows a database from before the rename holds: Django renamed the content type in
    place and left its permissions under their old codenames."""
    content_type = ContentType.objects.get_for_model(model)
    return {
        action: Permission.objects.create(
            content_type=content_type, codename=f"{action}_{old}", name=f"Can {action} {old}"
        )
        for action in ("add", "change", "delete", "view")
    }


def _migrate_again(app: str, rename: str, carry: str) -> None:
    """Back to the rename and forward over the carrying migration, without ``post_migrate``
    in between (it would recreate the new rows, which a database from before never had)."""
    executor = MigrationExecutor(connection)
    executor.migrate([(app, rename)])
    executor.loader.build_graph()
    executor.migrate([(app, carry)])


def test_old_permission_rows_are_carried_over_to_the_renamed_models(region):
    user = make_user("old_grants", "admin", region=region)
    group = Group.objects.create(name="Stewards")
    # Migrated and post_migrate run since: old and new rows side by side.
    old_entry = _stale(TimeEntry, "entry")
    user.user_permissions.add(old_entry["change"])
    group.permissions.add(old_entry["view"])
    # Migrated up to the rename only: the old rows alone.
    Permission.objects.filter(content_type=ContentType.objects.get_for_model(CallToAction)).delete()
    old_call = _stale(CallToAction, "call")
    user.user_permissions.add(old_call["add"])

    _migrate_again("facility", "0002_rename_entry_timeentry", "0003_timeentry_permissions")
    _migrate_again("motions", "0002_rename_call_calltoaction", "0003_calltoaction_permissions")
    call_command("migrate", verbosity=0)  # and post_migrate, as after every migrate

    for model, name in ((TimeEntry, "timeentry"), (CallToAction, "calltoaction")):
        assert _codenames(model) == {f"{a}_{name}" for a in ("add", "change", "delete", "view")}
    assert Permission.objects.get(codename="add_calltoaction").pk == old_call["add"].pk
    assert Permission.objects.get(codename="add_calltoaction").name == "Can add call to action"
    assert set(user.user_permissions.values_list("codename", flat=True)) == {
        "change_timeentry",
        "add_calltoaction",
    }
    assert list(group.permissions.values_list("codename", flat=True)) == ["view_timeentry"]
    # Other apps' rows of the same codenames (audit.Entry, outreach.Call) are untouched.
    assert Permission.objects.filter(codename="change_entry", content_type__app_label="audit")
    assert Permission.objects.filter(codename="view_call", content_type__app_label="outreach")
