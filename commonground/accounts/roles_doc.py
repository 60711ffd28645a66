"""Writes docs/roles.md from the one permission table, so the document cannot drift."""

from __future__ import annotations

from commonground.accounts.models import Role
from commonground.accounts.permissions import ALL, ROLE_PERMISSIONS

RECORDS = [
    # (noun in permissions, record kind, scope rule)
    (
        "register",
        "Care register (locations, providers, councils)",
        "public CQC data: every role in its region",
    ),
    (
        "people",
        "People, memberships, assessments, conversations",
        "admin: all; regional: region's branches; branch: own branches; rep: assigned workplaces; viewer: none",
    ),
    ("linkage", "Linkage review queue", "as people"),
    (
        "small_counts",
        "Exact small counts of people in aggregates",
        "without it, counts from 1 to 4 show as <5 (density, campaign goals, reports, partners)",
    ),
    ("density", "Density and targets", "aggregates for the user's region or branches"),
    ("charters", "Charters, targets, letters, evidence", "region"),
    ("campaigns", "Campaigns, goals, events", "region"),
    ("alliances", "Partners, affiliations, reciprocity", "region"),
    ("library", "Library items", "region; published items are public"),
    ("facility", "Facility time", "admin/regional: region; branch: own branches; rep: own entries"),
    ("motions", "Motions and calls to action", "region"),
    ("reports", "Reports", "aggregates only; published reports are public"),
    (
        "pages",
        "Public pages (join forms, petitions, surveys) and their results",
        (
            "region; change: a branch its own pages; the answers themselves are people "
            "(view_people, scoped as people); the pages are public at /public/"
        ),
    ),
    (
        "outreach",
        "Target lists, call and text banks, email and SMS sends",
        "organisers: own branches (regional: region); callers: their assignments, people in their own scope; sending needs a sender grant by an admin",
    ),
]
READ_ONLY = {"small_counts"}  # a view permission only: nothing to change
VERBS = ["view", "change", "export", "import", "merge", "erase", "publish", "approve"]
ROLE_ORDER = [Role.ADMIN, Role.REGIONAL_ORGANISER, Role.BRANCH_ORGANISER, Role.REP, Role.VIEWER]


def _cell(role: str, verb: str, noun: str) -> str:
    granted = ROLE_PERMISSIONS[role]
    return "✔" if ALL in granted or f"{verb}_{noun}" in granted else "—"


def render() -> str:
    lines = [
        "# Roles, scopes and what each may do",
        "",
        "Generated from `commonground/accounts/permissions.py` by `commonground roles-doc`;",
        "a test fails when this file and the table differ. Scope narrows every permission:",
        "a record outside the user's scope answers 404, as if it did not exist.",
        "",
        "| role | scope |",
        "|---|---|",
        "| admin (regional data steward) | everything; every access audited; the only role that manages users, reads the audit trail and erases people |",
        "| regional organiser | the branches of their region |",
        "| branch organiser / secretary | their own branches |",
        "| rep / activist | people at their assigned workplaces only; never exports |",
        "| viewer (partner liaison) | aggregates only, never a person |",
        "",
    ]
    for noun, label, scope in RECORDS:
        verbs = [
            v
            for v in VERBS
            if v == "view"
            or (v == "change" and noun not in READ_ONLY)
            or (noun, v) == ("people", "erase")  # admin only, but it must be visible here
            or any(_cell(r, v, noun) == "✔" for r in ROLE_ORDER if r != Role.ADMIN)
        ]
        lines += [f"## {label}", "", f"Scope: {scope}.", ""]
        lines.append("| role | " + " | ".join(verbs) + " |")
        lines.append("|---|" + "---|" * len(verbs))
        for role in ROLE_ORDER:
            lines.append(
                f"| {Role(role).label} | " + " | ".join(_cell(role, v, noun) for v in verbs) + " |"
            )
        lines.append("")
    lines += [
        "## Users and the audit trail",
        "",
        "Only admins invite users, set roles and scopes, read and export the audit trail, and",
        "erase people. Two-factor authentication is required for admins and organisers",
        "(`COMMONGROUND_REQUIRE_2FA`).",
        "",
    ]
    return "\n".join(lines)
