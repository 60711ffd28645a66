from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from commonground.accounts.access import branches_visible_to
from commonground.accounts.models import Role, User
from commonground.jobs.models import Job


def jobs_visible_to(user: User) -> QuerySet[Job]:
    """A user sees their own jobs; organisers also the jobs of the branches in their scope
    (a regional organiser every branch import of the region); admins every job."""
    if user.is_admin:
        return Job.objects.all()
    if user.role in (Role.REGIONAL_ORGANISER, Role.BRANCH_ORGANISER):
        return Job.objects.filter(Q(owner=user) | Q(branch__in=branches_visible_to(user)))
    return Job.objects.filter(owner=user)


def get_job_for_user(user: User, pk: int) -> Job:
    try:
        return jobs_visible_to(user).get(pk=pk)
    except Job.DoesNotExist as exc:
        raise Http404 from exc
