"""Read-side queries over people: filters for the list, duplicates, wall chart, my work.

Every function takes a queryset that already came from ``people_visible_to``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.db.models.functions import Lower
from django.utils import timezone

from commonground.people.models import ASSESSMENT_CHOICES, Membership, Person, WorkplaceRole

MAX_PAIRS = 100


def filter_people(qs: QuerySet[Person], data: dict[str, Any]) -> QuerySet[Person]:
    """Apply the list's filters (already cleaned by ``PersonFilterForm``)."""
    q = (data.get("q") or "").strip()
    if q:
        compact = "".join(q.split()).upper()
        qs = qs.filter(
            Q(full_name__icontains=q)
            | Q(email__icontains=q.lower())
            | Q(phone__contains="".join(ch for ch in q if ch.isdigit()) or q)
            | Q(postcode__startswith=q.upper())
            | Q(membership__number=compact)
            | Q(workplace_text__icontains=q)
        )
    if data.get("branch"):
        qs = qs.filter(branch=data["branch"])
    if data.get("workplace"):
        qs = qs.filter(location=data["workplace"])
    status = data.get("status")
    if status == "none":
        qs = qs.filter(membership__isnull=True)
    elif status:
        qs = qs.filter(membership__status=status)
    if data.get("assessment") not in (None, ""):
        qs = qs.filter(assessment=int(data["assessment"]))
    if data.get("role"):
        qs = qs.filter(
            pk__in=WorkplaceRole.objects.filter(role=data["role"], ended__isnull=True).values(
                "person_id"
            )
        )
    basis = data.get("lawful_basis")
    if basis == "none":
        qs = qs.filter(lawful_basis="")
    elif basis:
        qs = qs.filter(lawful_basis=basis)
    follow = data.get("follow_up")
    if follow == "due":
        qs = qs.filter(follow_up_due__lte=timezone.localdate())
    elif follow == "any":
        qs = qs.filter(follow_up_due__isnull=False)
    if data.get("employment_type"):
        qs = qs.filter(employment_type=data["employment_type"])
    return qs


def search_people(qs: QuerySet[Person], q: str) -> QuerySet[Person]:
    """People whose name has a word starting with each word of ``q`` ("sam kh" finds
    "Samira Khan"), or whose membership number, email or phone is exactly ``q``.

    Ordered by name. The global search (``dashboard.search``) reads it.
    """
    words = [w for w in q.split() if w]
    if not words:
        return qs.none()
    by_name = Q()
    for word in words:
        by_name &= Q(full_name__istartswith=word) | Q(full_name__icontains=f" {word}")
    cond = by_name
    compact = "".join(words).upper()
    cond |= Q(membership__number=compact)
    if "@" in q:
        cond |= Q(email=q.strip().lower())
    digits = "".join(ch for ch in q if ch.isdigit())
    if len(digits) >= 6:
        cond |= Q(phone__endswith=digits[-10:])
    return qs.filter(cond).order_by("full_name", "pk")


def duplicate_pairs(qs: QuerySet[Person]) -> list[tuple[Person, Person, str]]:
    """Suggested duplicates: same membership number; same name with phone, email or postcode."""
    groups: list[tuple[list[int], str]] = []
    numbers = (
        Membership.objects.filter(person__in=qs)
        .exclude(number="")
        .values("number")
        .annotate(n=Count("person"))
        .filter(n__gt=1)[:MAX_PAIRS]
    )
    for row in numbers:
        ids = list(
            Membership.objects.filter(person__in=qs, number=row["number"]).values_list(
                "person_id", flat=True
            )
        )
        groups.append((ids, f"same membership number {row['number']}"))
    for field, label in (("phone", "phone"), ("email", "email"), ("postcode", "postcode")):
        dupes = (
            qs.exclude(**{field: ""})
            .annotate(lname=Lower("full_name"))
            .values("lname", field)
            .annotate(n=Count("pk"))
            .filter(n__gt=1)
            .order_by()[:MAX_PAIRS]
        )
        for row in dupes:
            ids = list(
                qs.annotate(lname=Lower("full_name"))
                .filter(lname=row["lname"], **{field: row[field]})
                .values_list("pk", flat=True)
            )
            groups.append((ids, f"same name and {label}"))
    pairs: list[tuple[int, int, str]] = []
    seen: set[tuple[int, int]] = set()
    for ids, reason in groups:
        ids = sorted(ids)
        for other in ids[1:]:
            pair = (ids[0], other)
            if pair not in seen:
                seen.add(pair)
                pairs.append((ids[0], other, reason))
            if len(pairs) >= MAX_PAIRS:
                break
    people = qs.select_related("branch", "membership").in_bulk(
        [p for a, b, _ in pairs for p in (a, b)]
    )
    return [(people[a], people[b], r) for a, b, r in pairs if a in people and b in people]


def wall_people(qs: QuerySet[Person]) -> QuerySet[Person]:
    """People on a wall chart, with what the chart shows, in a constant number of queries."""
    from django.db.models import Prefetch

    return (
        qs.select_related("membership")
        .prefetch_related(
            Prefetch(
                "roles",
                queryset=WorkplaceRole.objects.filter(ended__isnull=True),
                to_attr="current_roles",
            )
        )
        .order_by("unit", "shift", "full_name", "pk")
    )


def wall_summary(people: list[Person]) -> dict[str, Any]:
    members = sum(
        1
        for p in people
        if getattr(p, "membership", None) is not None and p.membership.status == "member"
    )
    by_assessment = dict.fromkeys(range(6), 0)
    for p in people:
        by_assessment[p.assessment] += 1
    reps = sum(
        1
        for p in people
        if any(r.role in ("rep", "steward") for r in getattr(p, "current_roles", ()))
    )
    today = timezone.localdate()
    due = sum(1 for p in people if p.follow_up_due and p.follow_up_due <= today)
    labels = dict(ASSESSMENT_CHOICES)
    return {
        "assessment_counts": [(v, labels[v], n) for v, n in by_assessment.items()],
        "total": len(people),
        "members": members,
        "non_members": len(people) - members,
        "by_assessment": by_assessment,
        "reps": reps,
        "due": due,
    }


def group_people(people: list[Person], by: str) -> list[tuple[str, list[Person]]]:
    """Group for the wall chart: by role, shift or unit (blank groups last)."""
    groups: dict[str, list[Person]] = {}
    for p in people:
        if by == "role":
            roles = [r.get_role_display() for r in p.current_roles]  # type: ignore[attr-defined]
            label = str(roles[0]) if roles else ""
        else:
            label = getattr(p, by, "") or ""
        groups.setdefault(label, []).append(p)
    return sorted(groups.items(), key=lambda kv: (kv[0] == "", kv[0].casefold()))


def due_on_or_before(qs: QuerySet[Person], day: date) -> QuerySet[Person]:
    return qs.filter(follow_up_due__lte=day).order_by("follow_up_due", "full_name")
