"""The public side: the page a worker fills in, its embeddable copy, thanks, QR code, poster
and the workplace autocomplete. No login, no personal data out: nothing a visitor sends is
shown back except inside their own form's fields (autoescaped), and no message quotes it.

The site sends ``X-Frame-Options: DENY`` and ``frame-ancestors 'none'`` everywhere; the two
embed views alone may be framed (by ``COMMONGROUND_EMBED_ANCESTORS``; docs/public-pages.md),
deliberately, so that a partner's site can carry a form.
"""

from __future__ import annotations

from typing import Any

import qrcode
import qrcode.image.svg
from csp.decorators import csp_replace
from django.conf import settings
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from commonground.accounts.ratelimit import limit, rate_limit, too_many_requests
from commonground.lib.query import QueryForm, TextField
from commonground.lib.siteurl import site_url
from commonground.publicpages import defences
from commonground.publicpages.access import can_change_page, get_public_page
from commonground.publicpages.actions import receive_submission
from commonground.publicpages.languages import RTL, choose, language_name, offered
from commonground.publicpages.models import Page
from commonground.publicpages.public_forms import PublicForm
from commonground.publicpages.queries import signature_count
from commonground.register.models import Location, RegistrationStatus

MAX_QUERY = 100


class WorkplaceSearchForm(QueryForm):
    q = TextField(max_length=MAX_QUERY)


SUGGESTIONS = 10


def _embed_ancestors() -> list[str]:
    return list(getattr(settings, "COMMONGROUND_EMBED_ANCESTORS", ["*"]))


def embeddable(view: Any) -> Any:
    """The one exemption from the site's framing ban: the embed views only."""
    return xframe_options_exempt(csp_replace({"frame-ancestors": _embed_ancestors()})(view))


def _previewing(request: HttpRequest, page: Page) -> bool:
    """An organiser who may change the page sees it closed or not, untranslated text marked."""
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated and can_change_page(user, page))


def absolute_url(request: HttpRequest, page: Page, name: str = "page") -> str:
    """A public address as printed and shared: on ``SITE_ROOT`` when configured, else on the
    host this request came in on (``lib.siteurl``)."""
    return site_url(reverse(f"public:{name}", args=[page.slug]), request)


def _url(page: Page, name: str, language: str) -> str:
    url = reverse(f"public:{name}", args=[page.slug])
    return f"{url}?lang={language}"


def _context(request: HttpRequest, page: Page, language: str, embed: bool) -> dict[str, Any]:
    """Everything a public template needs, in ``language``; ``*_fallback`` marks English
    standing in for a missing translation (shown to previewing organisers)."""
    title, title_fb = page.text("title", language)
    intro, intro_fb = page.text("intro", language)
    thanks, thanks_fb = page.text("thanks", language)
    base = "page-embed" if embed else "page"
    return {
        "page": page,
        "language": language,
        "rtl": language in RTL,
        "embed": embed,
        "preview": _previewing(request, page),
        "title": title,
        "title_fallback": title_fb,
        "intro": intro,
        "intro_fallback": intro_fb,
        "thanks": thanks,
        "thanks_fallback": thanks_fb,
        "languages": [
            (code, language_name(code), _url(page, base, code)) for code in offered(page)
        ],
        "count": signature_count(page) if page.is_petition and page.show_count else None,
        "public_url": absolute_url(request, page),
        "workplaces_url": reverse("public:workplaces", args=[page.slug]),
    }


def _finish(response: HttpResponse, language: str, explicit: bool, embed: bool) -> HttpResponse:
    response["Content-Language"] = language
    patch_vary_headers(response, ("Accept-Language", "Cookie"))
    if explicit and not embed:
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
    return response


def _form(page: Page, language: str, data: Any = None) -> PublicForm:
    consent, _fb = page.text("consent_wording", language)
    questions = list(page.questions.all())
    for q in questions:
        q.page = page  # translations read the page's languages: no query per question
    form = PublicForm(
        data,
        page=page,
        questions=questions,
        language=language,
        consent_text=consent,
        initial={"started": defences.issue_token(page.pk), "lang": language},
    )
    return form


def _show_form(
    request: HttpRequest,
    page: Page,
    language: str,
    embed: bool,
    form: PublicForm,
    status: int = 200,
) -> HttpResponse:
    if form.is_bound:
        # A fresh token: a person sent back to correct something may send again at once.
        data = form.data.copy()  # type: ignore[attr-defined]  # a QueryDict
        data["started"] = defences.issue_token(page.pk)
        form.data = data
    context = _context(request, page, language, embed)
    context["form"] = form
    context["question_rows"] = [
        (
            form[f"q{q.pk}"],
            q.text_in("text", language)[1] or any(fb for _v, _l, fb in q.choices_in(language)),
        )
        for q in form.questions
    ]
    context["honeypot"] = form[defences.HONEYPOT]
    return render(request, "publicpages/public_page.html", context, status=status)


def _public(request: HttpRequest, slug: str, *, embed: bool) -> HttpResponse:
    page = get_public_page(slug)
    language, explicit = choose(request, page)
    with translation.override(language):
        response = _respond(request, page, language, embed)
    return _finish(response, language, explicit, embed)


