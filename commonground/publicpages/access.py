"""Scoped fetches for public pages and their submissions (STYLE.md §3).

Pages are region-wide organising records with no personal data: anyone with ``view_pages``
in the region sees them, their links, QR codes and tallies. Changing a page is for regional
organisers (the whole region) and branch organisers (pages their branches run).
Submissions are personal data: they follow the people rules (``view_people``, the branches
a user may see people in; a rep only the submissions of people at their workplaces), and
viewing them is audited.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest

from commonground.accounts.access import branch_ids_for_people
from commonground.accounts.models import Role, User
from commonground.accounts.permissions import has_perm
from commonground.audit.log import log_action
from commonground.lib import datacache
from commonground.people.access import people_visible_to
from commonground.publicpages.models import Page, Submission


def pages_visible_to(user: User) -> QuerySet[Page]:
    if not has_perm(user, "view_pages"):
        return Page.objects.none()
    if user.is_admin:
        return Page.objects.all()
    if not user.region_id:
        return Page.objects.none()
    return Page.objects.filter(region_id=user.region_id)


def pages_writable_by(user: User) -> QuerySet[Page]:
    if not has_perm(user, "change_pages"):
        return Page.objects.none()
    qs = pages_visible_to(user)
    if user.is_admin or user.role == Role.REGIONAL_ORGANISER:
        return qs
    return qs.filter(branch__in=user.branches.all())


def can_change_page(user: User, page: Page) -> bool:
    return pages_writable_by(user).filter(pk=page.pk).exists()


def get_page_for_user(user: User, pk: int, *, write: bool = False) -> Page:
    """A page the user may see (or change), else 404; 403 without the permission at all."""
    if write and not has_perm(user, "change_pages"):
        raise PermissionDenied
    qs = pages_writable_by(user) if write else pages_visible_to(user)
    try:
        return qs.select_related("branch", "region", "campaign", "charter", "partner").get(pk=pk)
    except Page.DoesNotExist as exc:
        raise Http404 from exc


# Pages as the public sees them, kept in this process with their questions (prefetched):
# slug -> (state, page). Read-only for callers.
_public_pages: dict[str, tuple[tuple[Any, ...], Page]] = {}
PUBLIC_PAGES_KEPT = 500
PAGES = "public-pages"  # a datacache kind: ``datacache.clear()`` forgets the pages kept


def _state(page_id: int, updated: Any, branch_name: str) -> tuple[Any, ...]:
    return (page_id, updated, branch_name, datacache.generation(PAGES))


def get_public_page(slug: str) -> Page:
    """A page by its public address (open or not: a closed page says so), its questions
    prefetched (``page.questions.all()``).

    The public form takes a hundred submissions a second, so the page and its questions are
    kept in this process and reused while one small query finds the page's ``updated`` time
    and its branch's name (what the public sees that is not the page's own) unchanged. Every
    change to a page or its questions moves ``updated`` (``actions/pages.py``), so closing a
    page or editing a question shows at once, in every process: nothing stale is shown.
    """
    row = Page.objects.filter(slug=slug).values_list("pk", "updated", "branch__name").first()
    if row is None:
        raise Http404
    kept = _public_pages.get(slug)
    if kept is not None and kept[0] == _state(*row):
        return kept[1]
    try:
        page = (
            Page.objects.select_related("partner", "region", "branch")
            .prefetch_related("questions")
            .get(pk=row[0])
        )
    except Page.DoesNotExist as exc:
        raise Http404 from exc
    if len(_public_pages) >= PUBLIC_PAGES_KEPT:
        _public_pages.clear()
    # Kept under what was read with it: a change committed in between is seen next time.
    _public_pages[slug] = (_state(page.pk, page.updated, page.branch.name), page)
    return page


def can_see_submissions(user: User) -> bool:
    return has_perm(user, "view_people")


def submissions_visible_to(user: User) -> QuerySet[Submission]:
    """Submissions of the branches the user sees people in (a rep: of people they see)."""
    if not can_see_submissions(user):
        raise PermissionDenied
    qs = Submission.objects.all()
    if user.is_admin:
        return qs
    if user.role == Role.REP:
        return qs.filter(person__in=people_visible_to(user))
    ids = branch_ids_for_people(user)
    return qs if ids is None else qs.filter(branch_id__in=ids)


def get_submission_for_user(
    user: User, pk: int, *, write: bool = False, request: HttpRequest | None = None
) -> Submission:
    """One submission in scope, or 404. A read writes ``publicpages.submission.viewed``."""
    if write and not has_perm(user, "change_people"):
        raise PermissionDenied
    try:
        submission = (
            submissions_visible_to(user)
            .select_related("page", "person", "location", "branch", "council", "provider")
            .get(pk=pk)
        )
    except Submission.DoesNotExist as exc:
        raise Http404 from exc
    if not write:
        log_action(submission, "publicpages.submission.viewed", user, {}, request=request)
    return submission
