"""The import screens: upload → preview and mapping → dry run → import → result.

The machinery (ImportRun, MappingProfile, the task, the rejected-rows file) lives in
``commonground.imports``; the fields and the writes are people's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.audit.log import log_action
from commonground.imports import actions as import_actions
from commonground.imports.access import get_run_for_user, profiles_visible_to, runs_visible_to
from commonground.imports.downloads import rejected_rows_response
from commonground.imports.forms import RunFilterForm
from commonground.imports.models import RunStatus
from commonground.imports.readers import UnreadableFile, preview
from commonground.lib.pagination import paginate
from commonground.people.access import branches_for_people
from commonground.people.forms import MappingForm, MappingProfileForm, UploadForm
from commonground.people.import_runs import COUNT_KEYS, KIND
from commonground.people.importer import choose_key
from commonground.people.mapping import guess_mapping


@login_required
@require_perm("import_people")
@require_GET
def import_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = RunFilterForm(request.GET)
    page = paginate(request, form.filter(runs_visible_to(request.user, KIND)))
    return render(request, "imports/run_list.html", {"page": page, "form": form})


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
        run = import_actions.upload_run(
            request.user,
            KIND,
            form.cleaned_data["file"],
            branch=form.cleaned_data["branch"],
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
    if profile_id := MappingProfileForm(request.GET).values["profile"]:
        profile = profiles.filter(pk=profile_id).first()
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
        key = form.cleaned_data["key"]
        name = form.cleaned_data["save_profile"].strip()
        saved = None
        if name:
            saved = import_actions.save_mapping_profile(
                request.user, KIND, name, mapping, key, request=request
            )
        import_actions.queue_run(
            request.user,
            run,
            dry_run=request.POST.get("action") != "import",
            mapping=mapping,
            key=key,
            options={
                "full_extract": form.cleaned_data["full_extract"],
                "confirm_lapsed": form.cleaned_data["confirm_lapsed"],
            },
            profile=saved,
            request=request,
        )
        return redirect("people:import-detail", pk=run.pk)
    # The preview shows the file's first rows: people's data, so the view is audited.
    log_action(
        run,
        "imports.importrun.previewed",
        request.user,
        {"rows": len(shown["rows"])},
        branch_id=run.branch_id,
        request=request,
    )
    return render(
        request,
        "imports/mapping.html",
        {"run": run, "preview": shown, "form": form, "profiles": profiles, "profile": profile},
    )


@login_required
@require_perm("import_people")
@require_POST
def import_confirm(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """After a dry run: import the same file with the same mapping, for real."""
    run = get_run_for_user(request.user, KIND, pk)
    if not (run.dry_run and run.status == RunStatus.DONE):
        return redirect("people:import-detail", pk=run.pk)
    import_actions.confirm_run(
        request.user,
        run,
        confirm_lapsed=bool(request.POST.get("confirm_lapsed")),
        request=request,
    )
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
    return rejected_rows_response(request.user, run, request)
