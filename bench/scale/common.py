"""Shared set-up for the scale bench: environment, database choice, load, personas.

Every script takes ``--db sqlite|postgres``. SQLite uses ``bench/out/scale.sqlite3``;
PostgreSQL uses ``DATABASE_URL`` (default: the throwaway cluster that
``bench/scale/pg.sh start`` runs on port 55439). Settings are production-like: ``DEBUG``
off, a throwaway secret key, no HTTPS redirect or two-factor step (loopback only).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
OUT = ROOT / "bench" / "out"
SQLITE_PATH = OUT / "scale.sqlite3"
DEFAULT_PG_URL = "postgres://postgres@127.0.0.1:55439/cgscale"

PERSONAS = {
    "branch": "scale-branch",
    "regional": "scale-regional",
    "admin": "scale-admin",
}
PASSWORD = "scale-bench-password-1"
BRANCH_COUNCIL = "E08000003"  # Manchester: the branch organiser's branch covers it
REGION = "north-west"


def database_url(db: str) -> str:
    if db == "sqlite":
        return f"sqlite:///{SQLITE_PATH}"
    return os.environ.get("DATABASE_URL", DEFAULT_PG_URL)


def environment(db: str) -> dict[str, str]:
    """The environment the Django processes of the bench run with."""
    env = {
        "DATABASE_URL": database_url(db),
        "DEBUG": "0",
        "SECRET_KEY": "scale-bench-not-secret-" + "x" * 40,
        "COMMONGROUND_VAR_DIR": str(OUT / "var"),
        "COMMONGROUND_REQUIRE_2FA": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SECURE_COOKIES": "0",
        "SECURE_HSTS_SECONDS": "0",
        "DB_CONN_MAX_AGE": "600",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "DJANGO_SETTINGS_MODULE": "commonground.settings",
    }
    return env


def setup(db: str) -> None:
    """Configure and start Django in this process for ``db``."""
    OUT.mkdir(parents=True, exist_ok=True)
    os.environ.update(environment(db))
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    # DEBUG off serves hashed static files (whitenoise's manifest): collect them once.
    if not (OUT / "var" / "static" / "staticfiles.json").is_file():
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)


def load() -> str:
    """The machine's load average, reported beside every figure (2 shared cores)."""
    one, five, fifteen = os.getloadavg()
    return f"load {one:.2f} {five:.2f} {fifteen:.2f} on {os.cpu_count()} cores"


def command_line(module: str) -> str:
    """The command that produced the figures (printed with them)."""
    prefix = "DATABASE_URL=… " if "--db" in sys.argv and "postgres" in sys.argv else ""
    return f"{prefix}.venv/bin/python -m {module} {' '.join(sys.argv[1:])}".rstrip()
