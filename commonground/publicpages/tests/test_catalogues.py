"""The catalogues: every string a worker can see on a public page is translated in every
language, and they compile with Babel alone."""

from __future__ import annotations

import inspect
import io
from pathlib import Path
from typing import Any

import pytest
from babel.messages.extract import extract_python
from babel.messages.pofile import read_po
from django.conf import settings
from django.utils import translation
from django.utils.translation.template import templatize

from commonground.lib.catalogues import catalogue_files, compile_catalogues
from commonground.outreach.sending import footer

ROOT = Path(settings.BASE_DIR) / "commonground"
PUBLIC_SOURCES = [
    *sorted((ROOT / "templates" / "publicpages").glob("[!_]*.html")),
    ROOT / "templates" / "publicpages" / "_field.html",
    ROOT / "publicpages" / "public_views.py",
    ROOT / "publicpages" / "public_forms.py",
    # What outreach sends people and shows them without a login: every message's footer and
    # the unsubscribe page, in the recipient's language.
    ROOT / "templates" / "outreach" / "unsubscribe.html",
]
PUBLIC_FUNCTIONS = [footer]
STAFF_TEMPLATES = {  # organiser screens in the same folder: English for now
    "page_list.html",
    "page_form.html",
    "page_detail.html",
    "page_translate.html",
    "question_form.html",
    "page_results.html",
    "submission_list.html",
    "submission_detail.html",
}
KEYWORDS: dict[str, Any] = {
    "gettext": None,
    "gettext_lazy": None,
    "_": None,
    "ngettext": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
}
LANGUAGES = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def public_messages() -> set[str]:
    """The msgids of the public pages (organiser-only text has the context "organiser")."""
    found: set[str] = set()
    sources = [
        templatize(path.read_text(), origin=str(path))
        if path.suffix == ".html"
        else path.read_text()
        for path in PUBLIC_SOURCES
        if path.name not in STAFF_TEMPLATES
    ]
    sources += [inspect.getsource(function) for function in PUBLIC_FUNCTIONS]
    for source in sources:
        for _line, func, message, _c in extract_python(
            io.BytesIO(source.encode()), KEYWORDS, [], {}
        ):
            if str(func).startswith("pgettext"):
                continue  # organiser-only or never shown (the honeypot's label)
            found.add(str(message[0] if isinstance(message, (tuple, list)) else message))
    return found


def test_every_public_string_is_translated_in_every_language():
    messages = public_messages()
    assert "Sign the petition" in messages and "%(counter)s signature" in messages
    assert {"Reply STOP to opt out.", "Unsubscribe: %(url)s", "You are unsubscribed"} <= messages
    assert len(messages) > 30
    for code in LANGUAGES:
        path = ROOT / "locale" / code / "LC_MESSAGES" / "django.po"
        with path.open("rb") as handle:
            catalog = read_po(handle)
        untranslated = []
        for message in catalog:
            key = message.id[0] if isinstance(message.id, tuple) else message.id
            if key not in messages:
                continue
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if message.fuzzy or not all(strings):
                untranslated.append(key)
        present = {str(m.id[0] if isinstance(m.id, (tuple, list)) else m.id) for m in catalog}
        missing = sorted(messages - present)
        assert not missing, f"{code}: not in the catalogue (run make messages): {missing}"
        assert not untranslated, f"{code}: not translated: {untranslated}"


def test_the_catalogues_compile_with_babel_and_django_reads_them(tmp_path):
    assert {p.parent.parent.name for p in catalogue_files()} == set(LANGUAGES)
    compile_catalogues(force=True)
    with translation.override("ml"):
        assert translation.gettext("Sign the petition") == "നിവേദനത്തിൽ ഒപ്പിടുക"
    with translation.override("ar"):
        assert translation.get_language_bidi()
        assert translation.ngettext("%(counter)s signature", "%(counter)s signatures", 2) == (
            "توقيعان"
        )
    with translation.override("pl"):
        text = translation.ngettext("%(counter)s signature", "%(counter)s signatures", 5)
        assert text % {"counter": 5} == "5 podpisów"


@pytest.mark.parametrize("code", ["fil-ph", "fil", "tl"])
def test_tagalog_is_known_to_django_as_tl_and_fil(code):
    from django.utils.translation import get_supported_language_variant

    assert get_supported_language_variant(code) == "tl"
