"""Writes to the register made by people (imports write through ``importers``)."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.http import HttpRequest
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from commonground.accounts.models import User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.jobs.models import Job
from commonground.lib import datacache
from commonground.register.models import Location
from commonground.register.readers import UnrecognisedFile, detect_format, read_register

IMPORT_JOB_KIND = "register.import"


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
    transaction.on_commit(lambda: datacache.bump("register"))  # estimates changed
    return location


def import_directory() -> Path:
    return Path(settings.MEDIA_ROOT) / "register" / "imports"


@transaction.atomic
def start_register_import(
    actor: User,
    upload: UploadedFile,
    *,
    format: str | None = None,
    include_all: bool = False,
    full: bool = False,
    request: HttpRequest | None = None,
) -> Job:
    """Keep the uploaded file and queue its import as a background job (inline in tests).

    Raises ``UnrecognisedFile`` (nothing queued) when the file is not a register file.
    """
    if not has_perm(actor, "import_register"):
        raise PermissionDenied(_("You may not import the register."))
    # The file's own name is kept: it carries the extract's date ("..._2021-03-01.csv").
    folder = import_directory() / uuid.uuid4().hex
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / get_valid_filename(Path(upload.name or "register.csv").name)
    with path.open("wb") as out:
        for chunk in upload.chunks():
            out.write(chunk)
    try:
        # Refuse a file that is not a register before anything is queued.
        read_register(path, format) if format else detect_format(path)
    except UnrecognisedFile:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    params: dict[str, Any] = {
        "path": str(path),
        "format": format,
        "include_all": include_all,
        "full": full,
    }
    job = Job.objects.create(
        kind=IMPORT_JOB_KIND,
        label=_("Register import: %(name)s") % {"name": path.name},
        owner=actor,
        params=params,
    )
    log_action(job, "register.import.queued", actor, {"file": path.name, **params}, request=request)

    from commonground.register.tasks import import_register_task

    transaction.on_commit(lambda: import_register_task.enqueue(job.pk))
    return job
