"""`commonground backup` / `restore`: a restored copy has the same rows and an intact audit
trail (SQLite here; .ci/run does the same on PostgreSQL with the demo data)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from commonground.audit.log import log_action
from commonground.dashboard.backup import backup, table_counts

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL: tested by .ci/run"),
]


def test_it_backs_up_restores_and_checks_a_sqlite_database(tmp_path: Path, admin, region) -> None:
    log_action(region, "test.backup.made", admin, {"n": 1})
    path = tmp_path / "backup.sqlite3"

    call_command("backup", str(path))

    manifest = json.loads((tmp_path / "backup.sqlite3.json").read_text())
    assert manifest["vendor"] == "sqlite"
    assert manifest["tables"] == table_counts()
    assert manifest["tables"]["accounts_user"] == 1
    env = {
        **os.environ,
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'restored.sqlite3'}",
    }
    env.pop("PYTEST_XDIST_WORKER", None)
    run = subprocess.run(
        [sys.executable, "-m", "commonground", "restore", str(path)],
        env=env,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "The restore matches the backup." in run.stdout
    assert "intact" in run.stdout

    log_action(region, "test.backup.after", admin, {})
    with pytest.raises(CommandError, match="does not match"):
        call_command("restore", str(path), "--check-only")


def test_it_refuses_to_overwrite_a_backup_or_restore_into_a_database_with_tables(
    tmp_path: Path, admin
) -> None:
    path = tmp_path / "backup.sqlite3"
    backup(path)
    with pytest.raises(CommandError, match="exists"):
        call_command("backup", str(path))
    with pytest.raises(CommandError, match="empty database"):
        call_command("restore", str(path))
