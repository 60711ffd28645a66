from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from commonground.accounts.models import User
from commonground.jobs.models import Job


def jobs_visible_to(user: User) -> QuerySet[Job]:
    """A user sees their own jobs; admins see every job."""
    if user.is_admin:
        return Job.objects.all()
    return Job.objects.filter(owner=user)


def get_job_for_user(user: User, pk: int) -> Job:
    try:
        return jobs_visible_to(user).get(pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
