"""The ``commonground`` console script: the project's ``manage.py``.

Hyphenated command names are accepted, so ``commonground import-register`` runs the
``import_register`` management command.
"""

from __future__ import annotations

import contextlib
import gc
import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a command; ``argv`` None: this process's own arguments, and the process ends
    when the command does."""
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
    if argv is None:
        # The process ends now, and the operating system takes back its memory whole. A
        # command may leave millions of objects behind (``match`` its matcher and caches,
        # held in reference cycles): the collector's last pass at exit would walk and
        # free them one by one, a second or more of a run's wall time (decisions.md,
        # 2026-12-02, session 5). Frozen objects are left out of that pass; everything
        # else at exit (atexit handlers, flushing, the exit status) is as before.
        gc.freeze()


if __name__ == "__main__":
    main()
