"""Letters to a target: drafted from a template, downloaded, recorded as sent."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.charters import actions
from commonground.charters.access import (
    can_change_target,
    get_charter_for_user,
    get_letter_for_user,
    get_target_for_user,
    letter_templates_for,
)
from commonground.charters.forms import LetterForm, LetterSentForm
from commonground.charters.letters import MERGE_FIELDS, paragraphs, render_pdf, render_text
from commonground.charters.views.targets import back_to_target


@login_required
@require_perm("change_charters")
@require_http_methods(["GET", "POST"])
def letter_create(request: AuthenticatedHttpRequest, pk: int, slug: str) -> HttpResponse:
    target = get_target_for_user(request.user, pk, write=True)
    charter = get_charter_for_user(request.user, slug)
    templates = letter_templates_for(charter)
    branches = branches_visible_to(request.user)
    form = LetterForm(
        request.POST or None,
        templates=templates,
        branches=branches,
        initial={
            "signatory": request.user.get_full_name() or request.user.username,
            "branch": target.branch_id,
        },
    )
    if request.method == "POST" and form.is_valid():
        ts = actions.status_for(target, charter)
        letter = actions.generate_letter(
            request.user,
            ts,
            form.cleaned_data["template"],
            signatory=form.cleaned_data["signatory"],
            branch=form.cleaned_data["branch"],
            request=request,
        )
        messages.success(request, _("Letter generated. Record it as sent once it has gone."))
        return redirect("charters:letter-detail", pk=letter.pk)
    return render(
        request,
        "charters/letter_form.html",
        {"target": target, "charter": charter, "form": form, "merge_fields": MERGE_FIELDS},
    )


@login_required
@require_perm("change_charters")
@require_GET
def letter_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    return render(
        request,
        "charters/letter_detail.html",
        {
            "letter": letter,
            "paragraphs": paragraphs(letter.body),
            "sent_form": LetterSentForm(),
            "can_change": can_change_target(request.user, letter.target_status.target),
        },
    )


@login_required
@require_perm("change_charters")
@require_GET
def letter_pdf(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    response = HttpResponse(render_pdf(letter), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="letter-{letter.pk}.pdf"'
    return response


@login_required
@require_perm("change_charters")
@require_GET
def letter_text(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk)
    return HttpResponse(render_text(letter), content_type="text/plain; charset=utf-8")


@login_required
@require_perm("change_charters")
@require_POST
def letter_sent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    letter = get_letter_for_user(request.user, pk, write=True)
    form = LetterSentForm(request.POST)
    if form.is_valid():
        actions.record_letter_sent(
            request.user, letter, on=form.cleaned_data["on"], request=request
        )
        messages.success(request, _("Letter recorded as sent."))
    return back_to_target(letter.target_status, "#trail")
