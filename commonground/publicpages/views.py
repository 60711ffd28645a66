"""Organisers' pages for public pages: thin views (access → form → action).

The organiser interface is English; every string still goes through translation.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import branches_visible_to, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import Branch, Role, User
from commonground.accounts.permissions import has_perm, must_suppress
from commonground.alliances.access import partners_visible_to
from commonground.audit.exports import export_response
from commonground.audit.log import log_action
from commonground.campaigns.access import campaigns_visible_to
from commonground.charters.access import targets_visible_to
from commonground.charters.models import Charter, Commitment
from commonground.lib.pagination import paginate
from commonground.lib.query import equal, search
from commonground.lib.redirects import safe_next
from commonground.publicpages import actions
from commonground.publicpages.access import (
    can_change_page,
    can_see_submissions,
    get_page_for_user,
    get_submission_for_user,
    pages_visible_to,
    submissions_visible_to,
)
from commonground.publicpages.charter_surveys import SURVEYS
from commonground.publicpages.exports import ResultsExporter, SubmissionExporter
from commonground.publicpages.forms import (
    PageFilterForm,
    PageForm,
    PageKindForm,
    QuestionForm,
    ResultsForm,
    SubmissionFilterForm,
)
from commonground.publicpages.languages import language_name
from commonground.publicpages.models import (
    CHOICE_KINDS,
    NOT_FILED,
    Page,
    PageKind,
    Question,
    SubmissionStatus,
)
from commonground.publicpages.public_views import absolute_url
from commonground.publicpages.queries import page_counts, signature_count, tallies

DEFAULT_CONSENT = {
    PageKind.JOIN: gettext_lazy(
        "I agree that the union may contact me by email, phone or text about joining and about "
        "my workplace. I can ask them to stop at any time."
    ),
    PageKind.PETITION: gettext_lazy(
        "Keep me updated about this campaign by email or text. I can ask you to stop at any time."
    ),
    PageKind.SURVEY: gettext_lazy(
        "I agree that the union may contact me about my answers and about joining. I can ask "
        "them to stop at any time."
    ),
}


def _writable_branches(user: User) -> QuerySet[Branch]:
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return branches_visible_to(user)
    return user.branches.all()


def _page_form(request: AuthenticatedHttpRequest, kind: str, **kwargs: Any) -> PageForm:
    user = request.user
    return PageForm(
        request.POST or None,
        kind=kind,
        branches=_writable_branches(user),
        campaigns=campaigns_visible_to(user),
        targets=targets_visible_to(user).exclude(kind="candidate"),
        charters=Charter.objects.all(),
        partners=partners_visible_to(user),
        **kwargs,
    )


# --- Pages -------------------------------------------------------------------------------------


@login_required
@require_perm("view_pages")
@require_GET
def page_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = PageFilterForm(request.GET)
    qs = pages_visible_to(request.user).select_related("branch", "campaign")
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            qs = qs.filter(Q(title__icontains=data["q"]) | Q(slug__icontains=data["q"]))
        if data["kind"]:
            qs = qs.filter(kind=data["kind"])
        if data["state"]:
            qs = qs.filter(is_open=data["state"] == "open")
    page = paginate(request, qs, per_page=30)
    counts = page_counts(list(page.object_list))
    can_change = has_perm(request.user, "change_pages")
    return render(
        request,
        "publicpages/page_list.html",
        {
            "form": form,
            "page": page,
            "rows": [(p, counts.get(p.pk, {})) for p in page.object_list],
            "can_change": can_change,
            "kinds": PageKind.choices,
            "surveys": list(Charter.objects.filter(slug__in=list(SURVEYS)).order_by("position"))
            if can_change
            else [],
            "branches": _writable_branches(request.user) if can_change else [],
            "can_see_submissions": can_see_submissions(request.user),
        },
    )


@login_required
@require_perm("change_pages")
@require_http_methods(["GET", "POST"])
def page_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    kind = (
        PageKindForm(request.GET).values["kind"]
        or PageKindForm(request.POST).values["kind"]
        or PageKind.JOIN
    )
    form = _page_form(request, kind, initial={"consent_wording": DEFAULT_CONSENT[PageKind(kind)]})
    if request.method == "POST" and form.is_valid():
        try:
            page = actions.create_page(
                request.user, kind=kind, values=form.cleaned_data, request=request
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, _("Page created. Add its questions and translations, then open it.")
            )
            return redirect("pages:page-detail", page.pk)
    return render(
        request,
        "publicpages/page_form.html",
        {"form": form, "kind": kind, "kind_label": PageKind(kind).label, "adding": True},
    )


@login_required
@require_perm("change_pages")
@require_POST
def charter_survey_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    charter_slug = request.POST.get("charter", "")
    branch = _writable_branches(request.user).filter(pk=request.POST.get("branch") or 0).first()
    if branch is None:
        raise Http404
    try:
        page = actions.create_charter_survey(
            request.user, charter_slug=charter_slug, branch=branch, request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("pages:page-list")
    messages.success(
        request,
        _("Survey created with drafted translations: have a fluent speaker review each one."),
    )
    return redirect("pages:page-detail", page.pk)


@login_required
@require_perm("view_pages")
@require_GET
def page_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = get_page_for_user(request.user, pk)
    questions = list(page.questions.select_related("commitment"))
    languages = []
    for code in page.languages:
        own = page.translations.get(code) or {}
        languages.append(
            {
                "code": code,
                "name": language_name(code),
                "missing": len(actions.untranslated(page, code)),
                "reviewed": bool(own.get("reviewed")),
            }
        )
    public_url = absolute_url(request, page)
    embed_url = absolute_url(request, page, "page-embed")
    counts = page_counts([page])[page.pk]
    return render(
        request,
        "publicpages/page_detail.html",
        {
            "p": page,
            "questions": questions,
            "languages": languages,
            "public_url": public_url,
            "embed_code": f'<iframe src="{embed_url}" title="{page.title}" '
            f'style="width:100%;min-height:720px;border:0"></iframe>',
            "counts": counts,
            "signatures": signature_count(page) if page.is_petition else None,
            "can_change": can_change_page(request.user, page),
            "can_see_submissions": can_see_submissions(request.user),
        },
    )


@login_required
@require_perm("change_pages")
@require_http_methods(["GET", "POST"])
def page_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = get_page_for_user(request.user, pk, write=True)
    form = _page_form(request, page.kind, instance=page)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        # The form has already written the values onto the instance: compare with the row.
        fresh = Page.objects.get(pk=page.pk)
        try:
            changed = actions.update_page(request.user, fresh, changes, request=request)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            if "consent_wording" in changed:
                messages.info(
                    request,
                    _("The consent wording changed: new submissions record version %(v)s.")
                    % {"v": fresh.consent_version},
                )
            messages.success(request, _("Page saved."))
            return redirect("pages:page-detail", page.pk)
    return render(
        request,
        "publicpages/page_form.html",
        {"form": form, "p": page, "kind": page.kind, "kind_label": page.get_kind_display()},
    )


@login_required
@require_perm("change_pages")
@require_POST
def page_open(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = get_page_for_user(request.user, pk, write=True)
    is_open = request.POST.get("action") == "open"
    actions.set_page_open(request.user, page, is_open, request=request)
    messages.success(
        request, _("The page is open to the public.") if is_open else _("The page is closed.")
    )
    return redirect("pages:page-detail", page.pk)


def _translation_form(
    page: Page, language: str, questions: list[Question], data: Any = None
) -> tuple[forms.Form, list[dict[str, Any]]]:
    """One field per translatable text, and rows pairing each with its English."""
    form = forms.Form(data)
    own = page.translations.get(language) or {}
    rows: list[dict[str, Any]] = []

    def add(name: str, english: str, value: str, label: str, long: bool = False) -> None:
        widget = (
            forms.Textarea(attrs={"rows": 3, "lang": language})
            if long
            else forms.TextInput(attrs={"lang": language})
        )
        form.fields[name] = forms.CharField(
            label=label, required=False, max_length=4000, initial=value, widget=widget
        )
        rows.append({"name": name, "english": english, "missing": bool(english and not value)})

    labels = {
        "title": _("Title"),
        "intro": _("Introduction"),
        "consent_wording": _("Consent wording"),
        "thanks": _("Thank-you message"),
    }
    for name in actions.TRANSLATED_PAGE_FIELDS:
        english = str(getattr(page, name) or "")
        if english:
            add(name, english, str(own.get(name) or ""), str(labels[name]), name != "title")
    for q in questions:
        mine = q.translations.get(language) or {}
        add(
            f"q{q.pk}_text",
            q.text,
            str(mine.get("text") or ""),
            _("Question %(n)s") % {"n": q.position},
        )
        if q.help:
            add(
                f"q{q.pk}_help",
                q.help,
                str(mine.get("help") or ""),
                _("Question %(n)s, help") % {"n": q.position},
            )
        labels_own = mine.get("choices") or {}
        if q.kind in CHOICE_KINDS:
            for c in q.choices:
                add(
                    f"q{q.pk}_c_{c['value']}",
                    str(c["label"]),
                    str(labels_own.get(str(c["value"])) or ""),
                    _("Question %(n)s, choice") % {"n": q.position},
                )
    form.fields["reviewed"] = forms.BooleanField(
        label=_("Reviewed by a fluent speaker"), required=False, initial=bool(own.get("reviewed"))
    )
    for row in rows:
        row["field"] = form[row["name"]]
    return form, rows


@login_required
@require_perm("change_pages")
@require_http_methods(["GET", "POST"])
def page_translate(request: AuthenticatedHttpRequest, pk: int, language: str) -> HttpResponse:
    page = get_page_for_user(request.user, pk, write=True)
    if language not in page.languages:
        raise Http404
    questions = list(page.questions.all())
    form, rows = _translation_form(page, language, questions, request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        question_texts: dict[int, dict[str, Any]] = {}
        for q in questions:
            question_texts[q.pk] = {
                "text": data.get(f"q{q.pk}_text", ""),
                "help": data.get(f"q{q.pk}_help", ""),
                "choices": {
                    str(c["value"]): data.get(f"q{q.pk}_c_{c['value']}", "") for c in q.choices
                },
            }
        missing = actions.save_translation(
            request.user,
            page,
            language,
            page_texts={k: data.get(k, "") for k in actions.TRANSLATED_PAGE_FIELDS},
            question_texts=question_texts,
            reviewed=bool(data.get("reviewed")),
            request=request,
        )
        if missing:
            messages.warning(
                request,
                _("Saved. %(n)s texts are not yet translated: the page shows them in English.")
                % {"n": missing},
            )
        else:
            messages.success(request, _("Translation saved."))
        return redirect("pages:page-detail", page.pk)
    return render(
        request,
        "publicpages/page_translate.html",
        {
            "p": page,
            "form": form,
            "rows": rows,
            "language": language,
            "language_name": language_name(language),
            "rtl": language in ("ar", "ur"),
        },
    )


# --- Questions ----------------------------------------------------------------------------------


def _commitments(page: Page) -> QuerySet[Commitment]:
    qs = Commitment.objects.select_related("charter").filter(is_placeholder=False)
    return qs.filter(charter=page.charter) if page.charter_id else qs


def _question_form(
    request: AuthenticatedHttpRequest, pk: int, question_pk: int | None
) -> HttpResponse:
    page = get_page_for_user(request.user, pk, write=True)
    question = get_object_or_404(Question, page=page, pk=question_pk) if question_pk else None
    form = QuestionForm(request.POST or None, instance=question, commitments=_commitments(page))
    if request.method == "POST" and form.is_valid():
        values = dict(form.cleaned_data)
        try:
            actions.save_question(
                request.user,
                page,
                Question.objects.get(pk=question.pk) if question else None,
                values,
                request=request,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Question saved."))
            return redirect("pages:page-detail", page.pk)
    return render(
        request,
        "publicpages/question_form.html",
        {"p": page, "form": form, "question": question},
    )


@login_required
@require_perm("change_pages")
@require_http_methods(["GET", "POST"])
def question_create(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _question_form(request, pk, None)


@login_required
@require_perm("change_pages")
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    return _question_form(request, pk, question_pk)


@login_required
@require_perm("change_pages")
@require_POST
def question_delete(request: AuthenticatedHttpRequest, pk: int, question_pk: int) -> HttpResponse:
    page = get_page_for_user(request.user, pk, write=True)
    question = get_object_or_404(Question, page=page, pk=question_pk)
    try:
        actions.delete_question(request.user, question, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Question removed."))
    return redirect("pages:page-detail", page.pk)


# --- Results -----------------------------------------------------------------------------------


def _by(request: AuthenticatedHttpRequest) -> str:
    by: str = ResultsForm(request.GET).values["by"]
    return by


@login_required
@require_perm("view_pages")
@require_GET
def page_results(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    page = get_page_for_user(request.user, pk)
    by = _by(request)
    hide = must_suppress(request.user)
    return render(
        request,
        "publicpages/page_results.html",
        {
            "p": page,
            "by": by,
            "tallies": tallies(page, by=by, hide_small=hide),
            "hide_small": hide,
            "respondents": page_counts([page])[page.pk]["total"],
        },
    )


@login_required
@require_perm("view_pages")
@require_GET
def results_export(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    page = get_page_for_user(request.user, pk)
    by = _by(request)
    exporter = ResultsExporter(tallies(page, by=by, hide_small=must_suppress(request.user)))
    return export_response(request, exporter, subject=page, name=page.slug)


# --- Submissions (personal data) ------------------------------------------------------------


def _filtered_submissions(request: AuthenticatedHttpRequest) -> tuple[SubmissionFilterForm, Any]:
    pages = pages_visible_to(request.user)
    form = SubmissionFilterForm(request.GET, pages=pages)
    qs = submissions_visible_to(request.user).select_related(
        "page", "person", "location", "branch", "council"
    )
    if form.is_valid():
        data = form.cleaned_data
        qs = search(qs, data["q"], "person__full_name", "workplace_text", "location__name")
        qs = equal(qs, page=data["page"], status=data["status"])
        if data["decision"]:
            qs = qs.filter(
                link_decision="" if data["decision"] == "not-asked" else data["decision"]
            )
        if data["filing"] == "failed":
            qs = qs.filter(NOT_FILED)
        elif data["filing"] == "waiting":
            qs = qs.filter(processed_at__isnull=True).exclude(NOT_FILED)
    if not form.is_valid() or form.cleaned_data["contact"] != "all":
        # Anonymous answers (surveys without contact details) count in the results; the
        # queue is for the people to follow up, and for the ones still being processed.
        qs = qs.filter(Q(person__isnull=False) | Q(processed_at__isnull=True))
    return form, qs


@login_required
@require_perm("view_people")
@require_GET
def submission_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The queue: new submissions first, with who they are, where they work and how the
    workplace was placed. Listing people is audited."""
    form, qs = _filtered_submissions(request)
    if not form.values["status"] and not form.errors:
        qs = qs.order_by("status", "-created", "-pk")  # "done" sorts after "new"
    page = paginate(request, qs, per_page=30)
    log_action(
        None,
        "publicpages.submission.listed",
        request.user,
        {
            "count": page.paginator.count,
            "page": page.number,
            "filters": {k: str(v) for k, v in form.values.items() if v not in ("", None)},
        },
        request=request,
    )
    return render(
        request,
        "publicpages/submission_list.html",
        {
            "form": form,
            "page": page,
            "not_filed": submissions_visible_to(request.user).filter(NOT_FILED).count(),
            "can_change": has_perm(request.user, "change_people"),
            "can_export": SubmissionExporter.available_for_user(request.user),
            "new": SubmissionStatus.NEW,
        },
    )


