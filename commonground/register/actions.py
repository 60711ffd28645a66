"""Writes to the register made by people (imports write through ``importers``, as runs of
the import framework: ``import_runs``)."""

from __future__ import annotations

import shutil
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.imports import actions as import_actions
from commonground.imports.models import ImportRun
from commonground.lib import datacache
from commonground.register.models import Location
from commonground.register.readers import UnrecognisedFile, detect_format, read_register

IMPORT_JOB_KIND = "register-import"  # the Job of a register ImportRun (imports.actions)


@transaction.atomic
def set_workforce_override(
    actor: User,
    location: Location,
    value: int | None,
    note: str = "",
    *,
    request: HttpRequest | None = None,
) -> Location:
    """Set (or, with ``None``, clear) an organiser's workforce figure for a location."""
    if not has_perm(actor, "change_register"):
        raise PermissionDenied(_("You may not change the register."))
    old = {"value": location.workforce_override, "note": location.workforce_override_note}
    location.workforce_override = value
    location.workforce_override_note = note if value is not None else ""
    location.save(update_fields=["workforce_override", "workforce_override_note", "updated"])
    log_action(
        location,
        "register.location.workforce_overridden"
        if value is not None
        else "register.location.workforce_override_cleared",
        actor,
        {"old": old, "new": {"value": value, "note": location.workforce_override_note}},
        request=request,
    )
    datacache.changed("register")  # estimates changed
    return location


@transaction.atomic
def start_register_import(
    actor: User,
    upload: UploadedFile,
    *,
    format: str | None = None,
    include_all: bool = False,
    full: bool = False,
    request: HttpRequest | None = None,
) -> ImportRun:
    """Keep the uploaded file and queue its import as a background run (inline in tests).

    Raises ``UnrecognisedFile`` (nothing kept or queued) when it is not a register file.
    """
    if not has_perm(actor, "import_register"):
        raise PermissionDenied(_("You may not import the register."))
    # The file's own name is kept: it carries the extract's date ("..._2021-03-01.csv").
    run = import_actions.upload_run(actor, "register", upload, branch=None, keep_name=True)
    path = Path(run.file.path)
    try:
        # Refuse a file that is not a register before anything is queued.
        read_register(path, format) if format else detect_format(path)
    except UnrecognisedFile:
        transaction.set_rollback(True)
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    options = {"format": format, "include_all": include_all, "full": full}
    return import_actions.queue_run(actor, run, dry_run=False, options=options, request=request)
