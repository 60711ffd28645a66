"""Message templates, sends (mailings) with their approval, and who may send."""

from __future__ import annotations

import datetime
from typing import Any

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from commonground.accounts.models import Branch, User
from commonground.audit.log import log_action
from commonground.outreach.access import can_send
from commonground.outreach.actions.calls import region_for, require_manage
from commonground.outreach.consent import normalise_address
from commonground.outreach.models import (
    Channel,
    Mailing,
    MailingStatus,
    MessageTemplate,
    Sender,
    TargetList,
    TemplateTranslation,
)
from commonground.outreach.queries import list_people
from commonground.outreach.sending import recipients, render_pair
from commonground.outreach.sms import SmsMessage, get_backend
from commonground.people.models import Person

# --- templates and sends ----------------------------------------------------------------------


def _require_sender(actor: User) -> None:
    if not can_send(actor):
        raise PermissionDenied


@transaction.atomic
def save_template(
    actor: User,
    template: MessageTemplate | None,
    values: dict[str, Any],
    *,
    branch: Branch | None,
    request: HttpRequest | None = None,
) -> MessageTemplate:
    """Create or change a message template (merge fields are checked by the form)."""
    region_id = region_for(actor, branch)
    require_manage(actor, branch, region_id)
    if template is not None:
        require_manage(actor, template.branch, template.region_id)
    created = template is None
    template = template or MessageTemplate(created_by=actor)
    for name, value in values.items():
        setattr(template, name, value)
    template.branch, template.region_id = branch, region_id
    template.save()
    log_action(
        template,
        "outreach.template.created" if created else "outreach.template.changed",
        actor,
        {"channel": template.channel, "purpose": template.purpose},
        branch_id=template.branch_id,
        request=request,
    )
    return template


@transaction.atomic
def save_translation(
    actor: User,
    template: MessageTemplate,
    *,
    language: str,
    subject: str,
    body: str,
    request: HttpRequest | None = None,
) -> TemplateTranslation:
    require_manage(actor, template.branch, template.region_id)
    translation, _created = TemplateTranslation.objects.update_or_create(
        template=template,
        language=language.strip().lower(),
        defaults={"subject": subject, "body": body},
    )
    log_action(
        template,
        "outreach.template.translated",
        actor,
        {"language": translation.language},
        branch_id=template.branch_id,
        request=request,
    )
    return translation


@transaction.atomic
def create_mailing(
    actor: User,
    template: MessageTemplate,
    target_list: TargetList,
    *,
    request: HttpRequest | None = None,
) -> Mailing:
    """A draft send of ``template`` to ``target_list`` (nothing leaves until it is sent)."""
    require_manage(actor, target_list.branch, target_list.region_id)
    require_manage(actor, template.branch, template.region_id)
    mailing = Mailing.objects.create(
        template=template,
        target_list=target_list,
        channel=template.channel,
        purpose=template.purpose,
        created_by=actor,
        branch=target_list.branch,
        region_id=target_list.region_id,
    )
    log_action(
        mailing,
        "outreach.mailing.created",
        actor,
        {"list": target_list.pk, "template": template.pk},
        request=request,
    )
    return mailing


def _start(mailing: Mailing) -> None:
    """Queue the send task: now, or at the scheduled time when the backend can defer."""
    from commonground.outreach.tasks import send_mailing

    pk = mailing.pk
    when = mailing.scheduled_for
    if when is not None and when > timezone.now():
        if send_mailing.get_backend().supports_defer:
            transaction.on_commit(lambda: send_mailing.using(run_after=when).enqueue(pk))
        # Otherwise ``commonground send-scheduled`` (cron, every minute) starts it.
        return
    transaction.on_commit(lambda: send_mailing.enqueue(pk))


@transaction.atomic
def request_send(
    actor: User,
    mailing: Mailing,
    *,
    when: datetime.datetime | None = None,
    request: HttpRequest | None = None,
) -> Mailing:
    """Send (or schedule) a mailing. Above the threshold it waits for a second sender."""
    _require_sender(actor)
    require_manage(actor, mailing.branch, mailing.region_id)
    if mailing.status not in (MailingStatus.DRAFT, MailingStatus.APPROVED):
        raise ValidationError(_("This send has already been requested."))
    count = recipients(mailing).count()
    if count == 0:
        raise ValidationError(_("Nobody on this list may be sent this message."))
    mailing.requested_count = count
    mailing.requested_by = actor
    mailing.scheduled_for = when
    needs_approval = count > settings.OUTREACH_APPROVAL_THRESHOLD and mailing.approved_by is None
    if needs_approval:
        mailing.status = MailingStatus.AWAITING_APPROVAL
    else:
        mailing.status = MailingStatus.SCHEDULED if when else MailingStatus.APPROVED
    mailing.save(update_fields=["requested_count", "requested_by", "scheduled_for", "status"])
    log_action(
        mailing,
        "outreach.mailing.requested",
        actor,
        {
            "list": mailing.target_list_id,
            "template": mailing.template_id,
            "count": count,
            "scheduled_for": when,
            "needs_approval": needs_approval,
        },
        request=request,
    )
    if not needs_approval:
        _start(mailing)
    return mailing


