"""People pages: thin views, access → form → action."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from commonground.accounts.access import require_perm
from commonground.accounts.http import AuthenticatedHttpRequest
from commonground.alliances.access import partners_visible_to
from commonground.audit.exports import export_response
from commonground.lib.pagination import paginate
from commonground.lib.redirects import safe_next
from commonground.people import actions
from commonground.people.access import (
    branches_for_people,
    can_see_sensitive,
    get_person_for_user,
    get_workplace_for_user,
    is_rep,
    log_people_listed,
    log_person_viewed,
    people_visible_to,
    workplaces_visible_to,
)
from commonground.people.exporters import PeopleExporter
from commonground.people.forms import (
    WALL_GROUPS,
    AddPersonForm,
    AssessmentForm,
    ConversationForm,
    PersonFilterForm,
    PersonForm,
    PrefillWorkplaceForm,
    RoleForm,
    WallForm,
)
from commonground.people.models import ASSESSMENT_CHOICES, Outcome, Person
from commonground.people.queries import (
    duplicate_pairs,
    filter_people,
    group_people,
    wall_people,
    wall_summary,
)


def _filter_form(request: AuthenticatedHttpRequest) -> PersonFilterForm:
    user = request.user
    return PersonFilterForm(
        request.GET,
        branches=branches_for_people(user),
        workplaces=workplaces_visible_to(user)
        .filter(people__isnull=False)
        .distinct()
        .order_by("name")
        if not is_rep(user)
        else user.workplaces.order_by("name"),
        sensitive=can_see_sensitive(user),
    )


def _filtered(request: AuthenticatedHttpRequest) -> tuple[PersonFilterForm, Any]:
    form = _filter_form(request)
    return form, filter_people(people_visible_to(request.user), form.values)


def _query_for_audit(form: PersonFilterForm) -> dict[str, Any]:
    return {k: str(getattr(v, "pk", v)) for k, v in form.values.items() if v not in ("", None)}


@login_required
@require_perm("view_people")
@require_GET
def person_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    qs = qs.select_related("branch", "membership", "location").order_by("full_name", "pk")
    page = paginate(request, qs)
    log_people_listed(
        request.user,
        len(page.object_list),
        where="list",
        query={**_query_for_audit(form), "page": page.number, "total": page.paginator.count},
        request=request,
    )
    return render(
        request,
        "people/person_list.html",
        {
            "form": form,
            "page": page,
            "filtered": any(v not in ("", None) for k, v in form.values.items() if k != "q"),
            "can_export": PeopleExporter.available_for_user(request.user),
            "assessments": ASSESSMENT_CHOICES,
        },
    )


@login_required
@require_perm("export_people")
@require_GET
def person_export(request: AuthenticatedHttpRequest) -> HttpResponseBase:
    form, qs = _filtered(request)
    return export_response(request, PeopleExporter(qs), filters=_query_for_audit(form))


@login_required
@require_perm("view_people")
@require_GET
def person_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, request=request)
    return render(request, "people/person_detail.html", _person_context(request, person))


def _person_context(request: AuthenticatedHttpRequest, person: Person) -> dict[str, Any]:
    return {
        "person": person,
        "membership": getattr(person, "membership", None) if _has_membership(person) else None,
        "roles": person.roles.filter(ended__isnull=True),
        "assessments": person.assessments.select_related("by")[:50],
        "conversations": person.conversations.select_related("by")[:50],
        "sensitive": can_see_sensitive(request.user),
        "conversation_form": ConversationForm(person=person),
        "role_form": RoleForm(),
        "assessment_choices": ASSESSMENT_CHOICES,
    }


def _has_membership(person: Person) -> bool:
    try:
        return person.membership is not None
    except Person.membership.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False


@login_required
@require_perm("change_people")
@require_http_methods(["GET", "POST"])
def person_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    branches = branches_for_people(user)
    locations = (
        user.workplaces.order_by("name")
        if is_rep(user)
        else workplaces_visible_to(user).order_by("name")
    )
    form = AddPersonForm(
        request.POST or None,
        branches=branches,
        locations=locations,
        partners=partners_visible_to(user),
        sensitive=can_see_sensitive(user),
        initial={"location": PrefillWorkplaceForm(request.GET).values["workplace"]},
    )
    if request.method == "POST" and form.is_valid():
        changes = form.changes()
        try:
            person = actions.add_contact(
                user, branch=form.cleaned_data["branch"], values=changes, request=request
            )
        except PermissionDenied:
            form.add_error("location", _("Reps add people at their assigned workplaces only."))
        else:
            messages.success(request, _("%(name)s added.") % {"name": person.full_name})
            return redirect("people:person-detail", pk=person.pk)
    return render(request, "people/person_form.html", {"form": form, "adding": True})


@login_required
@require_perm("change_people")
@require_http_methods(["GET", "POST"])
def person_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    user = request.user
    person = get_person_for_user(user, pk, write=True)
    locations = (
        user.workplaces.order_by("name")
        if is_rep(user)
        else workplaces_visible_to(user).order_by("name")
    )
    form = PersonForm(
        request.POST or None,
        instance=person if request.method == "GET" else Person.objects.get(pk=person.pk),
        locations=locations,
        partners=partners_visible_to(user),
        sensitive=can_see_sensitive(user),
    )
    if request.method == "POST" and form.is_valid():
        actions.update_person(user, person, form.changes(), request=request)
        messages.success(request, _("Saved."))
        return redirect("people:person-detail", pk=person.pk)
    # The form shows every field (sensitive ones too, for those who may see them).
    log_person_viewed(user, person, request=request, where="edit")
    return render(request, "people/person_form.html", {"form": form, "person": person})


def _card(
    request: AuthenticatedHttpRequest,
    person: Person,
    *,
    form: ConversationForm | None = None,
) -> HttpResponse:
    """A person's wall-chart card (htmx), fresh from the database."""
    person = wall_people(people_visible_to(request.user).filter(pk=person.pk)).get()
    return render(
        request,
        "people/_person_card.html",
        {
            "p": person,
            "just_saved": form is None,
            "form_errors": form.errors if form is not None else None,
            "outcomes": Outcome.choices,
            "today": timezone.localdate(),
        },
    )


