"""Compile the translation catalogues (``.po`` → ``.mo``) with Babel, in pure Python.

Django's own ``compilemessages`` needs GNU gettext's ``msgfmt``, which a fresh machine
with only Python and make does not have; Babel (a dependency) reads and writes the same
files. ``make demo`` (through ``commonground demo``), ``make test`` and the test run itself
call :func:`compile_catalogues`; it rewrites only catalogues whose ``.mo`` is missing or
older than the ``.po``. Entries marked fuzzy are left out, as ``msgfmt`` leaves them out.
Refreshing the ``.po`` files from the code (``make messages``) does need gettext: see
docs/i18n.md.
"""

from __future__ import annotations

import os
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from django.conf import settings


def catalogue_files() -> list[Path]:
    """Every ``django.po`` under the project's locale folders."""
    found: list[Path] = []
    for root in settings.LOCALE_PATHS:
        found.extend(sorted(Path(root).glob("*/LC_MESSAGES/*.po")))
    return found


def stale(po: Path) -> bool:
    mo = po.with_suffix(".mo")
    return not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime


def compile_catalogues(*, force: bool = False) -> list[Path]:
    """Write the ``.mo`` of every stale catalogue (all with ``force``); the ones written."""
    written = []
    for po in catalogue_files():
        if not force and not stale(po):
            continue
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=po.parent.parent.name, abort_invalid=True)
        mo = po.with_suffix(".mo")
        tmp = mo.with_suffix(f".mo.{os.getpid()}.tmp")  # test workers may compile at once
        with tmp.open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
        tmp.replace(mo)  # atomic: a running server never reads half a file
        written.append(po)
    return written
