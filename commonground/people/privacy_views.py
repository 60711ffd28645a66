"""Data-protection pages for people: the outreach contact list, subject access, erasure.

Thin views (access → form → action); the rules live in ``access`` (who), ``models``
(``Person.objects.outreach_ok()``), ``subject_access`` and ``actions.erase_person``.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.audit.log import log_action
from commonground.lib.exports import Echo, safe_cell
from commonground.people import actions, subject_access
from commonground.people.access import (
    get_person_for_privacy,
    log_person_viewed,
    people_visible_to,
)
from commonground.people.forms import ContactListForm, EraseForm, SubjectAccessForm
from commonground.people.models import Person

CONTACT_HEADERS = ("id", "name", "branch", "phone", "email", "workplace", "lawful basis")


@login_required
@require_perm("export_people")
@require_GET
def contact_list(request: AuthenticatedHttpRequest) -> StreamingHttpResponse:
    """The outreach contact list (CSV): people in scope with a lawful basis, never the erased.

    ``?branch=<id>`` and ``?workplace=<location id>`` narrow it. Audited as an export.
    """
    qs = Person.objects.outreach_ok().filter(pk__in=people_visible_to(request.user).values("pk"))
    narrowed: dict[str, str] = {}
    query = ContactListForm(request.GET).values
    for key, lookup in (("branch", "branch_id"), ("workplace", "location_id")):
        if value := query[key]:
            qs = qs.filter(**{lookup: value})
            narrowed[key] = str(value)
    qs = qs.select_related("branch", "location").order_by("pk")
    log_action(
        None,
        "people.person.exported",
        request.user,
        {"format": "csv", "count": qs.count(), "query": narrowed, "purpose": "outreach"},
        request=request,
    )

    def rows() -> Iterator[list[object]]:
        yield list(CONTACT_HEADERS)
        for p in qs.iterator(chunk_size=2000):
            yield [
                p.pk,
                p.full_name,
                p.branch.code,
                p.phone,
                p.email,
                p.location.name if p.location else p.workplace_text,
                p.lawful_basis,
            ]

    writer = csv.writer(Echo())
    stream = (writer.writerow([safe_cell(c) for c in row]) for row in rows())
    response = StreamingHttpResponse(stream, content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="contact-list-{stamp}.csv"'
    return response


@login_required
@require_GET
def person_subject_access(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Download everything held about a person (``?format=json|html|pdf``), audited."""
    person = get_person_for_privacy(request.user, pk)
    fmt = SubjectAccessForm(request.GET).values["format"]
    body = subject_access.render(subject_access.collect(person), fmt)
    subject_access.log_subject_access(request.user, person, fmt, request=request)
    response = HttpResponse(body, content_type=subject_access.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = (
        f'attachment; filename="{subject_access.filename(person, fmt)}"'
    )
    return response


@login_required
@require_http_methods(["GET", "POST"])
def person_erase(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """Erase (anonymise) a person after a confirmation: ``erase_people`` (admin) only."""
    person = get_person_for_privacy(request.user, pk, erase=True)
    if person.is_erased:
        messages.info(request, _("This person has already been erased."))
        return redirect("people:person-detail", pk=person.pk)
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            wiped = actions.erase_person(
                request.user, person, reason=form.cleaned_data["reason"], request=request
            )
        messages.success(
            request,
            _("Erased. The record is kept without personal data so that counts stay right."),
        )
        files = wiped.get("import_files")
        if files:
            messages.info(request, _erased_files_message(files["uploads"], files["rejected_rows"]))
        return redirect("people:person-detail", pk=person.pk)
    log_person_viewed(request.user, person, request=request, where="erase")
    return render(
        request,
        "people/person_erase.html",
        {
            "person": person,
            "form": form,
            "assessments": person.assessments.count(),
            "conversations": person.conversations.count(),
        },
    )


def _erased_files_message(uploads: int, rejected_rows: int) -> str:
    """What erasure did to import files, in words."""
    parts = []
    if uploads:
        parts.append(
            ngettext(
                "%(count)s uploaded import file that held this person was deleted.",
                "%(count)s uploaded import files that held this person were deleted.",
                uploads,
            )
            % {"count": uploads}
        )
    if rejected_rows:
        parts.append(
            ngettext(
                "%(count)s rejected row holding this person was removed from the import's "
                "rejected-rows files.",
                "%(count)s rejected rows holding this person were removed from the imports' "
                "rejected-rows files.",
                rejected_rows,
            )
            % {"count": rejected_rows}
        )
    return " ".join(parts)
