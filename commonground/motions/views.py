"""Motion pages: list, detail with progress per call, and the import with a preview."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.permissions import has_perm
from commonground.audit.exports import export_response
from commonground.lib.pagination import paginate
from commonground.motions import actions
from commonground.motions.access import get_call_for_user, get_motion_for_user, motions_visible_to
from commonground.motions.exports import MotionExporter
from commonground.motions.forms import (
    ImportForm,
    MotionFilterForm,
    MotionForm,
    ResponsibleForm,
    UpdateForm,
)
from commonground.motions.importing import NotTextError, body_for, decode_upload
from commonground.motions.models import Body, CallProgress, CallToAction, Update
from commonground.motions.parser import parse_motion
from commonground.motions.queries import filter_motions, with_call_counts


@login_required
@require_perm("view_motions")
@require_GET
def motion_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered_motions(request)
    return render(
        request,
        "motions/motion_list.html",
        {
            "page": paginate(request, qs),
            "form": form,
            "can_export": MotionExporter.available_for_user(request.user),
        },
    )


def _filtered_motions(request: AuthenticatedHttpRequest) -> tuple[MotionFilterForm, Any]:
    form = MotionFilterForm(request.GET)
    data = form.values
    qs = filter_motions(
        with_call_counts(motions_visible_to(request.user)),
        q=data["q"],
        decision=data["decision"],
        body=data["body"],
        progress=data["progress"],
    )
    return form, qs.order_by("-date", "title", "pk")


@login_required
@require_perm("export_motions")
@require_GET
def motion_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The filtered motions with their progress counts as CSV or XLSX; audited."""
    _form, qs = _filtered_motions(request)
    return export_response(request, MotionExporter(qs))


@login_required
@require_perm("view_motions")
@require_GET
def motion_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    motion = get_motion_for_user(request.user, pk)
    calls = list(
        motion.calls.prefetch_related(
            Prefetch(
                "updates",
                queryset=Update.objects.select_related("library_item", "campaign", "created_by"),
            )
        )
    )
    if has_perm(request.user, "change_motions"):
        for call in calls:
            # One form per call, with its own ids so each label names its own field.
            call.update_form = UpdateForm(  # type: ignore[attr-defined]
                user=request.user, auto_id=f"call{call.pk}_%s"
            )
    return render(
        request,
        "motions/motion_detail.html",
        {
            "motion": motion,
            "calls": calls,
            "bodies": Body.choices,
            "progress": CallProgress.choices,
        },
    )


@login_required
@require_perm("change_motions")
@require_http_methods(["GET", "POST"])
def motion_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    motion = get_motion_for_user(request.user, pk, write=True)
    form = MotionForm(request.POST or None, instance=motion)
    if request.method == "POST" and form.is_valid():
        actions.save_motion(request.user, form.save(commit=False), request=request)
        messages.success(request, _("Motion saved."))
        return redirect("motions:motion-detail", motion.pk)
    return render(request, "motions/motion_form.html", {"form": form, "motion": motion})


@login_required
@require_perm("change_motions")
@require_http_methods(["GET", "POST"])
def motion_import(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Paste or upload → preview (nothing saved) → confirm → save."""
    if request.method == "GET":
        return render(request, "motions/motion_import.html", {"form": ImportForm()})
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return render(request, "motions/motion_import.html", {"form": form})
    upload = form.cleaned_data.get("file")
    if upload is not None:
        try:
            text = decode_upload(upload.read())
        except NotTextError as exc:
            form.add_error("file", str(exc))
            return render(request, "motions/motion_import.html", {"form": form})
        source = "upload"
    else:
        text = form.cleaned_data["text"]
        source = "paste"
    parsed = parse_motion(text)
    if request.POST.get("confirm") == "1":
        motion, created = actions.import_motion(
            request.user, parsed, text, source=source, request=request
        )
        if created:
            messages.success(request, _("Motion imported."))
        else:
            messages.info(request, _("This motion was already imported; here it is."))
        return redirect("motions:motion-detail", motion.pk)
    return render(
        request,
        "motions/motion_import.html",
        {
            "form": ImportForm(initial={"text": text}),
            "parsed": parsed,
            "preview": parsed.to_json(),
            "text": text,
            "body": dict(Body.choices).get(body_for(parsed.calls_on), ""),
        },
    )


@login_required
@require_perm("change_motions")
@require_POST
def call_update(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call = get_call_for_user(request.user, pk, write=True)
    form = UpdateForm(request.POST, user=request.user)
    if form.is_valid():
        actions.update_call(request.user, call, form.save(commit=False), request=request)
        messages.success(request, _("Progress recorded."))
    else:
        messages.error(request, _("Give a status and say what happened."))
    return redirect(f"{call.motion.get_absolute_url()}#call-{call.number}")


@login_required
@require_perm("change_motions")
@require_POST
def call_assign(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    call: CallToAction = get_call_for_user(request.user, pk, write=True)
    form = ResponsibleForm(request.POST, instance=CallToAction(pk=call.pk))
    if form.is_valid():
        actions.set_responsible(
            request.user,
            call,
            form.cleaned_data["responsible_body"],
            form.cleaned_data["responsible_detail"],
            request=request,
        )
        messages.success(request, _("Responsible body saved."))
    return redirect(f"{call.motion.get_absolute_url()}#call-{call.number}")