@transaction.atomic
def approve_mailing(
    actor: User, mailing: Mailing, *, request: HttpRequest | None = None
) -> Mailing:
    """A second sender approves a large send; it then goes (or waits for its time)."""
    _require_sender(actor)
    require_manage(actor, mailing.branch, mailing.region_id)
    if mailing.status != MailingStatus.AWAITING_APPROVAL:
        raise ValidationError(_("This send is not waiting for approval."))
    if actor.pk in (mailing.requested_by_id, mailing.created_by_id):
        raise PermissionDenied(_("Someone other than the person who asked must approve."))
    mailing.approved_by = actor
    mailing.approved_at = timezone.now()
    mailing.status = MailingStatus.SCHEDULED if mailing.scheduled_for else MailingStatus.APPROVED
    mailing.save(update_fields=["approved_by", "approved_at", "status"])
    log_action(
        mailing,
        "outreach.mailing.approved",
        actor,
        {"count": mailing.requested_count},
        request=request,
    )
    _start(mailing)
    return mailing


@transaction.atomic
def cancel_mailing(actor: User, mailing: Mailing, *, request: HttpRequest | None = None) -> None:
    require_manage(actor, mailing.branch, mailing.region_id)
    if mailing.status in (MailingStatus.SENT, MailingStatus.CANCELLED, MailingStatus.FAILED):
        raise ValidationError(_("This send cannot be cancelled any more."))
    mailing.status = MailingStatus.CANCELLED
    mailing.save(update_fields=["status"])
    log_action(mailing, "outreach.mailing.cancelled", actor, {}, request=request)


def preview_mailing(
    actor: User, mailing: Mailing, person: Person, *, request: HttpRequest | None = None
) -> tuple[str, str, str]:
    """(language, subject, body) as ``person`` would receive it; the person must be in the
    actor's scope and on the list. Audited: it shows the person's details."""
    require_manage(actor, mailing.branch, mailing.region_id)
    if not list_people(mailing.target_list, actor).filter(pk=person.pk).exists():
        raise PermissionDenied
    log_action(
        person, "outreach.mailing.previewed", actor, {"mailing": mailing.pk}, request=request
    )
    return render_pair(mailing.template, person)


def send_test(
    actor: User, mailing: Mailing, person: Person, *, request: HttpRequest | None = None
) -> str:
    """Send the message as ``person`` would get it to the actor's own address or phone."""
    _require_sender(actor)
    language, subject, body = preview_mailing(actor, mailing, person, request=request)
    if mailing.channel == Channel.EMAIL:
        if not actor.email:
            raise ValidationError(_("Your account has no email address."))
        AnymailMessage(
            subject=f"[{_('Test')}] {subject}",
            body=body,
            from_email=settings.OUTREACH_FROM_EMAIL,
            to=[actor.email],
        ).send()
        to = actor.email
    else:
        phone = request.POST.get("phone", "") if request is not None else ""
        to = normalise_address(Channel.SMS, phone)
        if not to:
            raise ValidationError(_("Give your own mobile number for a test text."))
        backend = get_backend()
        try:
            backend.send_messages([SmsMessage(to, body, "test")])
        finally:
            backend.close()
    log_action(
        mailing,
        "outreach.mailing.tested",
        actor,
        {"person": person.pk, "language": language},
        request=request,
    )
    return to


@transaction.atomic
def grant_sender(
    actor: User, user: User, *, active: bool, request: HttpRequest | None = None
) -> None:
    """Admins decide who may send: a permission of its own, not every organiser's."""
    if not actor.is_admin:
        raise PermissionDenied
    if active:
        Sender.objects.get_or_create(user=user, defaults={"granted_by": actor})
    else:
        Sender.objects.filter(user=user).delete()
    log_action(
        user,
        "outreach.sender.granted" if active else "outreach.sender.revoked",
        actor,
        {},
        request=request,
    )
