"""Read-only views of the alliance network: the affiliation matrix and the network drawing."""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from commonground.accounts.models import Branch, User
from commonground.accounts.permissions import must_suppress
from commonground.alliances.models import (
    Affiliation,
    AffiliationStatus,
    Direction,
    IssueTag,
    LedgerEntry,
    Partner,
)
from commonground.lib.disclosure import suppress
from commonground.lib.query import equal, search


def with_counts(partners: QuerySet[Partner]) -> QuerySet[Partner]:
    """``active_affiliations`` and ``action_count`` on each partner (one query)."""
    return partners.annotate(
        active_affiliations=Count(
            "affiliations", filter=Q(affiliations__status=AffiliationStatus.ACTIVE), distinct=True
        ),
        action_count=Count("joint_actions", distinct=True),
    )


def filter_partners(
    partners: QuerySet[Partner], *, q: str = "", kind: str = "", issue: IssueTag | str | None = None
) -> QuerySet[Partner]:
    """The partner list's filters; ``issue`` is an issue tag or its slug."""
    partners = equal(search(partners, q, "name", "description"), kind=kind)
    if isinstance(issue, IssueTag):
        partners = partners.filter(issues=issue)
    elif issue:
        partners = partners.filter(issues__slug=issue)
    return partners


@dataclass
class AffiliationCell:
    affiliation: Affiliation | None

    @property
    def css(self) -> str:
        if self.affiliation is None:
            return "none"
        return str(self.affiliation.status)


def affiliation_matrix(
    branches: QuerySet[Branch], partners: QuerySet[Partner]
) -> tuple[list[Partner], list[tuple[Branch, list[AffiliationCell]]]]:
    """Branches (rows) × partners (columns); two queries whatever the size."""
    partner_list = list(partners.order_by("name"))
    branch_list = list(branches.order_by("code"))
    found = {
        (a.branch_id, a.partner_id): a
        for a in Affiliation.objects.filter(
            branch__in=[b.pk for b in branch_list], partner__in=[p.pk for p in partner_list]
        )
    }
    rows = [
        (b, [AffiliationCell(found.get((b.pk, p.pk))) for p in partner_list]) for b in branch_list
    ]
    return partner_list, rows


def balances(partners: QuerySet[Partner]) -> dict[int, dict[str, Decimal]]:
    """Given minus received per partner and unit, in one query."""
    rows = (
        LedgerEntry.objects.filter(partner__in=partners)
        .values("partner_id", "unit")
        .annotate(
            given=Sum("quantity", filter=Q(direction=Direction.GIVEN)),
            received=Sum("quantity", filter=Q(direction=Direction.RECEIVED)),
        )
    )
    result: dict[int, dict[str, Decimal]] = {}
    for r in rows:
        result.setdefault(r["partner_id"], {})[r["unit"]] = (r["given"] or Decimal(0)) - (
            r["received"] or Decimal(0)
        )
    return result


@dataclass
class Node:
    key: str
    label: str
    x: float
    y: float
    kind: str  # "partner" or "branch"
    url: str = ""
    weight: int = 0


@dataclass
class Edge:
    x1: float
    y1: float
    x2: float
    y2: float
    status: str
    joint: int = 0


@dataclass
class Network:
    width: int
    height: int
    nodes: list[Node]
    edges: list[Edge]


def network(branches: QuerySet[Branch], partners: QuerySet[Partner], size: int = 720) -> Network:
    """A radial drawing: partners on an inner ring, their affiliated branches on the outer.

    Only branches with at least one affiliation or joint action are drawn, so a region of
    35 branches stays readable.
    """
    partner_list = list(
        partners.annotate(n=Count("affiliations", distinct=True)).order_by("kind", "name")
    )
    affs = list(
        Affiliation.objects.filter(partner__in=partner_list, branch__in=branches).exclude(
            status=AffiliationStatus.ENDED
        )
    )
    joint = (
        Branch.objects.filter(pk__in=branches.values("pk"))
        .filter(joint_actions__partners__in=partner_list)
        .values("pk", "joint_actions__partners")
        .annotate(n=Count("joint_actions", distinct=True))
    )
    joint_counts = {(r["pk"], r["joint_actions__partners"]): r["n"] for r in joint}
    branch_ids = {a.branch_id for a in affs} | {k[0] for k in joint_counts}
    # Sit each branch next to the first partner it is linked to, so lines stay short.
    order = {p.pk: i for i, p in enumerate(partner_list)}
    first_partner: dict[int, int] = {}
    for a in affs:
        first_partner[a.branch_id] = min(first_partner.get(a.branch_id, 99999), order[a.partner_id])
    for branch_id, partner_id in joint_counts:
        first_partner[branch_id] = min(first_partner.get(branch_id, 99999), order[partner_id])
    branch_list = sorted(
        branches.filter(pk__in=branch_ids), key=lambda b: (first_partner.get(b.pk, 0), b.code)
    )

    centre = size / 2
    nodes: list[Node] = []
    pos: dict[str, tuple[float, float]] = {}

    def ring(items: list[tuple[str, str, str]], radius: float, kind: str) -> None:
        count = max(len(items), 1)
        for i, (key, label, url) in enumerate(items):
            angle = 2 * math.pi * i / count - math.pi / 2
            x = round(centre + radius * math.cos(angle), 1)
            y = round(centre + radius * math.sin(angle), 1)
            pos[key] = (x, y)
            nodes.append(Node(key, label, x, y, kind, url))

    from django.urls import reverse

    ring(
        [
            (f"p{p.pk}", p.name, reverse("alliances:partner-detail", args=[p.pk]))
            for p in partner_list
        ],
        size * 0.2 if len(partner_list) > 1 else 0,
        "partner",
    )
    ring([(f"b{b.pk}", b.code, "") for b in branch_list], size * 0.4, "branch")

    edges: list[Edge] = []
    seen: set[tuple[int, int]] = set()
    for a in affs:
        seen.add((a.branch_id, a.partner_id))
        (x1, y1), (x2, y2) = pos[f"p{a.partner_id}"], pos[f"b{a.branch_id}"]
        edges.append(
            Edge(x1, y1, x2, y2, str(a.status), joint_counts.get((a.branch_id, a.partner_id), 0))
        )
    for (branch_id, partner_id), n in joint_counts.items():
        if (branch_id, partner_id) in seen or f"b{branch_id}" not in pos:
            continue
        (x1, y1), (x2, y2) = pos[f"p{partner_id}"], pos[f"b{branch_id}"]
        edges.append(Edge(x1, y1, x2, y2, "joint", n))
    degree: dict[str, int] = {}
    for a in affs:
        degree[f"p{a.partner_id}"] = degree.get(f"p{a.partner_id}", 0) + 1
    for node in nodes:
        node.weight = degree.get(node.key, 0)
    return Network(size, size, nodes, edges)


def recruits_attributed(partner: Partner, user: User) -> str:
    """How many members and contacts were recruited through ``partner`` (a count, never the
    people), region-wide. Small counts are hidden from anyone who may not see people."""
    count = partner.recruits.count()
    return suppress(count) if must_suppress(user) else f"{count:,}"
