"""What each role may do: the one table the whole application consults.

``docs/roles.md`` is written from this table; the URL × persona test checks the pages
against it.
"""

from __future__ import annotations

from typing import Any

from commonground.accounts.models import Role

# Permissions are ``<verb>_<noun>`` (docs/style.md §10).
ALL = "*"

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    Role.ADMIN: frozenset({ALL}),
    Role.REGIONAL_ORGANISER: frozenset(
        {
            "view_register",
            "change_register",
            "import_register",
            "export_register",
            "view_people",
            "change_people",
            "export_people",
            "import_people",
            "merge_people",
            "view_small_counts",
            "view_density",
            "export_density",
            "view_linkage",
            "change_linkage",
            "view_charters",
            "change_charters",
            "export_charters",
            "publish_charters",
            "view_campaigns",
            "change_campaigns",
            "export_campaigns",
            "view_alliances",
            "change_alliances",
            "export_alliances",
            "view_library",
            "change_library",
            "export_library",
            "publish_library",
            "view_facility",
            "change_facility",
            "approve_facility",
            "export_facility",
            "view_motions",
            "change_motions",
            "export_motions",
            "view_reports",
            "publish_reports",
            "view_pages",
            "change_pages",
            "view_outreach",
            "change_outreach",
        }
    ),
    Role.BRANCH_ORGANISER: frozenset(
        {
            "view_register",
            "change_register",
            "export_register",
            "view_people",
            "change_people",
            "export_people",
            "import_people",
            "merge_people",
            "view_small_counts",
            "view_density",
            "export_density",
            "view_linkage",
            "change_linkage",
            "view_charters",
            "change_charters",
            "export_charters",
            "view_campaigns",
            "change_campaigns",
            "export_campaigns",
            "view_alliances",
            "change_alliances",
            "export_alliances",
            "view_library",
            "change_library",
            "export_library",
            "view_facility",
            "change_facility",
            "approve_facility",
            "export_facility",
            "view_motions",
            "change_motions",
            "export_motions",
            "view_reports",
            "view_pages",
            "change_pages",
            "view_outreach",
            "change_outreach",
        }
    ),
    Role.REP: frozenset(
        {
            "view_register",
            "view_people",
            "change_people",
            "view_density",
            "view_charters",
            "view_campaigns",
            "view_alliances",
            "view_library",
            "view_facility",
            "change_facility",
            "view_motions",
            "view_reports",
            "view_pages",
            "view_outreach",
        }
    ),
    # Partner liaison / viewer: aggregates only, never a person (exports: density tables,
    # which hide small counts from this role).
    Role.VIEWER: frozenset(
        {
            "view_register",
            "view_density",
            "export_density",
            "view_charters",
            "view_campaigns",
            "view_alliances",
            "view_library",
            "view_motions",
            "view_reports",
            "view_pages",
        }
    ),
}


def has_perm(user: Any, perm: str) -> bool:
    """True when ``user``'s role grants ``perm`` (e.g. ``"export_people"``)."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    role = Role.ADMIN if user.is_superuser else user.role
    granted = ROLE_PERMISSIONS.get(role, frozenset())
    return ALL in granted or perm in granted


def must_suppress(user: Any) -> bool:
    """Whether aggregates shown to ``user`` hide small counts of people (``lib.disclosure``).

    The one policy for every figure that counts people (density, campaign goals, reports,
    partners' recruits): organisers and admins, who may see every person in their scope, see
    exact counts; reps (who see only their own workplaces), viewers and anonymous visitors see
    "<5". Decided by the ``view_small_counts`` permission in the table above, never by role
    or by ``view_people`` at the call site.
    """
    return not has_perm(user, "view_small_counts")


def all_permissions() -> list[str]:
    perms: set[str] = set()
    for granted in ROLE_PERMISSIONS.values():
        perms |= {p for p in granted if p != ALL}
    return sorted(perms | {"manage_users", "view_audit", "erase_people"})
