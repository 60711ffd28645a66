"""Back up and restore the database, and prove a restore is whole (docs/deployment.md).

- SQLite: ``VACUUM INTO`` writes a consistent, compacted copy while the site runs; a restore
  copies the file back into the configured database with SQLite's online backup API.
- PostgreSQL: ``pg_dump --format=custom`` and ``pg_restore --no-owner`` into an empty
  database (the binaries are found on ``PATH`` or in ``PG_BIN``).

Every backup writes a manifest beside it (``<file>.json``: the row count of every table);
a restore compares the restored database with it and then checks the audit hash chain, so
"restored" means the same rows and an intact trail, not just "the command exited 0".
``MEDIA_ROOT`` (uploaded files) is backed up separately (see the deployment guide).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.db import connections, transaction

__all__ = ["RestoreCheck", "backup", "check_restore", "restore", "table_counts"]


def table_counts(alias: str = "default") -> dict[str, int]:
    """Rows in every table of the database (Django's and any other), by table name."""
    connection = connections[alias]
    with connection.cursor() as cursor:
        tables = sorted(
            t for t in connection.introspection.table_names(cursor) if not t.startswith("sqlite_")
        )
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")
            row = cursor.fetchone()
            counts[table] = int(row[0]) if row else 0
    return counts


def _manifest_path(path: Path) -> Path:
    return path.with_name(path.name + ".json")


def _pg_tool(name: str) -> str:
    folder = os.environ.get("PG_BIN", "")
    if folder:
        return str(Path(folder) / name)
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} was not found: install the PostgreSQL client or set PG_BIN")
    return found


def _pg_args(alias: str) -> tuple[list[str], dict[str, str]]:
    """Connection options for pg_dump/pg_restore from Django's settings (password via env)."""
    s = connections[alias].settings_dict
    args = []
    if s.get("HOST"):
        args += ["--host", str(s["HOST"])]
    if s.get("PORT"):
        args += ["--port", str(s["PORT"])]
    if s.get("USER"):
        args += ["--username", str(s["USER"])]
    env = {**os.environ}
    if s.get("PASSWORD"):
        env["PGPASSWORD"] = str(s["PASSWORD"])
    return args, env


def backup(path: Path, alias: str = "default") -> dict[str, Any]:
    """Write a backup of the database to ``path`` and its manifest; returns the manifest."""
    connection = connections[alias]
    path = path.resolve()
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.exists():
        raise FileExistsError(f"{path} exists: choose a new file name")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        copy = sqlite3.connect(str(path))
        try:  # count the copy itself: the site may have written since
            names = [
                r[0]
                for r in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type = 'table' "
                    "AND name NOT LIKE 'sqlite_%' ORDER BY name"
                )
            ]
            counts = {
                n: int(copy.execute(f'SELECT COUNT(*) FROM "{n}"').fetchone()[0]) for n in names
            }
        finally:
            copy.close()
    elif connection.vendor == "postgresql":
        # Count inside one REPEATABLE READ snapshot and dump that same snapshot, so the
        # manifest matches the dump exactly while the site keeps writing.
        args, env = _pg_args(alias)
        name = str(connection.settings_dict["NAME"])
        with transaction.atomic(using=alias), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_counts(alias)
            subprocess.run(
                [
                    _pg_tool("pg_dump"),
                    "--format=custom",
                    f"--snapshot={snapshot}",
                    "--file",
                    str(path),
                    *args,
                    name,
                ],
                check=True,
                env=env,
            )
    else:
        raise RuntimeError(f"No backup method for {connection.vendor}")
    manifest = {
        "vendor": connection.vendor,
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "file": path.name,
        "tables": counts,
    }
    _manifest_path(path).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    return manifest


def restore(path: Path, alias: str = "default") -> None:
    """Restore ``path`` into the configured database, which must be empty (no tables)."""
    connection = connections[alias]
    path = path.resolve()
    if not path.is_file():
        raise FileNotFoundError(path)
    with connection.cursor() as cursor:
        existing = connection.introspection.table_names(cursor)
    if existing:
        raise RuntimeError(
            f"The database already has {len(existing)} tables: restore into an empty database"
        )
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        source = sqlite3.connect(str(path))
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        connection.close()
        args, env = _pg_args(alias)
        name = str(connection.settings_dict["NAME"])
        subprocess.run(
            [
                _pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                name,
                *args,
                str(path),
            ],
            check=True,
            env=env,
        )
    else:
        raise RuntimeError(f"No restore method for {connection.vendor}")


@dataclass
class RestoreCheck:
    tables: int
    rows: int
    differences: dict[str, tuple[int | None, int | None]]
    audit_rows: int
    audit_ok: bool

    @property
    def ok(self) -> bool:
        return not self.differences and self.audit_ok


def check_restore(path: Path, alias: str = "default") -> RestoreCheck:
    """Compare the database with the backup's manifest, then verify the audit chain."""
    from commonground.audit.log import verify_chain

    manifest = json.loads(_manifest_path(path.resolve()).read_text())
    expected: dict[str, int] = manifest["tables"]
    actual = table_counts(alias)
    differences = {
        table: (expected.get(table), actual.get(table))
        for table in sorted(set(expected) | set(actual))
        if expected.get(table) != actual.get(table)
    }
    result = verify_chain()
    return RestoreCheck(
        tables=len(actual),
        rows=sum(actual.values()),
        differences=differences,
        audit_rows=result.checked,
        audit_ok=result.ok,
    )
