"""Carrying Django's model permissions over a ``RenameModel`` (for data migrations).

Django renames a model's content type in place when a migration renames the model, but not
its permissions: ``add_entry`` stays on the renamed content type and ``post_migrate`` adds
``add_timeentry`` beside it, so a database migrated from before the rename keeps four stale
rows per model (with whatever users or groups held them). ``remove_stale_contenttypes``
does not see them: their content type is alive. See docs/decisions.md (2026-12-02, stale
permissions).
"""

from __future__ import annotations

from typing import Any

ACTIONS = ("add", "change", "delete", "view")


def rename_model_permissions(
    apps: Any, app_label: str, old_model: str, new_model: str, *, user_model: str
) -> int:
    """Give ``old_model``'s permissions ``new_model``'s codenames and names (``apps`` is a
    migration's historical registry); how many old rows were carried over.

    A database that has only the old rows (migrated up to the rename, ``post_migrate`` not
    run since) gets them renamed, grants and all; one that has both (``post_migrate`` ran
    after the rename) gets the old grants moved to the new rows and the old rows deleted.
    A fresh database has neither and is left to ``post_migrate``.
    """
    content_type_model = apps.get_model("contenttypes", "ContentType")
    permission_model = apps.get_model("auth", "Permission")
    group_model = apps.get_model("auth", "Group")
    users = apps.get_model(user_model)
    content_type = content_type_model.objects.filter(
        app_label=app_label, model=new_model.lower()
    ).first()
    if content_type is None:
        return 0
    verbose = apps.get_model(app_label, new_model)._meta.verbose_name_raw
    carried = 0
    for action in ACTIONS:
        held = permission_model.objects.filter(content_type=content_type)
        old = held.filter(codename=f"{action}_{old_model.lower()}").first()
        if old is None:
            continue
        new = held.filter(codename=f"{action}_{new_model.lower()}").first()
        if new is None:
            old.codename = f"{action}_{new_model.lower()}"
            old.name = f"Can {action} {verbose}"
            old.save(update_fields=["codename", "name"])
        else:
            for user in users.objects.filter(user_permissions=old):
                user.user_permissions.add(new)
            for group in group_model.objects.filter(permissions=old):
                group.permissions.add(new)
            old.delete()
        carried += 1
    return carried
