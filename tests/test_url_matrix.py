"""Every URL pattern × every persona: the status the access rules say (issue 8, Access).

How it works:

- ``url_names()`` walks ``get_resolver()`` recursively, namespaces included. Every name must
  have a row in ``MATRIX``; a new URL without one fails ``test_every_url_name_is_in_the_matrix``
  and its own case, with a message saying to add it here. Django admin internals are covered by
  the index, the people changelist and a rule for every changelist; ninja API operations
  beyond the ones listed are covered by the API tests (here: each refuses a request without
  a token).
- A row says, per persona, the status of a GET. Rows are written against the permission table
  (``ROLE_PERMISSIONS``, the single source, as ``docs/roles.md`` is): ``gate("view_people")``
  means anonymous → 302 to the login page, a role with the permission → 200, one without →
  403. Scope outcomes are explicit overrides: a record outside a persona's scope is 404.
- URLs with parameters are built from real records: variant ``a`` lives in branch T-A (inside
  ``branch_organiser_a``'s scope, at ``workplace_x`` for the rep), variant ``b`` in branch T-B
  (``outsider_branch_b``'s). Region-wide records (charters, campaigns, partners, library) are
  visible to the whole region by design; their *write* views are scoped.
- Views that accept POST have a ``post`` row: every persona the row denies (302/403/404) is
  refused on POST with that status and the database does not change.
- Every page a persona opens is searched for the names of people outside their scope: a viewer
  never sees a person, ``outsider_branch_b`` never sees a T-A person (lists, search results,
  GeoJSON, exports, htmx partials), a rep sees only people at their workplace.

The data is built once per module inside a transaction that is rolled back at the end; each
test runs in a savepoint of it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from commonground.accounts.models import Branch, Invitation, Role, WorkplaceAssignment
from commonground.accounts.permissions import ALL, ROLE_PERMISSIONS
from commonground.alliances.models import (
    Affiliation,
    AffiliationStatus,
    Contact,
    Direction,
    JointAction,
    LedgerEntry,
    Partner,
    PartnerType,
    SupportKind,
    Unit,
)
from commonground.api.actions import create_token
from commonground.campaigns.actions import record_signup
from commonground.campaigns.models import Campaign, Event, EventKind, EventStatus, Goal
from commonground.charters.actions import generate_letter
from commonground.charters.models import (
    Charter,
    CommitmentCompliance,
    Evidence,
    LetterTemplate,
    Status,
    Target,
    TargetKind,
    TargetStatus,
)
from commonground.charters.seed import seed_charters
from commonground.facility.models import Employer, OfficialTerms, PeriodInput, TimeEntry
from commonground.imports.models import ImportRun
from commonground.jobs.models import Job
from commonground.library.actions import save_item
from commonground.library.models import Attachment, Item
from commonground.linkage.models import ReviewItem
from commonground.motions.models import CallToAction, Motion
from commonground.people.models import Membership, Person
from commonground.publicpages.actions import (
    create_page,
    receive_submission,
    save_question,
    set_page_open,
)
from commonground.publicpages.public_forms import Received
from commonground.register.models import Council, Location
from commonground.register.seed import seed_north_west
from commonground.testing import make_branch, make_location, make_provider, make_user

pytestmark = pytest.mark.django_db

# --- Personas ---------------------------------------------------------------------------------

PERSONAS = (
    "anonymous",
    "admin",
    "regional_organiser",
    "branch_organiser_a",
    "rep_at_workplace_x",
    "viewer",
    "outsider_branch_b",
)
ROLES = {
    "admin": Role.ADMIN,
    "regional_organiser": Role.REGIONAL_ORGANISER,
    "branch_organiser_a": Role.BRANCH_ORGANISER,
    "rep_at_workplace_x": Role.REP,
    "viewer": Role.VIEWER,
    "outsider_branch_b": Role.BRANCH_ORGANISER,
}

# Synthetic people with names found nowhere else, so a page that shows one is caught.
NAME_A_X = "Zorvath Amelinque"  # T-A, at workplace_x (the rep's)
NAME_A_X2 = "Yselde Brunnockway"  # T-A, at workplace_x (a duplicate candidate to merge)
NAME_A_OTHER = "Wendrith Callowmere"  # T-A, another Bolton home (not the rep's)
NAME_B = "Xantor Pelliwickham"  # T-B, at workplace_y
NAME_B2 = "Ulvick Dorramoresby"  # T-B, at workplace_y
SIGNUP_A = "Tamsin Glorwickety"  # signed up at a T-A event
SIGNUP_B = "Rhosyn Quenbyworth"  # signed up at a T-B event
NAMES_A = (NAME_A_X, NAME_A_X2, NAME_A_OTHER, SIGNUP_A)
NAMES_B = (NAME_B, NAME_B2, SIGNUP_B)
EVERYONE = NAMES_A + NAMES_B
ACTIVIST_A = "Quorrafel"  # the rep's first name: their facility time is T-A's business

# Names each persona must never see on any page.
FORBIDDEN: dict[str, tuple[str, ...]] = {
    "anonymous": EVERYONE,
    "admin": (),
    "regional_organiser": (),
    "branch_organiser_a": NAMES_B,
    # A rep sees people at their assigned workplace only; event sign-ups are not theirs.
    "rep_at_workplace_x": (NAME_A_OTHER, SIGNUP_A, *NAMES_B),
    "viewer": EVERYONE,
    "outsider_branch_b": NAMES_A,
}

# --- Rows -------------------------------------------------------------------------------------

Row = dict[str, int]
ALLOWED = 0  # in a ``post`` row: the persona may write; not exercised here
OUT_A = {"outsider_branch_b": 404}  # a T-A record: the other branch's organiser is outside
OUT_B = {"branch_organiser_a": 404, "rep_at_workplace_x": 404}  # a T-B record


def _granted(persona: str, perm: str) -> bool:
    granted = ROLE_PERMISSIONS.get(ROLES[persona], frozenset())
    return ALL in granted or perm in granted


def gate(perm: str, ok: int = 200, **scope: int) -> Row:
    """``@login_required`` + ``@require_perm(perm)``: anonymous 302, without the perm 403.

    ``scope`` overrides the status for personas that hold the permission (404 outside scope).
    """
    row = {"anonymous": 302}
    for persona in PERSONAS[1:]:
        row[persona] = scope.get(persona, ok) if _granted(persona, perm) else 403
    return row


def login(ok: int = 200, **scope: int) -> Row:
    """``@login_required`` only."""
    return {"anonymous": 302, **{p: scope.get(p, ok) for p in PERSONAS[1:]}}


def admin_only(ok: int = 200) -> Row:
    return {p: 302 if p == "anonymous" else ok if p == "admin" else 403 for p in PERSONAS}


def everyone(status: int) -> Row:
    return dict.fromkeys(PERSONAS, status)


def writes(row: Row) -> Row:
    """The POST row of a GET/POST form view: whoever may open it may submit it."""
    return {p: ALLOWED if s in (200, 302) and p != "anonymous" else s for p, s in row.items()}


Args = Callable[[Any, str], dict[str, Any]]


def _by_variant(rows: Row | dict[str, Row]) -> dict[str, Row]:
    """A single row (no parameters, or one record) is the variant ``""``."""
    if "anonymous" in rows:
        return {"": rows}  # type: ignore[dict-item]
    return rows  # type: ignore[return-value]


class U:
    """One URL name: its GET row per variant, its POST row per variant, how to build args."""

    def __init__(
        self,
        get: Row | dict[str, Row],
        post: Row | dict[str, Row] | None = None,
        args: Args | None = None,
        query: str = "",
    ) -> None:
        self.get: dict[str, Row] = _by_variant(get)
        self.post: dict[str, Row] | None = None if post is None else _by_variant(post)
        self.args = args
        self.query = query

    @property
    def variants(self) -> list[str]:
        return list(self.get)


def pk(kind: str, key: str = "pk") -> Args:
    return lambda w, v: {key: w[kind, v].pk}


def obj(kind: str, attr: str, key: str) -> Args:
    return lambda w, v: {key: getattr(w[kind, v], attr)}


def fixed(**kwargs: Any) -> Args:
    return lambda w, v: kwargs


def ab(a: Row, b: Row) -> dict[str, Row]:
    return {"a": a, "b": b}


# Frequently used rows.
PEOPLE_A = gate("view_people", **OUT_A)
PEOPLE_B = gate("view_people", **OUT_B)
CHANGE_PEOPLE_A = gate("change_people", **OUT_A)
CHANGE_PEOPLE_B = gate("change_people", **OUT_B)
POST_PEOPLE = ab(gate("change_people", ALLOWED, **OUT_A), gate("change_people", ALLOWED, **OUT_B))
IMPORT_A = gate("import_people", **OUT_A)
IMPORT_B = gate("import_people", **OUT_B)
LINKAGE_A = gate("view_linkage", **OUT_A)
LINKAGE_B = gate("view_linkage", **OUT_B)
POST_LINKAGE = ab(
    gate("change_linkage", ALLOWED, **OUT_A), gate("change_linkage", ALLOWED, **OUT_B)
)
# Charter writes are scoped to the targets a branch leads or whose council it covers.
CHARTER_WRITE = ab(
    gate("change_charters", outsider_branch_b=404), gate("change_charters", branch_organiser_a=404)
)
POST_CHARTER_WRITE = ab(
    gate("change_charters", ALLOWED, outsider_branch_b=404),
    gate("change_charters", ALLOWED, branch_organiser_a=404),
)
CAMPAIGN_WRITE = ab(
    gate("change_campaigns", outsider_branch_b=404),
    gate("change_campaigns", branch_organiser_a=404),
)
POST_CAMPAIGN_WRITE = ab(
    gate("change_campaigns", ALLOWED, outsider_branch_b=404),
    gate("change_campaigns", ALLOWED, branch_organiser_a=404),
)
ALLIANCE_WRITE_BRANCH = ab(
    gate("change_alliances", outsider_branch_b=404),
    gate("change_alliances", branch_organiser_a=404),
)
POST_ALLIANCE_WRITE_BRANCH = ab(
    gate("change_alliances", ALLOWED, outsider_branch_b=404),
    gate("change_alliances", ALLOWED, branch_organiser_a=404),
)
# Library items are visible region-wide; changing one is for its region's organisers, its
# author and its branch's organisers (403: the item is visible, not theirs to change).
LIBRARY_WRITE = ab(
    gate("change_library", outsider_branch_b=403),
    gate("change_library", branch_organiser_a=403),
)
POST_LIBRARY_WRITE = ab(
    gate("change_library", ALLOWED, outsider_branch_b=403),
    gate("change_library", ALLOWED, branch_organiser_a=403),
)
# Public pages: region-wide to read; a branch changes the pages it runs.
PAGE_WRITE = ab(
    gate("change_pages", outsider_branch_b=404), gate("change_pages", branch_organiser_a=404)
)
POST_PAGE_WRITE = ab(
    gate("change_pages", ALLOWED, outsider_branch_b=404),
    gate("change_pages", ALLOWED, branch_organiser_a=404),
)
# Facility entries: a rep sees their own, a branch secretary their branch's; only the activist
# edits their own pending entry (403 for the secretary who sees it, 404 for everyone else).
FACILITY_EDIT = ab(
    gate(
        "change_facility",
        admin=403,
        regional_organiser=403,
        branch_organiser_a=403,
        outsider_branch_b=404,
    ),
    gate(
        "change_facility",
        admin=403,
        regional_organiser=403,
        branch_organiser_a=404,
        rep_at_workplace_x=404,
    ),
)
# The activist never approves their own time (403); another branch's entry is 404.
FACILITY_DECIDE = ab(
    gate("approve_facility", ALLOWED, outsider_branch_b=404),
    gate("approve_facility", ALLOWED, branch_organiser_a=404, outsider_branch_b=403),
)

# Outreach records of a branch: its organisers (and the region's, and admins); not reps.
OUTREACH_A = gate("change_outreach", **OUT_A)
OUTREACH_B = gate("change_outreach", **OUT_B)
CALLER_A = gate("view_outreach", 403, rep_at_workplace_x=200, outsider_branch_b=404)
CALLER_B = gate(
    "view_outreach", 403, outsider_branch_b=200, branch_organiser_a=404, rep_at_workplace_x=404
)
# A held call is its caller's: everyone else who can see the assignment gets 404.
CALL_POST = ab(
    gate("view_outreach", 404, rep_at_workplace_x=ALLOWED),
    gate("view_outreach", 404, outsider_branch_b=ALLOWED),
)
CALL_ARGS: Args = lambda w, v: {"pk": w["assignment", v].pk, "call_pk": w["held_call", v].pk}  # noqa: E731
# Sending needs the sender grant (the admin persona only): organisers in scope get 403.
SEND_POST = ab(
    gate("change_outreach", 403, admin=ALLOWED, outsider_branch_b=404),
    gate("change_outreach", 403, admin=ALLOWED, branch_organiser_a=404),
)

MATRIX: dict[str, U] = {
    # --- dashboard
    "dashboard:root": U(everyone(302)),
    "dashboard:home": U(login()),
    "dashboard:my-day": U(login()),
    "dashboard:search": U(login(), query="?q=synthetic"),
    "dashboard:help": U(login()),
    "dashboard:help-topic": U(login(), args=fixed(slug="search")),
    "dashboard:guide-hide": U(login(405), post=writes(login(302))),
    "dashboard:domain": U(gate("view_reports"), args=fixed(slug="reports")),
    "dashboard:health": U(everyone(200)),
    "dashboard:favicon": U(everyone(301)),
    # --- accounts
    "accounts:login": U({"anonymous": 200, **dict.fromkeys(PERSONAS[1:], 302)}),
    "accounts:logout": U(everyone(405)),
    "accounts:password-change": U(login(), post=writes(login())),
    "accounts:password-change-done": U(login()),
    "accounts:password-reset": U(everyone(200)),
    "accounts:password-reset-done": U(everyone(200)),
    "accounts:password-reset-confirm": U(
        everyone(200), args=fixed(uidb64="MQ", token="no-such-token")
    ),
    "accounts:password-reset-complete": U(everyone(200)),
    "accounts:two-factor": U(login()),
    "accounts:invite-accept": U(everyone(200), args=obj("invitation", "token", "token")),
    "accounts:user-list": U(admin_only()),
    "accounts:user-invite": U(admin_only(), post=writes(admin_only())),
    "accounts:user-detail": U(admin_only(), post=writes(admin_only()), args=pk("user")),
    "accounts:user-workplaces": U(admin_only(405), post=writes(admin_only(302)), args=pk("user")),
    "accounts:user-two-factor-reset": U(
        admin_only(405), post=writes(admin_only(302)), args=pk("user")
    ),
    # --- audit
    "audit:entry-list": U(admin_only()),
    "audit:entry-export": U(admin_only()),
    # --- jobs: a user sees their own jobs, organisers their branches' jobs; admins every job
    "jobs:job-list": U(login()),
    "jobs:job-detail": U(
        ab(
            login(404, admin=200, regional_organiser=200, branch_organiser_a=200),
            login(404, admin=200, regional_organiser=200, outsider_branch_b=200),
        ),
        args=pk("job"),
    ),
    # --- register: public CQC data, region-wide
    "register:location-list": U(gate("view_register")),
    "register:location-search": U(gate("view_register"), query="?name=w&w-q=synthetic"),
    "register:provider-search": U(gate("view_register"), query="?name=p&p-q=synthetic"),
    "register:location-detail": U(
        ab(gate("view_register"), gate("view_register")), args=obj("location", "cqc_id", "cqc_id")
    ),
    "register:location-workforce": U(
        gate("change_register", 405),
        post=gate("change_register", ALLOWED),
        args=obj("location", "cqc_id", "cqc_id"),
    ),
    "register:provider-detail": U(
        ab(gate("view_register"), gate("view_register")), args=pk("provider")
    ),
    "register:council-detail": U(
        ab(gate("view_register"), gate("view_register")),
        args=obj("council", "ons_code", "ons_code"),
    ),
    "people:location-carry-over": U(
        gate("change_register", 405),
        post=gate("change_register", ALLOWED),
        args=obj("location", "cqc_id", "cqc_id"),
    ),
    "register:coverage": U(gate("view_register")),
    "register:region-map": U(gate("view_register")),
    "register:map-councils": U(gate("view_register")),
    "register:map-locations": U(gate("view_register")),
    "register:import-create": U(gate("import_register"), post=writes(gate("import_register"))),
    "register:import-rejects": U(gate("import_register"), args=pk("register_run")),
    # --- people: viewers never see a person; outside scope is 404
    "people:person-list": U(gate("view_people")),
    "people:person-export": U(gate("export_people")),
    "people:person-add": U(gate("change_people"), post=writes(gate("change_people"))),
    "people:my-work": U(gate("view_people", 302)),  # moved to My day
    "people:duplicate-list": U(gate("merge_people")),
    "people:person-merge": U(
        {
            **ab(gate("merge_people", **OUT_A), gate("merge_people", **OUT_B)),
            # a2: keep a T-A person, drop a T-B one: nobody but the region's organisers.
            "a2": gate("merge_people", branch_organiser_a=404, outsider_branch_b=404),
        },
        post=ab(gate("merge_people", ALLOWED, **OUT_A), gate("merge_people", ALLOWED, **OUT_B)),
        args=lambda w, v: {"keep_pk": w["person", v].pk, "drop_pk": w["person2", v].pk},
    ),
    "people:workplace-wall": U(ab(PEOPLE_A, PEOPLE_B), args=pk("location", "location_pk")),
    "people:person-detail": U(
        # a2: a T-A person at another workplace than the rep's.
        {**ab(PEOPLE_A, PEOPLE_B), "a2": gate("view_people", rep_at_workplace_x=404, **OUT_A)},
        args=pk("person"),
    ),
    "people:person-edit": U(
        ab(CHANGE_PEOPLE_A, CHANGE_PEOPLE_B),
        post=ab(writes(CHANGE_PEOPLE_A), writes(CHANGE_PEOPLE_B)),
        args=pk("person"),
    ),
    "people:person-assess": U(gate("change_people", 405), post=POST_PEOPLE, args=pk("person")),
    "people:person-converse": U(gate("change_people", 405), post=POST_PEOPLE, args=pk("person")),
    "people:person-role": U(gate("change_people", 405), post=POST_PEOPLE, args=pk("person")),
    "people:person-follow-up-done": U(
        gate("change_people", 405), post=POST_PEOPLE, args=pk("person")
    ),
    "people:import-list": U(gate("import_people")),
    "people:import-start": U(gate("import_people"), post=writes(gate("import_people"))),
    "people:import-mapping": U(
        ab(IMPORT_A, IMPORT_B), post=ab(writes(IMPORT_A), writes(IMPORT_B)), args=pk("run")
    ),
    "people:import-detail": U(ab(IMPORT_A, IMPORT_B), args=pk("run")),
    "people:import-confirm": U(
        gate("import_people", 405), post=ab(writes(IMPORT_A), writes(IMPORT_B)), args=pk("run")
    ),
    "people:import-rejects": U(ab(IMPORT_A, IMPORT_B), args=pk("run")),
    # --- linkage: the items of the people the reviewer may see
    "linkage:review-queue": U(gate("view_linkage")),
    # A plain GET of one item redirects into the queue (htmx gets the panel: see below).
    "linkage:review-item": U(
        ab(gate("view_linkage", 302, **OUT_A), gate("view_linkage", 302, **OUT_B)),
        args=pk("review"),
    ),
    "linkage:review-item-accept": U(
        gate("change_linkage", 405), post=POST_LINKAGE, args=pk("review")
    ),
    "linkage:review-item-reject": U(
        gate("change_linkage", 405), post=POST_LINKAGE, args=pk("review")
    ),
    "linkage:review-item-search": U(ab(LINKAGE_A, LINKAGE_B), args=pk("review")),
    "linkage:link-run": U(gate("change_linkage", 405), post=gate("change_linkage", ALLOWED)),
    # --- density: aggregates only
    "density:overview": U(gate("view_density")),
    "density:map-councils": U(gate("view_density")),
    "density:targets": U(gate("view_density")),
    "density:table": U(gate("view_density"), args=fixed(level="location")),
    "density:table-export": U(gate("export_density"), args=fixed(level="location")),
    # --- charters: statuses region-wide; contacts, letters and evidence for charter workers
    "charters:charter-list": U(gate("view_charters")),
    "charters:target-list": U(gate("view_charters")),
    "charters:target-create": U(gate("change_charters"), post=writes(gate("change_charters"))),
    "charters:target-add-councils": U(
        gate("change_charters", 405), post=gate("change_charters", ALLOWED)
    ),
    "charters:target-detail": U(
        ab(gate("view_charters"), gate("view_charters")), args=pk("target")
    ),
    "charters:target-edit": U(CHARTER_WRITE, post=POST_CHARTER_WRITE, args=pk("target")),
    "charters:status-change": U(
        gate("change_charters", 405),
        post=POST_CHARTER_WRITE,
        args=lambda w, v: {"pk": w["target", v].pk, "slug": w["charter"].slug},
    ),
    "charters:pledge-outcome": U(
        gate("change_charters", 405),
        post=POST_CHARTER_WRITE,
        args=lambda w, v: {"pk": w["target", v].pk, "slug": w["charter"].slug},
    ),
    "charters:compliance-record": U(
        gate("change_charters", 405),
        post=POST_CHARTER_WRITE,
        args=lambda w, v: {"pk": w["target", v].pk, "slug": w["charter"].slug},
    ),
    "charters:letter-create": U(
        CHARTER_WRITE,
        post=POST_CHARTER_WRITE,
        args=lambda w, v: {"pk": w["target", v].pk, "slug": w["charter"].slug},
    ),
    "charters:letter-detail": U(
        ab(gate("change_charters"), gate("change_charters")), args=pk("letter")
    ),
    "charters:letter-pdf": U(
        ab(gate("change_charters"), gate("change_charters")), args=pk("letter")
    ),
    "charters:letter-text": U(
        ab(gate("change_charters"), gate("change_charters")), args=pk("letter")
    ),
    "charters:letter-sent": U(
        gate("change_charters", 405), post=POST_CHARTER_WRITE, args=pk("letter")
    ),
    "charters:evidence-download": U(
        ab(gate("change_charters"), gate("change_charters")), args=pk("evidence")
    ),
    "charters:map": U(gate("view_charters")),
    "charters:map-geojson": U(gate("view_charters")),
    "charters:scoreboard": U(gate("view_charters")),
    "charters:public-index": U(everyone(200)),
    "charters:public-scoreboard": U(everyone(200), args=lambda w, v: {"slug": w["charter"].slug}),
    "charters:public-geojson": U(everyone(200), args=lambda w, v: {"slug": w["charter"].slug}),
    "charters:commitment-edit": U(
        admin_only(), post=writes(admin_only()), args=lambda w, v: {"pk": w["commitment"].pk}
    ),
    "charters:commitment-move": U(
        admin_only(405),
        post=admin_only(ALLOWED),
        args=lambda w, v: {"pk": w["commitment"].pk},
    ),
    "charters:charter-detail": U(
        gate("view_charters"), args=lambda w, v: {"slug": w["charter"].slug}
    ),
    "charters:charter-edit": U(
        admin_only(), post=writes(admin_only()), args=lambda w, v: {"slug": w["charter"].slug}
    ),
    "charters:commitment-create": U(
        admin_only(), post=writes(admin_only()), args=lambda w, v: {"slug": w["charter"].slug}
    ),
    "charters:scoreboard-publish": U(
        gate("publish_charters", 405),
        post=gate("publish_charters", ALLOWED),
        args=lambda w, v: {"slug": w["charter"].slug},
    ),
    # --- campaigns: region-wide to read; a branch changes the campaigns and events it runs
    "campaigns:campaign-list": U(gate("view_campaigns")),
    "campaigns:campaign-create": U(gate("change_campaigns"), post=writes(gate("change_campaigns"))),
    "campaigns:event-list": U(gate("view_campaigns")),
    "campaigns:event-calendar": U(gate("view_campaigns")),
    "campaigns:event-timeline": U(gate("view_campaigns")),
    "campaigns:event-create": U(gate("change_campaigns"), post=writes(gate("change_campaigns"))),
    "campaigns:event-detail": U(
        ab(gate("view_campaigns"), gate("view_campaigns")), args=pk("event")
    ),
    "campaigns:event-edit": U(CAMPAIGN_WRITE, post=POST_CAMPAIGN_WRITE, args=pk("event")),
    "campaigns:event-signup": U(CAMPAIGN_WRITE, post=POST_CAMPAIGN_WRITE, args=pk("event")),
    "campaigns:campaign-detail": U(
        ab(gate("view_campaigns"), gate("view_campaigns")), args=obj("campaign", "slug", "slug")
    ),
    "campaigns:campaign-edit": U(
        CAMPAIGN_WRITE, post=POST_CAMPAIGN_WRITE, args=obj("campaign", "slug", "slug")
    ),
    "campaigns:goal-create": U(
        CAMPAIGN_WRITE, post=POST_CAMPAIGN_WRITE, args=obj("campaign", "slug", "slug")
    ),
    "campaigns:goal-delete": U(
        gate("change_campaigns", 405),
        post=POST_CAMPAIGN_WRITE,
        args=lambda w, v: {"slug": w["campaign", v].slug, "pk": w["goal", v].pk},
    ),
    # --- alliances: partners region-wide; a branch changes its own affiliations and ledger
    "campaigns:campaign-partners": U(
        gate("change_campaigns", 405),
        post=POST_CAMPAIGN_WRITE,
        args=obj("campaign", "slug", "slug"),
    ),
    "alliances:partner-list": U(gate("view_alliances")),
    "alliances:partner-create": U(gate("change_alliances"), post=writes(gate("change_alliances"))),
    "alliances:partner-detail": U(gate("view_alliances"), args=pk("partner")),
    "alliances:partner-edit": U(
        gate("change_alliances"), post=writes(gate("change_alliances")), args=pk("partner")
    ),
    "alliances:contact-add": U(
        gate("change_alliances", 405), post=gate("change_alliances", ALLOWED), args=pk("partner")
    ),
    "alliances:contact-delete": U(
        gate("change_alliances", 405),
        post=gate("change_alliances", ALLOWED),
        args=lambda w, v: {"pk": w["partner", "a"].pk, "contact_pk": w["contact"].pk},
    ),
    "alliances:affiliation-matrix": U(gate("view_alliances")),
    "alliances:affiliation-create": U(
        gate("change_alliances"), post=writes(gate("change_alliances"))
    ),
    "alliances:affiliation-edit": U(
        ALLIANCE_WRITE_BRANCH, post=POST_ALLIANCE_WRITE_BRANCH, args=pk("affiliation")
    ),
    "alliances:action-list": U(gate("view_alliances")),
    "alliances:action-create": U(gate("change_alliances"), post=writes(gate("change_alliances"))),
    "alliances:action-detail": U(gate("view_alliances"), args=pk("action")),
    "alliances:action-edit": U(
        gate("change_alliances"), post=writes(gate("change_alliances")), args=pk("action")
    ),
    "alliances:ledger-list": U(gate("view_alliances")),
    "alliances:ledger-create": U(gate("change_alliances"), post=writes(gate("change_alliances"))),
    "alliances:ledger-delete": U(
        gate("change_alliances", 405), post=POST_ALLIANCE_WRITE_BRANCH, args=pk("ledger")
    ),
    "alliances:network": U(gate("view_alliances")),
    # --- library: region-wide to read; published items are public
    "library:item-list": U(gate("view_library")),
    "library:item-create": U(gate("change_library"), post=writes(gate("change_library"))),
    "library:item-detail": U(ab(gate("view_library"), gate("view_library")), args=pk("item")),
    "library:item-edit": U(LIBRARY_WRITE, post=POST_LIBRARY_WRITE, args=pk("item")),
    "library:item-print": U(ab(gate("view_library"), gate("view_library")), args=pk("item")),
    "library:item-publish": U(
        gate("publish_library", 405), post=gate("publish_library", ALLOWED), args=pk("item")
    ),
    "library:item-delete": U(gate("change_library", 405), post=POST_LIBRARY_WRITE, args=pk("item")),
    "library:attachment-add": U(
        gate("change_library", 405), post=POST_LIBRARY_WRITE, args=pk("item")
    ),
    "library:attachment-download": U(
        ab(gate("view_library"), gate("view_library")),
        args=lambda w, v: {"pk": w["item", v].pk, "file_pk": w["attachment", v].pk},
    ),
    "library:attachment-delete": U(
        gate("change_library", 405),
        post=POST_LIBRARY_WRITE,
        args=lambda w, v: {"pk": w["item", v].pk, "file_pk": w["attachment", v].pk},
    ),
    "library:public-list": U(everyone(200)),
    "library:public-detail": U(everyone(200), args=obj("item", "slug", "slug")),
    "library:public-attachment": U(
        everyone(200),
        args=lambda w, v: {"slug": w["item", "a"].slug, "file_pk": w["attachment", "a"].pk},
    ),
    # --- facility time: entries name activists (personal data)
    "facility:entry-list": U(gate("view_facility")),
    "facility:entry-create": U(
        # Admins and regional organisers choose the branch on the form (issue 19, item 10).
        gate("change_facility"),
        post=gate("change_facility", ALLOWED),
    ),
    "facility:entry-edit": U(
        FACILITY_EDIT,
        post=ab(writes(FACILITY_EDIT["a"]), writes(FACILITY_EDIT["b"])),
        args=pk("entry"),
    ),
    "facility:entry-decide": U(
        gate("approve_facility", 405), post=FACILITY_DECIDE, args=pk("entry")
    ),
    "facility:entry-export": U(gate("export_facility")),
    "facility:report": U(gate("view_facility")),
    "facility:employer-list": U(gate("view_facility")),
    "facility:employer-create": U(gate("approve_facility"), post=writes(gate("approve_facility"))),
    "facility:employer-edit": U(
        gate("approve_facility"), post=writes(gate("approve_facility")), args=pk("employer")
    ),
    "facility:period-create": U(
        gate("approve_facility"), post=writes(gate("approve_facility")), args=pk("employer")
    ),
    "facility:figures": U(
        gate("approve_facility"), post=writes(gate("approve_facility")), args=pk("period")
    ),
    "facility:figures-export": U(gate("export_facility"), args=pk("period")),
    # --- motions: published policy, everyone with view_motions
    "motions:motion-list": U(gate("view_motions")),
    "motions:motion-import": U(gate("change_motions"), post=writes(gate("change_motions"))),
    "motions:motion-detail": U(gate("view_motions"), args=pk("motion")),
    "motions:motion-edit": U(
        gate("change_motions"), post=writes(gate("change_motions")), args=pk("motion")
    ),
    "motions:call-update": U(
        gate("change_motions", 405), post=gate("change_motions", ALLOWED), args=pk("call")
    ),
    "motions:call-assign": U(
        gate("change_motions", 405), post=gate("change_motions", ALLOWED), args=pk("call")
    ),
    # --- public pages: organisers' screens (pages region-wide; submissions are people)
    "pages:page-list": U(gate("view_pages")),
    "pages:page-create": U(gate("change_pages"), post=writes(gate("change_pages"))),
    "pages:charter-survey-create": U(gate("change_pages", 405), post=gate("change_pages", ALLOWED)),
    "pages:page-detail": U(ab(gate("view_pages"), gate("view_pages")), args=pk("page")),
    "pages:page-edit": U(PAGE_WRITE, post=POST_PAGE_WRITE, args=pk("page")),
    "pages:page-open": U(gate("change_pages", 405), post=POST_PAGE_WRITE, args=pk("page")),
    "pages:page-translate": U(
        PAGE_WRITE,
        post=POST_PAGE_WRITE,
        args=lambda w, v: {"pk": w["page", v].pk, "language": "ml"},
    ),
    "pages:question-create": U(PAGE_WRITE, post=POST_PAGE_WRITE, args=pk("page")),
    "pages:question-edit": U(
        PAGE_WRITE,
        post=POST_PAGE_WRITE,
        args=lambda w, v: {"pk": w["page", v].pk, "question_pk": w["question", v].pk},
    ),
    "pages:question-delete": U(
        gate("change_pages", 405),
        post=POST_PAGE_WRITE,
        args=lambda w, v: {"pk": w["page", v].pk, "question_pk": w["question", v].pk},
    ),
    "pages:page-results": U(ab(gate("view_pages"), gate("view_pages")), args=pk("page")),
    "pages:results-export": U(ab(gate("view_pages"), gate("view_pages")), args=pk("page")),
    "pages:submission-list": U(gate("view_people")),
    "pages:submission-export": U(gate("export_people")),
    "pages:submission-detail": U(ab(PEOPLE_A, PEOPLE_B), args=pk("submission")),
    "pages:submission-done": U(gate("change_people", 405), post=POST_PEOPLE, args=pk("submission")),
    "pages:submission-retry": U(
        gate("change_people", 405), post=POST_PEOPLE, args=pk("submission")
    ),
    # --- public pages: no login, no personal data (anonymous included)
    "public:page": U(everyone(200), args=obj("page", "slug", "slug")),
    "public:thanks": U(everyone(200), args=obj("page", "slug", "slug")),
    "public:page-embed": U(everyone(200), args=obj("page", "slug", "slug")),
    "public:thanks-embed": U(everyone(200), args=obj("page", "slug", "slug")),
    "public:workplaces": U(everyone(200), args=obj("page", "slug", "slug"), query="?q=Synthetic"),
    "public:qr": U(everyone(200), args=obj("page", "slug", "slug")),
    "public:poster": U(everyone(200), args=obj("page", "slug", "slug")),
    # --- API: tokens are their owner's; the ninja API answers token-holders only
    "api:token-list": U(login(), post=writes(login())),
    "api:token-revoke": U(
        login(405),
        post=ab(login(404, branch_organiser_a=ALLOWED), login(404, outsider_branch_b=ALLOWED)),
        args=pk("token"),
    ),
    "api-v1:openapi-json": U(everyone(200)),
    "api-v1:openapi-view": U(everyone(200)),
    "api-v1:api-root": U(everyone(404)),  # no operation at the root
    "api-v1:me": U(everyone(401)),
    # --- Django admin: staff only (the admin persona)
    # Staff only: the admin persona (staff, no Django model permissions) sees the index and
    # no model; nobody else gets past the admin login. People are not in the Django admin at
    # all (see test_people_are_not_in_the_django_admin).
    "admin:index": U({p: 200 if p == "admin" else 302 for p in PERSONAS}),
    "reports:campaign-report": U(gate("view_reports"), args=obj("campaign", "slug", "slug")),
    "reports:campaign-report-pdf": U(gate("view_reports"), args=obj("campaign", "slug", "slug")),
    "reports:index": U(gate("view_reports")),
    "reports:report-pdf": U(gate("view_reports")),
    # --- exports landing with the exporter framework and the privacy work
    "register:location-export": U(gate("export_register")),
    "density:target-export": U(gate("export_density")),
    "charters:target-export": U(gate("export_charters")),
    "charters:scoreboard-export": U(gate("export_charters")),
    "campaigns:event-export": U(gate("export_campaigns")),
    "alliances:partner-export": U(gate("export_alliances")),
    "alliances:ledger-export": U(gate("export_alliances")),
    "library:item-export": U(gate("export_library")),
    "motions:motion-export": U(gate("export_motions")),
    "people:contact-list": U(gate("export_people")),
    # Subject access needs view_audit and export_people: the data steward (admin).
    "people:person-subject-access": U(
        ab(gate("view_audit", **OUT_A), gate("view_audit", **OUT_B)), args=pk("person")
    ),
    "people:person-erase": U(
        ab(gate("erase_people", **OUT_A), gate("erase_people", **OUT_B)),
        post=ab(gate("erase_people", ALLOWED, **OUT_A), gate("erase_people", ALLOWED, **OUT_B)),
        args=pk("person"),
    ),
    # --- outreach: organisers manage their branches' lists, banks and sends; callers work
    # the assignments they are given; sending needs a sender grant (admin here); viewers none.
    "outreach:index": U(gate("view_outreach")),
    "outreach:list-list": U(gate("change_outreach")),
    "outreach:list-create": U(gate("change_outreach"), post=writes(gate("change_outreach"))),
    "outreach:list-size": U(gate("change_outreach")),
    "outreach:list-detail": U(ab(OUTREACH_A, OUTREACH_B), args=pk("target_list")),
    "outreach:list-edit": U(
        ab(OUTREACH_A, OUTREACH_B),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("target_list"),
    ),
    "outreach:assignment-list": U(gate("view_outreach")),
    "outreach:assignment-create": U(gate("change_outreach"), post=writes(gate("change_outreach"))),
    "outreach:assignment-detail": U(
        ab(gate("view_outreach", **OUT_A), gate("view_outreach", **OUT_B)),
        args=pk("assignment"),
    ),
    "outreach:assignment-edit": U(
        ab(OUTREACH_A, OUTREACH_B),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("assignment"),
    ),
    # Only the assignment's callers work it (the rep in T-A, T-B's organiser in T-B).
    "outreach:assignment-call": U(ab(CALLER_A, CALLER_B), args=pk("assignment")),
    "outreach:call-outcome": U(gate("view_outreach", 405), post=CALL_POST, args=CALL_ARGS),
    "outreach:call-skip": U(gate("view_outreach", 405), post=CALL_POST, args=CALL_ARGS),
    "outreach:call-text": U(gate("view_outreach", 405), post=CALL_POST, args=CALL_ARGS),
    "outreach:call-history": U(
        ab(
            gate("view_outreach", 404, rep_at_workplace_x=200),
            gate("view_outreach", 404, outsider_branch_b=200),
        ),
        args=CALL_ARGS,
    ),
    "outreach:template-list": U(gate("change_outreach")),
    "outreach:template-create": U(gate("change_outreach"), post=writes(gate("change_outreach"))),
    "outreach:template-edit": U(
        ab(OUTREACH_A, OUTREACH_B),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("template"),
    ),
    "outreach:template-translate": U(
        gate("change_outreach", 405),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("template"),
    ),
    "outreach:mailing-list": U(gate("change_outreach")),
    "outreach:mailing-create": U(gate("change_outreach"), post=writes(gate("change_outreach"))),
    "outreach:mailing-detail": U(ab(OUTREACH_A, OUTREACH_B), args=pk("mailing")),
    "outreach:mailing-preview": U(ab(OUTREACH_A, OUTREACH_B), args=pk("mailing")),
    "outreach:mailing-test": U(gate("change_outreach", 405), post=SEND_POST, args=pk("mailing")),
    "outreach:mailing-send": U(gate("change_outreach", 405), post=SEND_POST, args=pk("mailing")),
    "outreach:mailing-approve": U(gate("change_outreach", 405), post=SEND_POST, args=pk("mailing")),
    "outreach:mailing-cancel": U(
        gate("change_outreach", 405),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("mailing"),
    ),
    "outreach:suppression-list": U(gate("change_outreach"), post=writes(gate("change_outreach"))),
    "outreach:sender-list": U(admin_only(), post=writes(admin_only())),
    "outreach:person-consent": U(
        ab(OUTREACH_A, OUTREACH_B),
        post=ab(writes(OUTREACH_A), writes(OUTREACH_B)),
        args=pk("person"),
    ),
    # The unsubscribe link is its own credential (RFC 8058: anyone holding it may use it).
    "outreach:unsubscribe": U(
        everyone(200), post=everyone(ALLOWED), args=obj("message", "token", "token")
    ),
    # Provider webhooks: POST only, and only with the provider's signature.
    "outreach:sms-webhook": U(everyone(405), post=everyone(403)),
    # No email provider is configured here: the webhook is not offered (signed: see its tests).
    "outreach:email-webhook": U(everyone(404), post=everyone(404)),
}

# Every admin changelist: staff without the model permission 403, everyone else to log in.
ADMIN_CHANGELIST = U({p: 403 if p == "admin" else 302 for p in PERSONAS})
# Every other admin view (add, change, delete, history, login, jsi18n, autocomplete, …) sits
# behind the same AdminSite.has_permission (staff only) that the index and changelists prove.
# Ninja operations of the domain routers are covered by the API tests (commonground/api/tests);
# here each must refuse a request without a token (401), or 405 for a method it lacks.
API_NAMESPACE = "api-v1:"

API_WITHOUT_TOKEN = (401, 405)

# htmx partials: the same view answers with a fragment; checked for leaks and status too.
HTMX = {"jobs:job-detail", "people:import-detail", "linkage:review-item", "dashboard:search"}
# Searches and filtered lists: the query names a person outside the persona's scope.
SEARCHES = {
    "dashboard:search": "?q={name}",
    "people:person-list": "?q={name}",
    "people:person-export": "?q={name}",
    "facility:entry-list": "?q={name}",
    "library:item-list": "?q={name}",
    "library:public-list": "?q={name}",
    "campaigns:event-list": "?q={name}",
    "alliances:partner-list": "?q={name}",
    "charters:target-list": "?q={name}",
    "register:location-list": "?q={name}",
    "motions:motion-list": "?q={name}",
    "accounts:user-list": "?q={name}",
    "audit:entry-list": "?subject={name}",
    "pages:submission-list": "?q={name}",
}


# --- URL enumeration --------------------------------------------------------------------------


def _walk(resolver: URLResolver, ns: str = "") -> Iterator[tuple[str, URLPattern]]:
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            inner = f"{ns}:{p.namespace}" if ns and p.namespace else p.namespace or ns
            yield from _walk(p, inner)
        elif p.name:
            yield (f"{ns}:{p.name}" if ns else p.name), p


def url_names() -> dict[str, URLPattern]:
    found: dict[str, URLPattern] = {}
    for name, pattern in _walk(get_resolver()):
        found.setdefault(name, pattern)
    return found


def spec_for(name: str) -> U | None:
    if name in MATRIX:
        return MATRIX[name]
    if name.startswith("admin:") and name.endswith("_changelist"):
        return ADMIN_CHANGELIST
    return None


def is_skipped(name: str) -> bool:
    if name.startswith("admin:"):
        return name not in MATRIX and not name.endswith("_changelist")
    return name.startswith(API_NAMESPACE) and name not in MATRIX


def _cases() -> list[Any]:
    cases = []
    for name in sorted(url_names()):
        if is_skipped(name):
            continue
        spec = spec_for(name)
        if spec is None:
            cases.append(pytest.param(name, "", "?", id=f"{name}-MISSING"))
            continue
        for variant in spec.variants:
            for persona in PERSONAS:
                label = f"{name}[{variant}]" if variant else name
                cases.append(pytest.param(name, variant, persona, id=f"{label}-{persona}"))
    return cases


def _post_cases() -> list[Any]:
    cases = []
    for name in sorted(url_names()):
        spec = spec_for(name)
        if spec is None or spec.post is None:
            continue
        for variant, row in spec.post.items():
            for persona, status in row.items():
                if status != ALLOWED:
                    label = f"{name}[{variant}]" if variant else name
                    cases.append(pytest.param(name, variant, persona, id=f"{label}-{persona}"))
    return cases


# --- The world ------------------------------------------------------------------------------


def _person(branch: Branch, location: Location | None, name: str, number: str) -> Person:
    person = Person.objects.create(
        branch=branch,
        full_name=name,
        location=location,
        email=f"{number.lower()}@example.invalid",
        lawful_basis="member",
    )
    Membership.objects.create(person=person, branch=branch, number=number, status="member")
    return person


def build_world() -> dict[Any, Any]:
    """The persona fixtures of ``commonground.testing`` plus one record of each kind per branch."""
    w: dict[Any, Any] = {}
    region = seed_north_west()
    council_a = Council.objects.get(ons_code="E08000001")  # Bolton
    council_b = Council.objects.get(ons_code="E08000012")  # Liverpool
    branch_a = make_branch(region, "T-A", [council_a], "Synthetic Bolton Care (test)")
    branch_b = make_branch(region, "T-B", [council_b], "Synthetic Liverpool Care (test)")
    provider_a = make_provider("Synthetic Hollins Care Ltd")
    provider_b = make_provider("Synthetic Mersey Care Ltd")
    workplace_x = make_location(
        council_a, "Synthetic Hollins Park Care Home", postcode="BL1 4AA", provider=provider_a
    )
    workplace_y = make_location(
        council_b, "Synthetic Mersey View Care Home", postcode="L1 1AA", provider=provider_b
    )
    other_a = make_location(council_a, "Synthetic Deane Lodge", postcode="BL3 4AA")

    users = {
        "admin": make_user("admin", Role.ADMIN, region, is_staff=True),
        "regional_organiser": make_user("regional", Role.REGIONAL_ORGANISER, region),
        "branch_organiser_a": make_user("branch_a", Role.BRANCH_ORGANISER, region, [branch_a]),
        "rep_at_workplace_x": make_user(
            "rep_x", Role.REP, region, [branch_a], first_name=ACTIVIST_A, last_name="Rep"
        ),
        "viewer": make_user("viewer", Role.VIEWER, region),
        "outsider_branch_b": make_user("branch_b", Role.BRANCH_ORGANISER, region, [branch_b]),
    }
    WorkplaceAssignment.objects.create(user=users["rep_at_workplace_x"], location=workplace_x)
    admin = users["admin"]
    owner = {"a": users["branch_organiser_a"], "b": users["outsider_branch_b"]}
    w["users"] = users
    w["region"] = region
    w["location", "a"], w["location", "b"] = workplace_x, workplace_y
    w["provider", "a"], w["provider", "b"] = provider_a, provider_b
    w["council", "a"], w["council", "b"] = council_a, council_b
    w["user", "a"] = owner["a"]

    # People
    w["person", "a"] = _person(branch_a, workplace_x, NAME_A_X, "TA0001")
    w["person2", "a"] = _person(branch_a, workplace_x, NAME_A_X2, "TA0002")
    w["person", "a2"] = _person(branch_a, other_a, NAME_A_OTHER, "TA0003")
    w["person", "b"] = _person(branch_b, workplace_y, NAME_B, "TB0001")
    w["person2", "b"] = _person(branch_b, workplace_y, NAME_B2, "TB0002")
    w["person2", "a2"] = w["person", "b"]  # a merge across branches

    invitee = make_user("invitee", Role.VIEWER, region, is_active=False)
    w["invitation", "a"] = Invitation.objects.create(
        email=invitee.email, token="matrix-invitation-token", user=invitee, invited_by=admin
    )

    for v, branch in (("a", branch_a), ("b", branch_b)):
        person = w["person", v]
        w["job", v] = Job.objects.create(
            kind="test", label="Test job", owner=owner[v], branch=branch
        )
        run = ImportRun(kind="people", original_name="extract.csv", branch=branch)
        run.created_by = owner[v]
        # The upload holds the person's row: its preview (the mapping page) shows their name.
        run.file.save(
            "upload.csv",
            ContentFile(f"Membership number,Name\nM1,{person.full_name}\n".encode()),
            save=False,
        )
        run.rejected_file.save("rejected.csv", ContentFile(b"row,reason\n2,bad\n"), save=False)
        run.save()
        w["run", v] = run
        w["review", v] = ReviewItem.objects.create(
            person=person, branch=branch, workplace_text="Somewhere unclear", candidates=[]
        )
        w["token", v] = create_token(owner[v], f"token {v}")[0]

    # A register import (no branch: the register holds no one's personal data).
    register_run = ImportRun(kind="register", original_name="HSCA_Active_Locations.ods")
    register_run.rejected_file.save(
        "rejected.csv", ContentFile(b"line,reasons,file\n7,beds: bad,x.ods\n"), save=False
    )
    register_run.counts = {"rejected": 1}
    register_run.save()
    w["register_run", "a"] = w["register_run", "b"] = register_run

    # Charters: the seeded Ethical Care Charter, published; a target in each branch's council.
    if not Charter.objects.exists():
        seed_charters()  # a live-server test flushes what the migrations seeded
    charter = Charter.objects.order_by("position", "pk").first()
    assert charter is not None
    Charter.objects.filter(pk=charter.pk).update(scoreboard_published=True)
    charter.refresh_from_db()
    w["charter"] = charter
    w["commitment"] = charter.commitments.first()
    template = LetterTemplate.objects.create(
        name="Matrix letter", charter=charter, subject="Our charter", body="Dear {{ recipient }}"
    )
    for v, council in (("a", council_a), ("b", council_b)):
        target = Target.objects.create(
            kind=TargetKind.COUNCIL,
            name=f"Matrix target {v.upper()}",
            region=region,
            council=council,
            office="Leader of the council",
            contact_name=f"Cllr Matrix {v.upper()}",
        )
        ts = TargetStatus.objects.create(target=target, charter=charter, status=Status.SIGNED)
        w["target", v] = target
        w["letter", v] = generate_letter(admin, ts, template, signatory="Organiser")
        compliance = CommitmentCompliance.objects.create(
            target_status=ts, commitment=w["commitment"], state="met"
        )
        evidence = Evidence(compliance=compliance, state="met", note="Seen", by=admin)
        evidence.file.save("evidence.txt", ContentFile(b"evidence"), save=False)
        evidence.save()
        w["evidence", v] = evidence

    # Campaigns, events and sign-ups (people).
    for v, branch, council, signup in (
        ("a", branch_a, council_a, SIGNUP_A),
        ("b", branch_b, council_b, SIGNUP_B),
    ):
        campaign = Campaign.objects.create(
            name=f"Matrix campaign {v}",
            slug=f"matrix-campaign-{v}",
            aims="Win",
            starts_on=dt.date(2025, 1, 1),
            region=region,
        )
        campaign.branches.set([branch])
        event = Event.objects.create(
            campaign=campaign,
            kind=EventKind.STALL,
            title=f"Matrix stall {v}",
            starts_at=timezone.now() + dt.timedelta(days=3),
            place="Market",
            council=council,
            branch=branch,
            status=EventStatus.PLANNED,
        )
        record_signup(
            admin,
            event,
            name=signup,
            email=f"signup-{v}@example.invalid",
            lawful_basis="consent",
            consent_wording="Keep me posted",
        )
        w["campaign", v], w["event", v] = campaign, event
        w["goal", v] = Goal.objects.create(
            campaign=campaign, metric="members_recruited", target_value=Decimal(10)
        )

    # Alliances
    partner = Partner.objects.create(
        region=region, name="Matrix Citizens", kind=PartnerType.BROAD_BASED
    )
    w["partner", "a"] = partner
    w["contact"] = Contact.objects.create(
        partner=partner, name="Jo Partner", public_role="Organiser"
    )
    action = JointAction.objects.create(
        region=region, title="Matrix action", date=dt.date(2025, 3, 1)
    )
    action.partners.set([partner])
    w["action", "a"] = action
    for v, branch in (("a", branch_a), ("b", branch_b)):
        w["affiliation", v] = Affiliation.objects.create(
            partner=partner, branch=branch, status=AffiliationStatus.ACTIVE
        )
        w["ledger", v] = LedgerEntry.objects.create(
            partner=partner,
            branch=branch,
            date=dt.date(2025, 3, 1),
            direction=Direction.GIVEN,
            kind=SupportKind.TURNOUT,
            quantity=Decimal(4),
            unit=Unit.COUNT,
        )

    # Library: one item per branch by its organiser, published, with an attachment.
    for v, branch in (("a", branch_a), ("b", branch_b)):
        item = Item(
            kind="briefing",
            title=f"Matrix briefing {v}",
            summary="Summary",
            body="Body",
            branch=branch,
        )
        item = save_item(owner[v], item, tags=[])
        Item.objects.filter(pk=item.pk).update(is_public=True, published_at=timezone.now())
        item.refresh_from_db()
        attachment = Attachment(
            item=item, original_name="note.pdf", kind="pdf", size=8, uploaded_by=owner[v]
        )
        attachment.file.save("note.pdf", ContentFile(b"%PDF-1.4"), save=False)
        attachment.save()
        w["item", v], w["attachment", v] = item, attachment

    # Facility time: a pending entry by an activist of each branch; an employer and a period.
    employer = Employer.objects.create(
        region=region,
        name="Matrix Bolton Council",
        council=council_a,
        weekly_hours=Decimal(37),
        working_weeks=Decimal(52),
    )
    w["employer", "a"] = employer
    period = PeriodInput.objects.create(
        employer=employer,
        start=dt.date(2024, 4, 1),
        end=dt.date(2025, 3, 31),
        total_pay_bill=Decimal(1000000),
    )
    w["period", "a"] = period
    rep = users["rep_at_workplace_x"]
    w["terms", "a"] = OfficialTerms.objects.create(
        period=period, activist=rep, contracted_hours_per_week=Decimal(37), hourly_rate=Decimal(12)
    )
    for v, activist, branch in (("a", rep, branch_a), ("b", owner["b"], branch_b)):
        w["entry", v] = TimeEntry.objects.create(
            activist=activist,
            branch=branch,
            employer=employer,
            date=dt.date(2024, 5, 6),
            hours=Decimal("3.5"),
            category="representation",
            description="Grievance hearing",
        )

    # Public pages: an open join form per branch, each with one answer from its people.
    for v, branch in (("a", branch_a), ("b", branch_b)):
        page = create_page(
            admin,
            kind="join",
            values={
                "title": f"Matrix join form {v}",
                "slug": f"matrix-join-{v}",
                "branch": branch,
                "consent_wording": "Contact me",
                "languages": ["ml"],
            },
        )
        set_page_open(admin, page, True)
        w["page", v] = page
        w["question", v] = save_question(
            admin,
            page,
            None,
            {"text": "Shift?", "kind": "single", "choice_lines": ["Day", "Night"]},
        )
        w["submission", v] = receive_submission(
            page,
            Received(
                name=w["person", v].full_name,
                email=w["person", v].email,
                workplace_text="Matrix home",
                consent=True,
                answers=[(w["question", v], {"choice": "c1"})],
            ),
            language="ml",
        )

    # Motions
    motion = Motion.objects.create(
        title="Matrix motion", conference="Test", text="Conference calls"
    )
    w["motion", "a"] = motion
    w["call", "a"] = CallToAction.objects.create(
        motion=motion, number=1, text="Campaign for the charter"
    )
    # Outreach: per branch a list, a bank (called by the rep in T-A, T-B's organiser in T-B)
    # with one held call, a template, a draft send, and a sent message (for its unsubscribe link).
    from commonground.outreach import actions as outreach
    from commonground.outreach.models import Call as HeldCall
    from commonground.outreach.models import Message

    outreach.grant_sender(admin, admin, active=True)
    callers = {"a": users["rep_at_workplace_x"], "b": owner["b"]}
    for v, branch in (("a", branch_a), ("b", branch_b)):
        out_list = outreach.save_list(
            owner[v], None, name=f"Matrix list {v}", branch=branch, filters={}
        )
        w["target_list", v] = out_list
        assignment = outreach.save_assignment(
            owner[v],
            None,
            {
                "title": f"Matrix bank {v}",
                "target_list": out_list,
                "script": "Hi",
                "show_history": True,
            },
            [callers[v]],
        )
        w["assignment", v] = assignment
        now = timezone.now()
        w["held_call", v] = HeldCall.objects.create(
            assignment=assignment,
            person=w["person", v],
            caller=callers[v],
            reserved_at=now,
            expires_at=now + dt.timedelta(days=365),
        )
        msg_template = outreach.save_template(
            owner[v],
            None,
            {
                "name": f"Matrix template {v}",
                "channel": "email",
                "purpose": "service",
                "subject": "S",
                "body": "B",
            },
            branch=branch,
        )
        w["template", v] = msg_template
        w["mailing", v] = outreach.create_mailing(owner[v], msg_template, out_list)
    w["message", "a"] = Message.objects.create(
        mailing=w["mailing", "a"],
        person=w["person", "a"],
        address="ta0001@example.invalid",
        body="B",
        token="matrix-unsubscribe-token",
        status="sent",
    )
    return w


@pytest.fixture(scope="module")
def world(django_db_setup: Any, django_db_blocker: Any, tmp_path_factory: Any) -> Iterator[Any]:
    media = tmp_path_factory.mktemp("matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        outer = transaction.atomic()
        outer.__enter__()
        try:
            w = build_world()
            # One session per persona for the whole module: logging in per test costs more
            # than most of the requests.
            for persona, user in w["users"].items():
                client = Client()
                client.force_login(user)
                w["session", persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
            yield w
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


# --- Helpers ---------------------------------------------------------------------------------


def client_for(world: dict[Any, Any], persona: str) -> Client:
    client = Client()
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world["session", persona]
    return client


def url_for(world: dict[Any, Any], name: str, spec: U, variant: str) -> str:
    pattern = url_names()[name]
    needs_args = bool(pattern.pattern.regex.groupindex)
    if needs_args and spec.args is None:
        pytest.fail(f"{name} takes parameters: give its MATRIX entry args= to build them")
    kwargs = spec.args(world, variant or "a") if spec.args else {}
    return reverse(name, kwargs=kwargs) + spec.query


def body(response: Any) -> str:
    if getattr(response, "streaming", False):
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", errors="replace")


def assert_no_leak(persona: str, url: str, text: str) -> None:
    seen = [n for n in FORBIDDEN[persona] if n in text]
    assert not seen, f"{persona} saw {seen} at {url}"


def assert_no_placeholder(name: str, url: str, text: str) -> None:
    """No select offers Django's "---------" (lib/forms.py words it); Django's admin aside."""
    if not name.startswith("admin:"):
        assert "---------" not in text, f"{url} shows a '---------' choice"


def fingerprint() -> str:
    """A digest of every row the application writes (not sessions; not the seeded register)."""
    digest = hashlib.sha256()
    skip_apps = {"sessions", "contenttypes", "auth", "otp_totp", "otp_static", "axes"}
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label in skip_apps or meta.label in {"register.Boundary", "register.Postcode"}:
            continue
        fields = [f.attname for f in meta.concrete_fields if f.attname != "last_login"]
        for row in model._default_manager.order_by("pk").values_list(*fields):
            digest.update(repr((meta.label, row)).encode())
    return digest.hexdigest()


# --- Tests -------------------------------------------------------------------------------------


def test_every_url_name_is_in_the_matrix() -> None:
    names = url_names()
    missing = sorted(n for n in names if not is_skipped(n) and spec_for(n) is None)
    assert not missing, (
        "These URL names have no row in MATRIX (tests/test_url_matrix.py); add the status each "
        f"persona should get: {missing}"
    )
    for name, spec in MATRIX.items():
        for variant, row in spec.get.items():
            assert set(row) == set(PERSONAS), f"{name}[{variant}] must name every persona"


@pytest.mark.parametrize(("name", "variant", "persona"), _cases())
def test_get_as_persona(world: Any, name: str, variant: str, persona: str) -> None:
    spec = spec_for(name)
    if spec is None:
        pytest.fail(
            f"URL name {name!r} has no row in MATRIX (tests/test_url_matrix.py): add the status "
            "each persona should get (and args= if it takes parameters)."
        )
    url = url_for(world, name, spec, variant)
    expected = spec.get[variant][persona]
    response = client_for(world, persona).get(url)
    text = body(response)
    assert response.status_code == expected, (
        f"GET {url} as {persona}: {response.status_code}, the matrix says {expected}"
    )
    if persona == "anonymous" and expected == 302:
        assert "login" in response["Location"], f"{url} should send anonymous users to log in"
    assert_no_leak(persona, url, text)
    if response.status_code == 200 and "text/html" in response.get("Content-Type", ""):
        assert_no_placeholder(name, url, text)
    if name in HTMX:
        partial = client_for(world, persona).get(url, HTTP_HX_REQUEST="true")
        assert partial.status_code == (
            200 if expected == 302 and persona != "anonymous" else expected
        )
        assert_no_leak(persona, url + " (htmx)", body(partial))


@pytest.mark.parametrize(("name", "variant", "persona"), _post_cases())
def test_post_refused_changes_nothing(world: Any, name: str, variant: str, persona: str) -> None:
    spec = spec_for(name)
    assert spec is not None and spec.post is not None
    url = url_for(world, name, spec, variant)
    expected = spec.post[variant][persona]
    client = client_for(world, persona)
    before = fingerprint()
    response = client.post(url, {"next": "/", "decision": "approve", "q": "x"})
    assert response.status_code == expected, (
        f"POST {url} as {persona}: {response.status_code}, the matrix says {expected}"
    )
    assert fingerprint() == before, f"POST {url} as {persona} was refused but changed data"
    assert_no_leak(persona, url, body(response))


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_search_never_finds_people_outside_scope(world: Any, name: str, persona: str) -> None:
    spec = spec_for(name)
    assert spec is not None
    client = client_for(world, persona)
    # One person of each branch the persona may not see, searched by surname: the page echoes
    # the query, so a hit shows as the full name.
    targets = {n for n in FORBIDDEN[persona] if n in (NAME_A_X, NAME_A_OTHER, NAME_B)}
    for target in sorted(targets):
        url = reverse(name) + SEARCHES[name].format(name=target.split()[1])
        response = client.get(url)
        assert response.status_code == spec.get[""][persona], url
        assert_no_leak(persona, url, body(response))


@pytest.mark.parametrize("persona", PERSONAS)
def test_geojson_and_partials_with_every_filter(world: Any, persona: str) -> None:
    """Map endpoints and partials asked for the other branch's council or workplace."""
    client = client_for(world, persona)
    council_a = world["council", "a"].ons_code
    urls = [
        reverse("register:map-locations") + f"?council={council_a}",
        reverse("register:map-councils") + f"?council={council_a}",
        reverse("density:map-councils") + "?region=north-west",
        reverse("density:table", args=["location"]) + f"?council={council_a}",
        reverse("charters:map-geojson"),
        reverse("people:person-add") + f"?workplace={world['location', 'a'].pk}",
        reverse("linkage:review-queue") + f"?item={world['review', 'a'].pk}",
        reverse("linkage:review-queue") + "?status=open",
        reverse("people:person-export") + "?format=xlsx",
    ]
    for url in urls:
        response = client.get(url, HTTP_HX_REQUEST="true")
        assert response.status_code in (200, 302, 403, 404), url
        assert_no_leak(persona, url, body(response))