def _card_or_redirect(request: AuthenticatedHttpRequest, person: Person) -> HttpResponse:
    """htmx gets the refreshed wall-chart card; a plain form post goes back to the person."""
    if request.htmx:
        return _card(request, person)
    return redirect(safe_next(request, reverse("people:person-detail", args=[person.pk])))


@login_required
@require_perm("change_people")
@require_POST
def person_assess(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = AssessmentForm(request.POST)
    if not form.is_valid():
        return HttpResponse(_("Choose an assessment from 1 to 5."), status=400)
    actions.record_assessment(
        request.user, person, form.cleaned_data["value"], form.cleaned_data["note"], request=request
    )
    return _card_or_redirect(request, person)


@login_required
@require_perm("change_people")
@require_POST
def person_converse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """The one-to-one form: assessment, conversation and follow-up in one save.

    On the person's page an invalid form is shown again with its errors; from a wall-chart
    card (htmx) the refreshed card carries them.
    """
    person = get_person_for_user(request.user, pk, write=True)
    form = ConversationForm(request.POST, person=person)
    if not form.is_valid():
        if request.htmx:
            # htmx swaps only 2xx answers: the card comes back with the errors on it.
            return _card(request, person, form=form)
        context = _person_context(request, person)
        context["conversation_form"] = form
        return render(request, "people/person_detail.html", context, status=400)
    data = form.cleaned_data
    actions.record_one_to_one(
        request.user,
        person,
        assessment=data["assessment"],
        issues=form.issue_list(),
        outcome=data["outcome"],
        next_step=data["next_step"],
        follow_up=data["follow_up"],
        notes=data["notes"],
        close_follow_ups=bool(data.get("close_follow_up")),
        request=request,
    )
    if not request.htmx:
        messages.success(request, _("One-to-one saved."))
    return _card_or_redirect(request, person)


@login_required
@require_perm("change_people")
@require_POST
def person_role(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    form = RoleForm(request.POST)
    if form.is_valid():
        actions.set_workplace_role(
            request.user,
            person,
            form.cleaned_data["role"],
            active=form.cleaned_data["active"],
            request=request,
        )
    return _card_or_redirect(request, person)


@login_required
@require_perm("change_people")
@require_POST
def person_follow_up_done(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    person = get_person_for_user(request.user, pk, write=True)
    actions.mark_follow_up_done(request.user, person, request=request)
    return _card_or_redirect(request, person)


@login_required
@require_perm("view_people")
@require_GET
def workplace_wall(request: AuthenticatedHttpRequest, location_pk: int) -> HttpResponse:
    location = get_workplace_for_user(request.user, location_pk)
    group = WallForm(request.GET).values["group"] or "role"
    people = list(wall_people(people_visible_to(request.user).filter(location=location)))
    log_people_listed(
        request.user,
        len(people),
        where="wall chart",
        query={"location": location.pk},
        request=request,
        subject=location,
    )
    return render(
        request,
        "people/workplace_wall.html",
        {
            "location": location,
            "groups": group_people(people, group),
            "group": group,
            "group_choices": WALL_GROUPS,
            "summary": wall_summary(people),
            "outcomes": Outcome.choices,
            "assessment_choices": ASSESSMENT_CHOICES,
            "today": timezone.localdate(),
            "can_add": not is_rep(request.user)
            or request.user.workplaces.filter(pk=location.pk).exists(),
        },
    )


@login_required
@require_perm("view_people")
@require_GET
def my_work(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The old "My work" page: its follow-ups and workplaces are on My day now."""
    return redirect("dashboard:my-day")


@login_required
@require_perm("merge_people")
@require_GET
def duplicate_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    pairs = duplicate_pairs(people_visible_to(request.user))
    log_people_listed(request.user, 2 * len(pairs), where="duplicates", request=request)
    return render(request, "people/duplicate_list.html", {"pairs": pairs})


@login_required
@require_perm("merge_people")
@require_http_methods(["GET", "POST"])
def person_merge(request: AuthenticatedHttpRequest, keep_pk: int, drop_pk: int) -> HttpResponse:
    if keep_pk == drop_pk:
        raise Http404
    if request.method == "POST":
        keep = get_person_for_user(request.user, keep_pk, write=True)
        drop = get_person_for_user(request.user, drop_pk, write=True)
        actions.merge_people(request.user, keep, drop, request=request)
        messages.success(request, _("Merged: every assessment and conversation is kept."))
        return redirect("people:person-detail", pk=keep.pk)
    keep = get_person_for_user(request.user, keep_pk, request=request)
    drop = get_person_for_user(request.user, drop_pk, request=request)
    fields = [
        (_("Name"), keep.full_name, drop.full_name),
        (_("Branch"), keep.branch, drop.branch),
        (_("Membership"), _membership_text(keep), _membership_text(drop)),
        (_("Phone"), keep.phone, drop.phone),
        (_("Email"), keep.email, drop.email),
        (_("Postcode"), keep.postcode, drop.postcode),
        (
            _("Workplace"),
            keep.location or keep.workplace_text,
            drop.location or drop.workplace_text,
        ),
        (_("Job title"), keep.job_title, drop.job_title),
        (_("Assessment"), keep.get_assessment_display(), drop.get_assessment_display()),
        (_("Assessments"), keep.assessments.count(), drop.assessments.count()),
        (_("Conversations"), keep.conversations.count(), drop.conversations.count()),
        (_("Added"), keep.created.date(), drop.created.date()),
    ]
    return render(
        request, "people/person_merge.html", {"keep": keep, "drop": drop, "fields": fields}
    )


def _membership_text(person: Person) -> str:
    if not _has_membership(person):
        return ""
    return f"{person.membership.number} ({person.membership.get_status_display()})"
