"""The import screens: upload → preview and mapping → dry run → import → result.

The machinery (ImportRun, MappingProfile, the task, the rejected-rows file) lives in
``commonground.imports``; the fields and the writes are people's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.audit.log import log_action
from commonground.imports.access import get_run_for_user, profiles_visible_to, runs_visible_to
from commonground.imports.models import ImportRun, MappingProfile, RunStatus
from commonground.imports.readers import UnreadableFile, preview
from commonground.imports.tasks import run_import_task
from commonground.lib.pagination import paginate
from commonground.people.access import branches_for_people
from commonground.people.forms import MappingForm, UploadForm
from commonground.people.importer import choose_key
from commonground.people.parsing import guess_mapping

KIND = "people"
COUNT_KEYS = ("read", "accepted", "rejected", "created", "updated", "unchanged", "lapsed")


@login_required
@require_perm("import_people")
@require_GET
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    page = paginate(request, runs_visible_to(request.user, KIND))
    return render(request, "imports/run_list.html", {"page": page})


@login_required
@require_perm("import_people")
@require_http_methods(["GET", "POST"])
def import_start(request: AuthenticatedHttpRequest) -> HttpResponse:
    branches = branches_for_people(request.user)
    form = UploadForm(
        request.POST or None,
        request.FILES or None,
        branches=branches,
        max_bytes=settings.COMMONGROUND_MAX_UPLOAD_BYTES,
    )
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun(
            kind=KIND,
            original_name=Path(upload.name).name[:255],
            branch=form.cleaned_data["branch"],
            created_by=request.user,
        )
        # Stored under a name of our choosing: never trust the uploaded name on disk.
        run.file.save(
            f"upload.{'xlsx' if upload.name.lower().endswith('.xlsx') else 'csv'}",
            upload,
            save=False,
        )
        run.save()
        log_action(
            run.branch,
            "imports.run.uploaded",
            request.user,
            {"run": run.pk, "file": run.original_name, "kind": KIND},
            request=request,
        )
        return redirect("people:import-mapping", pk=run.pk)
    return render(request, "imports/upload.html", {"form": form})


@login_required
@require_perm("import_people")
@require_http_methods(["GET", "POST"])
def import_mapping(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, KIND, pk)
    if run.status not in (RunStatus.UPLOADED, RunStatus.DONE) or (
        run.status == RunStatus.DONE and not run.dry_run
    ):
        return redirect("people:import-detail", pk=run.pk)
    try:
        shown = preview(Path(run.file.path), n=8)
    except UnreadableFile as exc:
        return render(
            request, "imports/unreadable.html", {"run": run, "reason": str(exc)}, status=400
        )
    profiles = profiles_visible_to(request.user, KIND)
    profile = None
    if request.GET.get("profile"):
        profile = profiles.filter(pk=request.GET["profile"]).first()
    initial_mapping = (
        run.mapping or (profile.mapping if profile else None) or guess_mapping(shown["headers"])
    )
    initial_mapping = {k: v for k, v in initial_mapping.items() if v in shown["headers"]}
    form = MappingForm(
        request.POST or None,
        headers=shown["headers"],
        initial_mapping=initial_mapping,
        initial={
            "key": run.key if run.mapping else choose_key(initial_mapping),
            **run.options,
        },
    )
    if request.method == "POST" and form.is_valid():
        mapping = form.mapping()
        run.mapping = mapping
        run.key = form.cleaned_data["key"]
        run.options = {
            "full_extract": form.cleaned_data["full_extract"],
            "confirm_lapsed": form.cleaned_data["confirm_lapsed"],
        }
        name = form.cleaned_data["save_profile"].strip()
        if name:
            saved, _created = MappingProfile.objects.update_or_create(
                kind=KIND,
                name=name,
                defaults={"mapping": mapping, "key": run.key, "created_by": request.user},
            )
            run.profile = saved
        run.dry_run = request.POST.get("action") != "import"
        _queue(request, run)
        return redirect("people:import-detail", pk=run.pk)
    return render(
        request,
        "imports/mapping.html",
        {"run": run, "preview": shown, "form": form, "profiles": profiles, "profile": profile},
    )


def _queue(request: AuthenticatedHttpRequest, run: ImportRun) -> None:
    from commonground.jobs.models import Job

    run.job = Job.objects.create(
        kind="people-import",
        label=_("Import %(file)s") % {"file": run.original_name}
        + (" " + _("(dry run)") if run.dry_run else ""),
        owner=request.user,
        branch=run.branch,
    )
    run.status = RunStatus.QUEUED
    run.counts = {}
    run.save()
    log_action(
        run.branch,
        "imports.run.queued",
        request.user,
        {"run": run.pk, "dry_run": run.dry_run, "mapping": run.mapping, "options": run.options},
        request=request,
    )
    run_pk = run.pk
    transaction.on_commit(lambda: run_import_task.enqueue(run_pk))


@login_required
@require_perm("import_people")
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """After a dry run: import the same file with the same mapping, for real."""
    run = get_run_for_user(request.user, KIND, pk)
    if not (run.dry_run and run.status == RunStatus.DONE):
        return redirect("people:import-detail", pk=run.pk)
    run.dry_run = False
    if request.POST.get("confirm_lapsed") and run.options.get("full_extract"):
        run.options = {**run.options, "confirm_lapsed": True}
    _queue(request, run)
    return redirect("people:import-detail", pk=run.pk)


@login_required
@require_perm("import_people")
@require_GET
def import_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    run = get_run_for_user(request.user, KIND, pk)
    context: dict[str, Any] = {
        "run": run,
        "counts": [(k, run.counts.get(k, 0)) for k in COUNT_KEYS],
        "job": run.job,
    }
    if request.htmx:
        return render(request, "imports/_run_status.html", context)
    return render(request, "imports/run_detail.html", context)


@login_required
@require_perm("import_people")
@require_GET
def import_rejects(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    run = get_run_for_user(request.user, KIND, pk)
    if not run.rejected_file:
        raise Http404
    log_action(
        run.branch,
        "imports.run.exported",
        request.user,
        {"run": run.pk, "rejected": run.counts.get("rejected", 0)},
        request=request,
    )
    return FileResponse(
        run.rejected_file.open("rb"),
        as_attachment=True,
        filename=f"rejected-rows-{run.pk}.csv",
        content_type="text/csv; charset=utf-8",
    )