@login_required
@require_perm("export_people")
@require_GET
def submission_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    _form, qs = _filtered_submissions(request)
    return export_response(request, SubmissionExporter(qs.order_by("-created", "-pk")))


@login_required
@require_perm("view_people")
@require_GET
def submission_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, request=request)
    answers = []
    for a in submission.answers.select_related("question").order_by("question__position", "pk"):
        labels = a.question.choice_labels()
        answers.append((a.question.text, labels.get(a.choice, a.choice) if a.choice else a.value))
    return render(
        request,
        "publicpages/submission_detail.html",
        {
            "s": submission,
            "answers": answers,
            "language_name": language_name(submission.language),
            "can_change": has_perm(request.user, "change_people"),
        },
    )


@login_required
@require_perm("change_people")
@require_POST
def submission_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Try again to file a submission that could not be filed (after its cause is mended)."""
    submission = get_submission_for_user(request.user, pk, write=True)
    try:
        actions.retry_submission(request.user, submission, request=request)
    except PermissionDenied:
        raise Http404 from None
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        submission.refresh_from_db()  # filed already where tasks run at once
        if not submission.waiting:
            messages.success(request, _("Filed."))
        elif submission.could_not_be_filed:
            messages.error(request, _("Tried again, and it still could not be filed."))
        else:
            messages.success(request, _("Sent to be filed again."))
    return redirect("pages:submission-detail", submission.pk)


@login_required
@require_perm("change_people")
@require_POST
def submission_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    submission = get_submission_for_user(request.user, pk, write=True)
    try:
        actions.mark_submission_done(request.user, submission, request=request)
    except PermissionDenied:
        raise Http404 from None
    messages.success(request, _("Marked as followed up."))
    return redirect(safe_next(request, reverse("pages:submission-list")))
