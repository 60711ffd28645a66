from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.jobs.access import get_job_for_user, jobs_visible_to
from commonground.jobs.forms import JobDetailForm, JobFilterForm
from commonground.lib.pagination import paginate


@login_required
@require_GET
def job_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = JobFilterForm(request.GET)
    qs = jobs_visible_to(request.user).select_related("owner", "branch")
    if form.values["q"]:
        qs = qs.filter(label__icontains=form.values["q"])
    if form.values["status"]:
        qs = qs.filter(status=form.values["status"])
    page = paginate(request, qs)
    return render(request, "jobs/job_list.html", {"page": page, "form": form})


@login_required
@require_GET
def job_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = get_job_for_user(request.user, pk)
    if JobDetailForm(request.GET).values["format"] == "json":
        return JsonResponse(
            {
                "id": job.pk,
                "status": job.status,
                "done": job.done,
                "total": job.total,
                "percent": job.percent,
                "message": job.message,
                "result": job.result,
            }
        )
    template = "jobs/_progress.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})
