"""The domains of the product (PRODUCT.md), in navigation order.

A domain whose pages exist names its URL; one not built yet points at an honest
"not built yet" page. As each domain lands, its entry gets its ``url_name``.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import lru_cache

from django.conf import settings
from django.urls import NoReverseMatch, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Domain:
    slug: str
    title: str | Promise
    perm: str
    summary: str | Promise
    url_name: str | None = None


DOMAINS: tuple[Domain, ...] = (
    Domain(
        "register",
        _("Register"),
        "view_register",
        _("Every care home and home-care agency, their providers and councils, from CQC data."),
    ),
    Domain(
        "people",
        _("People"),
        "view_people",
        _("Members and contacts, assessments, one-to-ones and workplace wall charts."),
    ),
    Domain(
        "linkage",
        _("Linkage"),
        "view_linkage",
        _("Link free-text workplaces to the register; the review queue."),
    ),
    Domain(
        "density",
        _("Density"),
        "view_density",
        _("Members ÷ workforce by workplace, provider, council and branch; targets."),
    ),
    Domain(
        "charters",
        _("Charters"),
        "view_charters",
        _("Ethical Care, Residential Care and Migrant Workers' charter commitments."),
    ),
    Domain(
        "campaigns", _("Campaigns"), "view_campaigns", _("Campaigns, goals, actions and events.")
    ),
    Domain(
        "pages",
        _("Public pages"),
        "view_pages",
        _("Join forms, petitions and surveys for workers, in their languages; new answers."),
    ),
    Domain(
        "alliances",
        _("Alliances"),
        "view_alliances",
        _("Community partners, affiliations, joint actions and reciprocity."),
    ),
    Domain(
        "library",
        _("Library"),
        "view_library",
        _("Good practice, campaign guides, briefings and bargaining resources."),
    ),
    Domain(
        "facility",
        _("Facility time"),
        "view_facility",
        _("Activists' facility time and the statutory publication figures."),
    ),
    Domain(
        "motions",
        _("Motions"),
        "view_motions",
        _("Conference motions, their calls to action and progress."),
    ),
    Domain("reports", _("Reports"), "view_reports", _("Campaign reports and exports.")),
    Domain(
        "outreach",
        _("Outreach"),
        "view_outreach",
        _("Target lists, phone and text banks, email and texts, consent and opt-outs."),
    ),
)

# The landing page of each domain. Until a domain's app defines it, ``domain_links`` falls
# back to the honest "not built yet" page.
URL_NAMES = {
    "register": "register:location-list",
    "people": "people:person-list",
    "linkage": "linkage:review-queue",
    "density": "density:overview",
    "charters": "charters:charter-list",
    "campaigns": "campaigns:campaign-list",
    "pages": "pages:page-list",
    "alliances": "alliances:partner-list",
    "library": "library:item-list",
    "facility": "facility:entry-list",
    "motions": "motions:motion-list",
    "reports": "reports:index",
    "outreach": "outreach:index",
}
DOMAINS = tuple(replace(d, url_name=URL_NAMES.get(d.slug)) for d in DOMAINS)
DOMAINS_BY_SLUG = {d.slug: d for d in DOMAINS}


def domain_links(user: object) -> list[dict[str, object]]:
    """The domains ``user`` may open, with their URL (built page or honest empty state).

    The same for every user of a role: built once per role and URLconf (every page shows
    the navigation, twice). Treat the result as read-only.
    """
    if getattr(user, "is_authenticated", False) and getattr(user, "is_active", False):
        role = "admin" if getattr(user, "is_superuser", False) else str(getattr(user, "role", ""))
        return _links_for_role(role, str(get_urlconf() or settings.ROOT_URLCONF))
    return _links(user)


@lru_cache(maxsize=64)
def _links_for_role(role: str, urlconf: str) -> list[dict[str, object]]:
    from commonground.accounts.models import Role

    class _RoleOnly:  # what has_perm reads of a user
        is_authenticated = True
        is_active = True
        is_superuser = role == "admin"

        def __init__(self) -> None:
            self.role = Role.ADMIN if role == "admin" else role

    return _links(_RoleOnly())


def _links(user: object) -> list[dict[str, object]]:
    from commonground.accounts.permissions import has_perm

    links: list[dict[str, object]] = []
    for d in DOMAINS:
        if not has_perm(user, d.perm):
            continue
        url = None
        if d.url_name:
            try:
                url = reverse(d.url_name)
            except NoReverseMatch:
                url = None
        links.append(
            {
                "domain": d,
                "url": url or reverse("dashboard:domain", args=[d.slug]),
                "built": url is not None,
            }
        )
    return links
