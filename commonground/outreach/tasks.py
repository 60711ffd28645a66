"""Background sending (django-tasks): queue and deliver one mailing, with progress in a Job."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from commonground.audit.log import log_action
from commonground.jobs import progress as jobs
from commonground.jobs.models import Job
from commonground.outreach.models import Mailing, MailingStatus
from commonground.outreach.sending import deliver, queue_messages


def run_mailing(mailing_id: int) -> None:
    """Render and send a mailing now (the task's body; the bench and tests call it too)."""
    with transaction.atomic():
        mailing = Mailing.objects.select_for_update().filter(pk=mailing_id).first()
        if mailing is None or mailing.status not in (
            MailingStatus.APPROVED,
            MailingStatus.SCHEDULED,
        ):
            return  # cancelled, or already taken by another worker
        if mailing.scheduled_for and mailing.scheduled_for > timezone.now():
            return  # too early: ``commonground send-scheduled`` picks it up later
        job = Job.objects.create(
            kind="outreach.mailing",
            label=str(mailing)[:255],
            owner=mailing.requested_by,
            branch=mailing.branch,
            params={"mailing": mailing.pk},
        )
        mailing.status = MailingStatus.SENDING
        mailing.started_at = timezone.now()
        mailing.job = job
        mailing.save(update_fields=["status", "started_at", "job"])
    jobs.start(job)
    progress = jobs.JobProgress(job)
    try:
        mailing.recipients = queue_messages(mailing, progress)
        Mailing.objects.filter(pk=mailing.pk).update(recipients=mailing.recipients)
        counts = deliver(mailing, progress)
    except Exception as exc:
        Mailing.objects.filter(pk=mailing.pk).update(status=MailingStatus.FAILED)
        jobs.fail(job, str(exc))
        raise
    finished = timezone.now()
    Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.SENDING).update(
        status=MailingStatus.SENT, finished_at=finished
    )
    jobs.finish(job, {"recipients": mailing.recipients, **counts})
    log_action(
        mailing,
        "outreach.mailing.sent",
        "send",
        {
            "list": mailing.target_list_id,
            "template": mailing.template_id,
            "channel": mailing.channel,
            "purpose": mailing.purpose,
            "recipients": mailing.recipients,
            **counts,
            "requested_by": mailing.requested_by_id,
            "approved_by": mailing.approved_by_id,
        },
        branch_id=mailing.branch_id,
    )


@task()
def send_mailing(mailing_id: int) -> None:
    run_mailing(mailing_id)