@pytest.mark.parametrize(
    "name", sorted(n for n in url_names() if is_skipped(n) and n.startswith(API_NAMESPACE))
)
def test_api_operations_need_a_token(world: Any, name: str) -> None:
    pattern = url_names()[name]
    kwargs = dict.fromkeys(pattern.pattern.regex.groupindex, "1")
    response = client_for(world, "admin").get(reverse(name, kwargs=kwargs))
    assert response.status_code in API_WITHOUT_TOKEN


def test_api_me_with_a_token_is_the_token_owner(world: Any) -> None:
    raw = create_token(world["users"]["outsider_branch_b"], "matrix")[1]
    response = Client().get(reverse("api-v1:me"), HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code == 200
    assert response.json()["username"] == "branch_b"


def test_uploaded_files_are_not_served_directly(world: Any) -> None:
    """Uploads (imports, evidence, attachments) only leave through the scoped views."""
    for path in (world["run", "a"].file.name, world["evidence", "a"].file.name):
        assert Client().get(f"/media/{path}").status_code == 404


def test_people_are_not_in_the_django_admin() -> None:
    """The Django admin has no scope: personal records stay out of it (pages apply scope)."""
    from django.contrib import admin

    personal = {"people", "campaigns.eventsignup"}
    registered = {m._meta.label_lower for m in admin.site._registry}
    leaks = sorted(
        label for label in registered if label.split(".")[0] in personal or label in personal
    )
    assert not leaks, f"personal data in the Django admin (no scope there): {leaks}"


@pytest.mark.parametrize(
    ("persona", "expected"),
    [
        ("admin", EVERYONE),
        ("regional_organiser", (NAME_A_X, NAME_A_OTHER, NAME_B)),
        ("branch_organiser_a", (NAME_A_X, NAME_A_X2, NAME_A_OTHER, SIGNUP_A)),
        ("rep_at_workplace_x", (NAME_A_X, NAME_A_X2)),
        ("outsider_branch_b", (NAME_B, NAME_B2, SIGNUP_B)),
    ],
)
def test_names_show_where_they_are_in_scope(world: Any, persona: str, expected: Any) -> None:
    """The control for the leak checks: the same names do appear for those who may see them."""
    client = client_for(world, persona)
    text = body(client.get(reverse("people:person-list")))
    for v in ("a", "b"):
        text += body(client.get(reverse("campaigns:event-detail", args=[world["event", v].pk])))
    missing = [n for n in expected if n not in text]
    assert not missing, f"{persona} should see {missing}"


@pytest.mark.parametrize("persona", PERSONAS)
def test_facility_time_of_another_branch_is_not_shown(world: Any, persona: str) -> None:
    """An activist's hours and pay are personal data: their own branch's, not the region's."""
    client = client_for(world, persona)
    period = world["period", "a"].pk
    urls = [
        reverse("facility:entry-list"),
        reverse("facility:report") + "?group=activist",
        reverse("facility:entry-export"),
        reverse("facility:figures", args=[period]),
        reverse("facility:figures-export", args=[period]),
    ]
    text = "".join(body(client.get(url)) for url in urls)
    may_see = persona in ("admin", "regional_organiser", "branch_organiser_a", "rep_at_workplace_x")
    assert (ACTIVIST_A in text) == may_see, f"{persona}: {ACTIVIST_A} shown: {not may_see}"


def test_facility_terms_of_another_branch_cannot_be_deleted(world: Any) -> None:
    terms = world["terms", "a"]
    client = client_for(world, "outsider_branch_b")
    url = reverse("facility:figures", args=[world["period", "a"].pk])
    assert client.post(url, {"delete_terms": terms.pk}).status_code == 302
    assert OfficialTerms.objects.filter(pk=terms.pk).exists()
