"""Who may read the audit trail: admins only."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet

from commonground.accounts.models import User
from commonground.audit.models import Entry


def entries_visible_to(user: User) -> QuerySet[Entry]:
    if not user.is_admin:
        raise PermissionDenied
    return Entry.objects.select_related("actor", "subject_type")


def filter_entries(
    qs: QuerySet[Entry],
    *,
    actor: str = "",
    action: str = "",
    subject: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
) -> QuerySet[Entry]:
    if actor:
        qs = qs.filter(actor_label__icontains=actor)
    if action:
        qs = qs.filter(action__startswith=action)
    if subject:
        # "people.person:42", "42" or a label fragment
        if ":" in subject:
            model, _sep, pk = subject.partition(":")
            app_label, _dot, model_name = model.partition(".")
            qs = qs.filter(
                subject_type__app_label=app_label, subject_type__model=model_name, subject_id=pk
            )
        elif subject.isdigit():
            qs = qs.filter(subject_id=subject)
        else:
            qs = qs.filter(subject_label__icontains=subject)
    if date_from:
        qs = qs.filter(at__date__gte=date_from)
    if date_to:
        qs = qs.filter(at__date__lte=date_to)
    return qs
