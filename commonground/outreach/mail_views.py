"""Outreach pages for email and texts, consent and the suppression list."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_admin, require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.accounts.models import Role, User
from commonground.lib.pagination import paginate
from commonground.outreach import actions
from commonground.outreach.access import (
    can_send,
    get_mailing_for_user,
    get_template_for_user,
    lists_visible_to,
    mailings_visible_to,
    templates_visible_to,
)
from commonground.outreach.consent import current_consents, normalise_address, why_not
from commonground.outreach.forms import (
    ChannelFilterForm,
    ChosenListForm,
    ConsentForm,
    MailingFilterForm,
    MailingForm,
    MessageFilterForm,
    SamplePersonForm,
    ScheduleForm,
    SuppressionForm,
    TemplateForm,
    TranslationForm,
)
from commonground.outreach.models import (
    Channel,
    Consent,
    MailingStatus,
    MessageStatus,
    Purpose,
    Sender,
    Suppression,
    SuppressionReason,
)
from commonground.outreach.queries import list_people, mailing_status_counts
from commonground.outreach.sending import recipients
from commonground.people.access import (
    branches_for_people,
    get_person_for_user,
    log_people_listed,
)

# --- templates --------------------------------------------------------------------------------


def _region_wide(user: User) -> bool:
    return user.is_admin or user.role == Role.REGIONAL_ORGANISER


@login_required
@require_perm("change_outreach")
@require_GET
def template_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = templates_visible_to(request.user)
    query = ChannelFilterForm(request.GET).values
    q, channel = query["q"], query["channel"]
    if q:
        qs = qs.filter(name__icontains=q)
    if channel:
        qs = qs.filter(channel=channel)
    page = paginate(request, qs.prefetch_related("translations"), per_page=25)
    return render(
        request, "outreach/template_list.html", {"page": page, "q": q, "channel": channel}
    )


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def template_edit(request: AuthenticatedHttpRequest, pk: int | None = None) -> HttpResponseBase:
    user = request.user
    template = get_template_for_user(user, pk) if pk else None
    form = TemplateForm(
        request.POST or None,
        instance=template,
        branches=branches_for_people(user),
        region_wide=_region_wide(user),
    )
    if request.method == "POST" and form.is_valid():
        values = {
            k: form.cleaned_data[k] for k in ("name", "channel", "purpose", "subject", "body")
        }
        try:
            saved = actions.save_template(
                user, template, values, branch=form.cleaned_data["branch"], request=request
            )
        except PermissionDenied:
            form.add_error("branch", _("You cannot make templates for this branch."))
        else:
            messages.success(request, _("Template saved."))
            return redirect("outreach:template-edit", saved.pk)
    return render(
        request,
        "outreach/template_form.html",
        {
            "form": form,
            "template": template,
            "translation_form": TranslationForm(),
            "translations": template.translations.all() if template else [],
        },
    )


@login_required
@require_perm("change_outreach")
@require_POST
def template_translate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    template = get_template_for_user(request.user, pk)
    form = TranslationForm(request.POST)
    if form.is_valid():
        actions.save_translation(request.user, template, request=request, **form.cleaned_data)
        messages.success(request, _("Translation saved."))
    else:
        messages.error(request, _("The translation needs a language code and a message."))
    return redirect("outreach:template-edit", template.pk)


# --- sends ------------------------------------------------------------------------------------


@login_required
@require_perm("change_outreach")
@require_GET
def mailing_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    qs = mailings_visible_to(request.user)
    query = MailingFilterForm(request.GET).values
    q, status, channel = query["q"], query["status"], query["channel"]
    if q:
        qs = qs.filter(template__name__icontains=q)
    if status:
        qs = qs.filter(status=status)
    if channel:
        qs = qs.filter(channel=channel)
    page = paginate(request, qs, per_page=25)
    return render(
        request,
        "outreach/mailing_list.html",
        {
            "page": page,
            "q": q,
            "status": status,
            "channel": channel,
            "statuses": MailingStatus.choices,
            "can_send": can_send(request.user),
        },
    )


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def mailing_create(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    user = request.user
    form = MailingForm(
        request.POST or None,
        initial={"target_list": ChosenListForm(request.GET).values["list"]},
        templates=templates_visible_to(user),
        lists=lists_visible_to(user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            mailing = actions.create_mailing(
                user,
                form.cleaned_data["template"],
                form.cleaned_data["target_list"],
                request=request,
            )
        except PermissionDenied:
            form.add_error(None, _("You cannot use this template with this list."))
        else:
            return redirect("outreach:mailing-detail", mailing.pk)
    return render(request, "outreach/mailing_form.html", {"form": form})


@login_required
@require_perm("change_outreach")
@require_GET
def mailing_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    mailing = get_mailing_for_user(user, pk)
    people = list_people(mailing.target_list, user)
    sample = people.order_by("full_name", "pk")[:50]
    messages_qs = mailing.messages.select_related("person").order_by("pk")
    status = MessageFilterForm(request.GET).values["status"]
    if status:
        messages_qs = messages_qs.filter(status=status)
    page = paginate(request, messages_qs, per_page=50)
    draft = mailing.status in (MailingStatus.DRAFT, MailingStatus.APPROVED)
    # The page names people twice: the "preview as" choice (a draft's first 50) and the
    # page of messages with their recipients.
    shown = len(sample) if draft else 0
    log_people_listed(
        user,
        shown + len(page.object_list),
        where="outreach send",
        query={"mailing": mailing.pk, "page": page.number, "status": status},
        request=request,
        subject=mailing,
    )
    return render(
        request,
        "outreach/mailing_detail.html",
        {
            "mailing": mailing,
            "page": page,
            "status": status,
            "counts": mailing_status_counts(mailing.pk),
            "statuses": MessageStatus.choices,
            "sample": sample,
            "reachable": recipients(mailing).count() if draft else None,
            "can_send": can_send(user),
            "schedule_form": ScheduleForm(),
            "can_approve": can_send(user)
            and mailing.status == MailingStatus.AWAITING_APPROVAL
            and user.pk not in (mailing.requested_by_id, mailing.created_by_id),
            "cancellable": mailing.status
            in (
                MailingStatus.DRAFT,
                MailingStatus.AWAITING_APPROVAL,
                MailingStatus.APPROVED,
                MailingStatus.SCHEDULED,
                MailingStatus.SENDING,
            ),
            "job": mailing.job,
        },
    )


def _sample_person(request: AuthenticatedHttpRequest, mailing: Any) -> Any:
    """``person`` of the preview's query string (or the test send's form), else the first."""
    chosen = SamplePersonForm(request.GET).values["person"]
    if request.method == "POST":
        chosen = SamplePersonForm(request.POST).values["person"]
    people = list_people(mailing.target_list, request.user)
    if chosen:
        return people.filter(pk=chosen).first()
    return people.order_by("full_name", "pk").first()


@login_required
@require_perm("change_outreach")
@require_GET
def mailing_preview(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The message as one recipient would get it (their language, their merge fields)."""
    mailing = get_mailing_for_user(request.user, pk)
    person = _sample_person(request, mailing)
    rendered = None
    if person is not None:
        rendered = actions.preview_mailing(request.user, mailing, person, request=request)
    return render(
        request,
        "outreach/mailing_preview.html",
        {
            "mailing": mailing,
            "person": person,
            "rendered": rendered,
            "why_not": why_not(person, mailing.channel, mailing.purpose) if person else None,
        },
    )


