"""The ``commonground`` console script: the project's ``manage.py``.

Hyphenated command names are accepted, so ``commonground import-register`` runs the
``import_register`` management command.
"""

from __future__ import annotations

import contextlib
import os
import sys


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else argv)
    if len(args) > 1 and not args[1].startswith("-"):
        args[1] = args[1].replace("-", "_")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "commonground.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    # The folder for the SQLite database, uploads and mail: made on first use, so that
    # `commonground migrate` on a fresh checkout (or a new COMMONGROUND_VAR_DIR) works.
    with contextlib.suppress(OSError):  # unwritable: the command says so when it writes
        settings.VAR_DIR.mkdir(parents=True, exist_ok=True)

    execute_from_command_line(args)


if __name__ == "__main__":
    main()
