"""Which language a public page speaks: the site's languages, a page's choice, a request's.

The organiser interface stays English (no ``LocaleMiddleware``): only the public views choose
a language, here, from ``?lang=``, then the language cookie, then the browser's
``Accept-Language``, among the languages the page offers (docs/i18n.md).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.http import HttpRequest
from django.utils.translation import get_supported_language_variant
from django.utils.translation.trans_real import parse_accept_lang_header

from commonground.lib.query import QueryForm, TextField

# Right-to-left scripts among the site's languages (Django's LANGUAGES_BIDI says the same).
RTL = frozenset({"ar", "ur"})


def english() -> str:
    return str(settings.LANGUAGE_CODE)


def register_language_info() -> None:
    """Django knows every site language but Tagalog; browsers send it as ``fil`` or ``tl``."""
    LANG_INFO.setdefault(
        "tl", {"bidi": False, "code": "tl", "name": "Tagalog", "name_local": "Tagalog"}
    )
    for code in ("fil", "fil-ph", "tl-ph"):  # Accept-Language arrives lowercased
        LANG_INFO.setdefault(code, {"fallback": ["tl"]})


def site_languages() -> list[tuple[str, str]]:
    """Every language a page may offer (code, name as its speakers write it), English first."""
    return [(str(code), str(name)) for code, name in settings.LANGUAGES]


def translatable_languages() -> list[tuple[str, str]]:
    return [(c, n) for c, n in site_languages() if c != english()]


def language_name(code: str) -> str:
    return dict(site_languages()).get(code, code)


def offered(page: Any) -> list[str]:
    """English, then the page's enabled languages in the site's order."""
    enabled = set(page.languages or [])
    return [english()] + [c for c, _n in translatable_languages() if c in enabled]


def _supported(code: str) -> str | None:
    try:
        return str(get_supported_language_variant(code))
    except LookupError:
        return None


class LanguageForm(QueryForm):
    """``?lang=`` (or the posted ``lang``): the language a visitor chose."""

    lang = TextField(max_length=20)


def choose(request: HttpRequest, page: Any) -> tuple[str, bool]:
    """The language to show ``page`` in, and whether the visitor chose it explicitly."""
    choices = offered(page)
    asked = LanguageForm(request.GET).values["lang"] or LanguageForm(request.POST).values["lang"]
    if asked in choices:
        return asked, True
    cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
    if cookie in choices:
        return cookie, False
    for code, _q in parse_accept_lang_header(request.headers.get("accept-language", ""))[:8]:
        found = _supported(code)
        if found in choices:
            return str(found), False
    return english(), False
