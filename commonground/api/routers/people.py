"""People, their assessments and one-to-ones: scoped exactly as the pages are.

Every query starts from ``people.access`` (viewers: 403; a person outside scope: 404) and
every read is audited as the page's is: a list writes ``people.person.searched``, a person,
their assessments or their one-to-ones write ``people.person.viewed``.

Not served here (read them on the person's page): immigration/sponsorship details,
employment type and the notes of one-to-ones. A token is a bearer credential kept in scripts;
the API follows the export's rule for the most sensitive free text (``docs/api.md``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any, Literal, TypeAlias

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema

from commonground.api.common import (
    Code,
    Id,
    PageParams,
    ResultPage,
    Text,
    acting_user,
    one_of,
    page_of,
    responses,
)
from commonground.people.access import (
    branches_for_people,
    get_person_for_user,
    log_people_listed,
    people_visible_to,
    workplaces_visible_to,
)
from commonground.people.models import (
    Assessment,
    Conversation,
    LawfulBasis,
    MembershipStatus,
    Person,
    RoleKind,
)
from commonground.people.queries import filter_people

router = Router(tags=["people"])

if TYPE_CHECKING:
    MembershipParam: TypeAlias = str
    RoleParam: TypeAlias = str
    BasisParam: TypeAlias = str
else:
    MembershipParam = one_of(MembershipStatus.values, ["none"])
    RoleParam = one_of(RoleKind.values)
    BasisParam = one_of([v for v in LawfulBasis.values if v], ["none"])


class WorkplaceRef(Schema):
    cqc_id: str
    name: str


class MembershipOut(Schema):
    number: str
    status: str
    joined: dt.date | None
    lapsed: dt.date | None


def _membership(person: Person) -> dict[str, Any] | None:
    try:
        m = person.membership
    except ObjectDoesNotExist:
        return None
    return {"number": m.number, "status": m.status, "joined": m.joined, "lapsed": m.lapsed}


class PersonSummaryOut(Schema):
    id: int
    full_name: str
    branch: str = Field(..., description="Branch code.")
    membership: MembershipOut | None
    workplace: WorkplaceRef | None
    job_title: str
    assessment: int = Field(..., ge=0, le=5, description="0 unassessed, 1 leader … 5 opposed.")
    lawful_basis: str
    last_contacted: dt.datetime | None
    follow_up_due: dt.date | None

    @staticmethod
    def resolve_branch(obj: Person) -> str:
        return obj.branch.code

    @staticmethod
    def resolve_membership(obj: Person) -> dict[str, Any] | None:
        return _membership(obj)

    @staticmethod
    def resolve_workplace(obj: Person) -> dict[str, Any] | None:
        loc = obj.location
        return {"cqc_id": loc.cqc_id, "name": loc.name} if loc else None


class PersonOut(PersonSummaryOut):
    phone: str
    email: str
    postcode: str
    languages: list[str]
    employer: str
    workplace_text: str
    shift: str
    unit: str
    consent_date: dt.date | None
    assessed_at: dt.datetime | None
    roles: list[str] = Field(..., description="Current workplace roles.")
    updated: dt.datetime

    @staticmethod
    def resolve_employer(obj: Person) -> str:
        return obj.provider.name if obj.provider else obj.employer_text

    @staticmethod
    def resolve_languages(obj: Person) -> list[str]:
        return [str(x) for x in obj.languages] if isinstance(obj.languages, list) else []

    @staticmethod
    def resolve_roles(obj: Person) -> list[str]:
        return list(obj.roles.filter(ended__isnull=True).values_list("role", flat=True))


class PersonPage(ResultPage[PersonSummaryOut]):
    pass


class PersonFilters(PageParams):
    q: Text = Field("", description="Name, email, phone, postcode, membership number.")
    branch: Code = Field("", description="Branch code.")
    workplace: Code = Field("", description="CQC location id of the workplace.")
    status: MembershipParam = Field("", description="`none`: not a member (no membership).")
    assessment: int | None = Field(None, ge=0, le=5)
    role: RoleParam = Field("", description="A current workplace role.")
    lawful_basis: BasisParam = Field("", description="`none`: no lawful basis recorded.")
    follow_up: Literal["", "due", "any"] = ""


def _filtered(request: HttpRequest, filters: PersonFilters) -> QuerySet[Person]:
    user = acting_user(request)
    qs = people_visible_to(user)  # PermissionDenied (403) for roles that see no person
    data: dict[str, Any] = filters.dict(exclude={"limit", "offset", "branch", "workplace"})
    if filters.branch:
        data["branch"] = branches_for_people(user).filter(code=filters.branch).first()
        if data["branch"] is None:
            return qs.none()
    if filters.workplace:
        data["workplace"] = workplaces_visible_to(user).filter(cqc_id=filters.workplace).first()
        if data["workplace"] is None:
            return qs.none()
    return filter_people(qs, data)


@router.get("/", response=responses(PersonPage), summary="People in scope (audited)")
def person_list(request: HttpRequest, filters: Query[PersonFilters]) -> dict[str, Any]:
    """Filtered like the people page. Viewers: 403. Writes `people.person.searched`."""
    qs = _filtered(request, filters).select_related("branch", "membership", "location")
    page = page_of(qs.order_by("full_name", "pk"), filters)
    query = filters.dict(exclude={"limit", "offset"}, exclude_defaults=True)
    log_people_listed(
        acting_user(request),
        len(page["items"]),
        where="api list",
        query={**query, "offset": filters.offset, "total": page["count"]},
        request=request,
    )
    return page


@router.get("/{pk}", response=responses(PersonOut), summary="One person (audited)")
def person_detail(request: HttpRequest, pk: Id) -> Person:
    """404 outside scope. Writes `people.person.viewed`."""
    return get_person_for_user(acting_user(request), pk, request=request)


class AssessmentOut(Schema):
    id: int
    value: int = Field(..., ge=0, le=5)
    at: dt.datetime
    by: str | None = Field(..., description="Username of who recorded it.")
    note: str

    @staticmethod
    def resolve_by(obj: Assessment) -> str | None:
        return obj.by.get_username() if obj.by else None


class AssessmentPage(ResultPage[AssessmentOut]):
    pass


@router.get(
    "/{pk}/assessments",
    response=responses(AssessmentPage),
    summary="A person's assessment history, newest first (audited)",
)
def assessment_list(request: HttpRequest, pk: Id, page: Query[PageParams]) -> dict[str, Any]:
    person = get_person_for_user(acting_user(request), pk, request=request)
    return page_of(person.assessments.select_related("by").order_by("-at", "-pk"), page)


class ConversationOut(Schema):
    id: int
    at: dt.datetime
    by: str | None = Field(..., description="Username of who logged it.")
    issues: list[str]
    outcome: str
    next_step: str
    follow_up: dt.date | None
    follow_up_done: bool
    has_notes: bool = Field(..., description="Notes exist; read them on the person's page.")

    @staticmethod
    def resolve_by(obj: Conversation) -> str | None:
        return obj.by.get_username() if obj.by else None

    @staticmethod
    def resolve_issues(obj: Conversation) -> list[str]:
        return [str(x) for x in obj.issues] if isinstance(obj.issues, list) else []

    @staticmethod
    def resolve_has_notes(obj: Conversation) -> bool:
        return bool(obj.notes)


class ConversationPage(ResultPage[ConversationOut]):
    pass


@router.get(
    "/{pk}/conversations",
    response=responses(ConversationPage),
    summary="A person's one-to-ones, newest first, without their notes (audited)",
)
def conversation_list(request: HttpRequest, pk: Id, page: Query[PageParams]) -> dict[str, Any]:
    person = get_person_for_user(acting_user(request), pk, request=request)
    return page_of(person.conversations.select_related("by").order_by("-at", "-pk"), page)
