"""Help for organisers: a first-run guide per role and a page per section.

Each section of the product has a topic here; ``topic_for_app`` finds the topic of the page
being shown (its URL namespace), so every page's header links to the help for its section.
The words live in templates (``dashboard/help/topics/<slug>.html``,
``dashboard/help/guides/<role>.html``), translated like every other page.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from commonground.accounts.models import Role, User
from commonground.accounts.permissions import has_perm


@dataclass(frozen=True)
class Topic:
    slug: str
    title: str | Promise
    perm: str
    """Shown to roles with this permission ("" for everyone)."""
    apps: tuple[str, ...]
    """URL namespaces (or single ``namespace:name`` pages) whose pages link here."""

    @property
    def template(self) -> str:
        return f"dashboard/help/topics/{self.slug}.html"


TOPICS: tuple[Topic, ...] = (
    Topic("my-day", _("My day and the dashboard"), "", ("dashboard:my-day", "dashboard:home")),
    Topic("search", _("Searching"), "", ("dashboard:search",)),
    Topic("people", _("People, one-to-ones and wall charts"), "view_people", ("people",)),
    Topic("register", _("The care register"), "view_register", ("register",)),
    Topic("linkage", _("Linking people to workplaces"), "view_linkage", ("linkage",)),
    Topic("density", _("Density and targets"), "view_density", ("density",)),
    Topic("charters", _("Charters, letters and pledges"), "view_charters", ("charters",)),
    Topic("campaigns", _("Campaigns and events"), "view_campaigns", ("campaigns",)),
    Topic("alliances", _("Alliances and partners"), "view_alliances", ("alliances",)),
    Topic("library", _("The library"), "view_library", ("library",)),
    Topic("facility", _("Facility time"), "view_facility", ("facility",)),
    Topic("motions", _("Conference motions"), "view_motions", ("motions",)),
    Topic("reports", _("Reports"), "view_reports", ("reports",)),
    Topic("pages", _("Public pages for workers"), "view_pages", ("pages",)),
    Topic("outreach", _("Outreach: calls, texts and email"), "view_outreach", ("outreach",)),
    Topic("jobs", _("Background jobs"), "", ("jobs",)),
    Topic(
        "account",
        _("Your password, two-factor log-in and API tokens"),
        "",
        (
            "accounts:password-change",
            "accounts:password-change-done",
            "accounts:two-factor",
            "api",
        ),
    ),
    Topic("users", _("Users and the audit trail"), "manage_users", ("accounts", "audit")),
)
TOPICS_BY_SLUG = {t.slug: t for t in TOPICS}
_BY_APP = {app: t for t in TOPICS for app in t.apps}

GUIDES: dict[str, str | Promise] = {
    Role.ADMIN: _("Getting started as the data steward"),
    Role.REGIONAL_ORGANISER: _("Getting started as a regional organiser"),
    Role.BRANCH_ORGANISER: _("Getting started as a branch organiser"),
    Role.REP: _("Getting started as a rep"),
    Role.VIEWER: _("Getting started as a partner liaison"),
}


def role_of(user: User) -> str:
    return str(Role.ADMIN if user.is_admin else user.role)


def guide_template(role: str) -> str:
    return f"dashboard/help/guides/{role}.html"


def topics_for(user: User) -> list[Topic]:
    return [t for t in TOPICS if not t.perm or has_perm(user, t.perm)]


def topic_for_page(app_name: str | None, url_name: str | None) -> Topic | None:
    """The help topic of a page (its URL namespace, or the page itself); None: no help."""
    return _BY_APP.get(f"{app_name}:{url_name}") or _BY_APP.get(app_name or "")