@login_required
@require_perm("change_outreach")
@require_POST
def mailing_test(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mailing = get_mailing_for_user(request.user, pk)
    if not can_send(request.user):
        raise PermissionDenied
    person = _sample_person(request, mailing)
    if person is None:
        messages.error(request, _("The list is empty: nobody to preview the message as."))
    else:
        try:
            to = actions.send_test(request.user, mailing, person, request=request)
        except (ValidationError, ImproperlyConfigured) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
        else:
            messages.success(request, _("Test sent to %(to)s.") % {"to": to})
    return redirect("outreach:mailing-detail", mailing.pk)


@login_required
@require_perm("change_outreach")
@require_POST
def mailing_send(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mailing = get_mailing_for_user(request.user, pk)
    if not can_send(request.user):
        raise PermissionDenied
    form = ScheduleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a valid date and time, or none to send now."))
        return redirect("outreach:mailing-detail", mailing.pk)
    try:
        mailing = actions.request_send(
            request.user, mailing, when=form.cleaned_data["when"], request=request
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        if mailing.status == MailingStatus.AWAITING_APPROVAL:
            messages.info(
                request,
                _("This send needs a second sender's approval before it goes."),
            )
        elif mailing.status == MailingStatus.SCHEDULED:
            messages.success(request, _("Scheduled."))
        else:
            messages.success(request, _("Sending started."))
    return redirect("outreach:mailing-detail", mailing.pk)


@login_required
@require_perm("change_outreach")
@require_POST
def mailing_approve(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mailing = get_mailing_for_user(request.user, pk)
    if not can_send(request.user):
        raise PermissionDenied
    try:
        actions.approve_mailing(request.user, mailing, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Approved."))
    return redirect("outreach:mailing-detail", mailing.pk)


@login_required
@require_perm("change_outreach")
@require_POST
def mailing_cancel(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    mailing = get_mailing_for_user(request.user, pk)
    try:
        actions.cancel_mailing(request.user, mailing, request=request)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Cancelled."))
    return redirect("outreach:mailing-detail", mailing.pk)


# --- suppression, senders, consent ------------------------------------------------------------


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def suppression_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """The suppression list: searchable by address; organisers add to it, nobody removes."""
    form = SuppressionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        actions.suppress(
            request.user,
            form.cleaned_data["channel"],
            form.cleaned_data["address"],
            SuppressionReason.REQUEST,
            request=request,
        )
        messages.success(request, _("Added to the suppression list."))
        return redirect("outreach:suppression-list")
    query = ChannelFilterForm(request.GET).values
    q, channel = query["q"], query["channel"]
    page = None
    # Addresses are personal data: the list shows entries found by an exact address only.
    if q:
        wanted = {normalise_address(c, q) for c in Channel.values} - {""}
        qs = Suppression.objects.filter(address__in=wanted)
        if channel:
            qs = qs.filter(channel=channel)
        page = paginate(request, qs, per_page=25)
    counts = {
        str(label): Suppression.objects.filter(channel=value).count()
        for value, label in Channel.choices
    }
    return render(
        request,
        "outreach/suppression_list.html",
        {"form": form, "page": page, "q": q, "channel": channel, "counts": counts},
    )


@require_admin
@require_http_methods(["GET", "POST"])
def sender_list(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    """Admins give and take the permission to send."""
    if request.method == "POST":
        raw = request.POST.get("user", "")
        user = User.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
        if user is not None:
            actions.grant_sender(
                request.user, user, active=request.POST.get("active") == "1", request=request
            )
            messages.success(request, _("Saved."))
        return redirect("outreach:sender-list")
    senders = Sender.objects.select_related("user", "granted_by").order_by("user__username")
    candidates = (
        User.objects.filter(
            is_active=True, role__in=[Role.REGIONAL_ORGANISER, Role.BRANCH_ORGANISER]
        )
        .exclude(outreach_sender__isnull=False)
        .order_by("role", "username")  # grouped by role in the page's select
    )
    return render(
        request,
        "outreach/sender_list.html",
        {"senders": senders, "candidates": candidates},
    )


@login_required
@require_perm("change_outreach")
@require_http_methods(["GET", "POST"])
def person_consent(request: AuthenticatedHttpRequest, pk: int) -> HttpResponseBase:
    """A person's consent per channel, its history, and what each kind of message may reach."""
    if request.method == "POST":
        person = get_person_for_user(request.user, pk, write=True)
    else:
        person = get_person_for_user(request.user, pk, request=request)
    form = ConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.record_consent(request.user, person, request=request, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Consent recorded."))
            return redirect("outreach:person-consent", person.pk)
    current = current_consents(person)
    channels = [
        {
            "channel": label,
            "consent": current.get(value),
            "campaigning": why_not(person, value, Purpose.CAMPAIGNING),
            "service": why_not(person, value, Purpose.SERVICE),
        }
        for value, label in Channel.choices
    ]
    return render(
        request,
        "outreach/person_consent.html",
        {
            "person": person,
            "form": form,
            "channels": channels,
            "history": Consent.objects.filter(person=person).select_related("recorded_by"),
        },
    )