def _respond(request: HttpRequest, page: Page, language: str, embed: bool) -> HttpResponse:
    open_for_visitor = page.is_open or _previewing(request, page)
    if request.method == "POST":
        if defences.body_too_large(request):
            return HttpResponse(_("That is more than this form accepts."), status=413)
        # Submissions, per address and per page, on top of the visits counted above.
        decision = limit(request, "public-form", key=page.slug)
        if not decision.allowed:
            return too_many_requests(request, decision)
        if not page.is_open:
            return render(
                request,
                "publicpages/closed.html",
                _context(request, page, language, embed),
                status=409,
            )
        if defences.honeypot_filled(request):
            # Answered as if received, so a script learns nothing; nothing is stored.
            return redirect(_url(page, "thanks-embed" if embed else "thanks", language))
        form = _form(page, language, request.POST)
        token = defences.check_token(request.POST.get("started", ""), page.pk)
        if not form.is_valid():
            return _show_form(request, page, language, embed, form)
        if token is defences.Token.TOO_FAST:
            form.add_error(
                None, _("That was quick! Please check your answers, then send them again.")
            )
            return _show_form(request, page, language, embed, form)
        if token is defences.Token.INVALID:
            form.add_error(
                None, _("This form had expired. Please check your answers and send it again.")
            )
            return _show_form(request, page, language, embed, form)
        receive_submission(page, form.received(), language=language)
        return redirect(_url(page, "thanks-embed" if embed else "thanks", language))
    if not open_for_visitor:
        return render(request, "publicpages/closed.html", _context(request, page, language, embed))
    return _show_form(request, page, language, embed, _form(page, language))


@csrf_exempt  # no session is used; the signed fill-time token and rate limits stand in
@rate_limit("public")
@require_http_methods(["GET", "POST"])
def page_view(request: HttpRequest, slug: str) -> HttpResponse:
    return _public(request, slug, embed=False)


@embeddable
@csrf_exempt  # a framed form on another site gets no cookies: see above
@rate_limit("public")
@require_http_methods(["GET", "POST"])
def page_embed(request: HttpRequest, slug: str) -> HttpResponse:
    return _public(request, slug, embed=True)


def _thanks(request: HttpRequest, slug: str, *, embed: bool) -> HttpResponse:
    page = get_public_page(slug)
    language, explicit = choose(request, page)
    with translation.override(language):
        response = render(
            request, "publicpages/thanks.html", _context(request, page, language, embed)
        )
    return _finish(response, language, explicit, embed)


@rate_limit("public")
@require_GET
def page_thanks(request: HttpRequest, slug: str) -> HttpResponse:
    return _thanks(request, slug, embed=False)


@embeddable
@rate_limit("public")
@require_GET
def page_thanks_embed(request: HttpRequest, slug: str) -> HttpResponse:
    return _thanks(request, slug, embed=True)


@rate_limit("public", as_json=True)
@require_GET
def workplaces(request: HttpRequest, slug: str) -> JsonResponse:
    """Registered care workplaces in the page's region whose name, town or postcode starts
    or contains the query: name and town only (public register data)."""
    page = get_public_page(slug)
    if not (page.is_open or _previewing(request, page)):
        raise Http404
    q = " ".join(WorkplaceSearchForm(request.GET).values["q"].split())
    if len(q) < 2:
        return JsonResponse({"results": []})
    rows = (
        Location.objects.filter(
            is_social_care=True,
            registration_status=RegistrationStatus.REGISTERED,
            council__region_id=page.region_id,
        )
        .filter(Q(name__icontains=q) | Q(town__istartswith=q) | Q(postcode__istartswith=q))
        .order_by("name", "pk")
        .values_list("pk", "name", "town")[:SUGGESTIONS]
    )
    response = JsonResponse(
        {"results": [{"id": pk, "name": name, "town": town or ""} for pk, name, town in rows]}
    )
    response["Cache-Control"] = "public, max-age=300"
    return response


def qr_svg(request: HttpRequest, page: Page) -> str:
    image = qrcode.make(
        absolute_url(request, page),
        image_factory=qrcode.image.svg.SvgPathImage,
        box_size=10,
        border=4,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
    )
    svg: str = image.to_string(encoding="unicode")
    return svg


@rate_limit("public")
@require_GET
def page_qr(request: HttpRequest, slug: str) -> HttpResponse:
    """The page's address as a QR code, in SVG: it prints sharp at any size."""
    page = get_public_page(slug)
    response = HttpResponse(qr_svg(request, page), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="{page.slug}-qr.svg"'
    response["Cache-Control"] = "public, max-age=3600"
    return response


@rate_limit("public")
@require_GET
def page_poster(request: HttpRequest, slug: str) -> HttpResponse:
    """A printable poster: the title in each of the page's languages, the QR code, the
    address, and how to use it, each line in its own language."""
    page = get_public_page(slug)
    lines = []
    for code in offered(page):
        with translation.override(code):
            title, fell_back = page.text("title", code)
            lines.append(
                {
                    "code": code,
                    "rtl": code in RTL,
                    "title": None if fell_back or code == offered(page)[0] else title,
                    "scan": _("Scan with your phone's camera to open the form."),
                }
            )
    return render(
        request,
        "publicpages/poster.html",
        {
            "page": page,
            "lines": lines,
            "public_url": absolute_url(request, page),
        },
    )
