"""Which importers exist: each domain app registers its own (in its ``AppConfig.ready``).

This app is machinery and imports no domain; a domain says what its kind of import is
called, who may run it, and the function that runs an :class:`ImportRun` of that kind.
A kind nobody registered is an error said plainly, never skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from commonground.imports.models import ImportRun

__all__ = ["Importer", "importer_for", "register_importer"]


@dataclass(frozen=True)
class Importer:
    kind: str  # ImportRun.kind, e.g. "people"
    permission: str  # the role permission that allows it, e.g. "import_people"
    run: Callable[[ImportRun], Any]  # runs one queued run (the background task's body)


_IMPORTERS: dict[str, Importer] = {}


def register_importer(importer: Importer) -> None:
    held = _IMPORTERS.get(importer.kind)
    if held is not None and held != importer:
        raise ValueError(f"two importers of kind {importer.kind!r}")
    _IMPORTERS[importer.kind] = importer


def importer_for(kind: str) -> Importer:
    try:
        return _IMPORTERS[kind]
    except KeyError:
        known = ", ".join(sorted(_IMPORTERS)) or "none"
        raise LookupError(f"no importer of kind {kind!r} is registered (known: {known})") from None
