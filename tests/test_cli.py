from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from commonground.__main__ import main


def test_hyphenated_command_names_are_accepted(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["commonground", "audit-verify", "--help"])
    assert exc.value.code == 0
    assert "Check the audit trail" in capsys.readouterr().out


def test_the_console_script_runs_a_command():
    env = {**os.environ, "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "help"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    for command in ("audit_verify", "demo", "worker"):
        assert command in out.stdout


def test_a_new_var_dir_is_made_on_first_use(tmp_path):
    var = tmp_path / "new" / "var"
    # The SQLite database in the var folder, whatever database the suite runs on.
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(DEBUG="1", COMMONGROUND_VAR_DIR=str(var))
    env["DJANGO_SETTINGS_MODULE"] = "commonground.settings"
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "migrate", "-v", "0"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode == 0, out.stderr
    assert (var / "commonground.sqlite3").is_file()


def test_production_refuses_the_default_secret_key(settings):
    from commonground.lib.checks import refuse_insecure_secret_key

    settings.DEBUG = False
    settings.SECRET_KEY = settings.DEFAULT_SECRET_KEY
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY"):
        refuse_insecure_secret_key()
    settings.SECRET_KEY = "x" * 60
    refuse_insecure_secret_key()


def test_check_deploy_fails_with_the_default_key():
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env["DJANGO_SETTINGS_MODULE"] = "commonground.settings"  # production's, not the tests'
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "check"], capture_output=True, text=True, env=env
    )
    assert out.returncode != 0
    assert "commonground.E001" in out.stderr


def test_a_command_run_as_the_process_leaves_its_objects_to_the_os_at_exit():
    # As the console script calls it (no arguments given): what the command left behind
    # is frozen, so the collector's last pass at exit does not walk it.
    code = (
        "import gc, sys\n"
        "from commonground.__main__ import main\n"
        "sys.argv = ['commonground', 'help']\n"
        "before = gc.get_freeze_count()\n"
        "main()\n"
        "print(before, gc.get_freeze_count())\n"
    )
    env = {**os.environ, "DEBUG": "1"}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    before, after = (int(n) for n in out.stdout.split()[-2:])
    assert before == 0
    assert after > 0


def test_a_command_called_with_arguments_leaves_the_collector_alone(capsys):
    import gc

    before = gc.get_freeze_count()
    main(["commonground", "help"])
    assert "audit_verify" in capsys.readouterr().out
    assert gc.get_freeze_count() == before
