"""Production hardening: settings with DEBUG off, the deploy check, headers, 2FA, lockout."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from cryptography.fernet import Fernet
from django.urls import reverse

from commonground.accounts.models import TWO_FACTOR_ROLES
from commonground.accounts.permissions import ROLE_PERMISSIONS

PRIVILEGED = {"export_people", "import_people", "merge_people", "import_register", "*"}


def production_env() -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DEBUG", "SECURE_", "SESSION_", "COMMONGROUND_", "PYTEST"))
        # the browser tests' conftest sets DJANGO_ALLOW_ASYNC_UNSAFE for Playwright; production
        # never has it (and the deploy check rightly warns about it)
        and k not in ("SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="commonground.settings",  # not the tests' (tests/settings.py)
        DEBUG="0",
        SECRET_KEY="a-production-secret-" + "k" * 60,
        ALLOWED_HOSTS="commonground.example.org",
        COMMONGROUND_FIELD_KEYS=Fernet.generate_key().decode(),
        COMMONGROUND_AUDIT_KEY="an-audit-key-" + "a" * 40,
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        SITE_ROOT="https://commonground.example.org",
    )
    return env


PROBE = """
import json, django, os
os.environ["DJANGO_SETTINGS_MODULE"] = "commonground.settings"
django.setup()
from django.conf import settings as s
print(json.dumps({k: getattr(s, k) for k in (
    "DEBUG", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS", "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_AGE", "SESSION_EXPIRE_AT_BROWSER_CLOSE", "COMMONGROUND_REQUIRE_2FA",
    "AXES_FAILURE_LIMIT", "AXES_COOLOFF_TIME", "X_FRAME_OPTIONS", "SECURE_CONTENT_TYPE_NOSNIFF",
    "DATA_UPLOAD_MAX_MEMORY_SIZE", "FILE_UPLOAD_MAX_MEMORY_SIZE", "CONTENT_SECURITY_POLICY",
    "AUTH_PASSWORD_VALIDATORS", "PASSWORD_HASHERS", "TASKS", "STORAGES", "COMMONGROUND_CACHE_SECONDS",
)}, default=str))
"""


@pytest.fixture(scope="module")
def production() -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE],
        capture_output=True,
        text=True,
        env=production_env(),
        check=True,
    )
    values: dict[str, object] = json.loads(out.stdout)
    return values


def test_production_settings_are_hardened(production):
    assert production["DEBUG"] is False
    assert production["SESSION_COOKIE_SECURE"] and production["CSRF_COOKIE_SECURE"]
    assert production["SECURE_SSL_REDIRECT"]
    assert production["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert production["SECURE_HSTS_INCLUDE_SUBDOMAINS"]
    assert production["SESSION_COOKIE_HTTPONLY"]
    # Sessions end with the browser and after a working day at most.
    assert production["SESSION_EXPIRE_AT_BROWSER_CLOSE"]
    assert production["SESSION_COOKIE_AGE"] <= 8 * 60 * 60
    assert production["COMMONGROUND_REQUIRE_2FA"] is True
    assert 0 < production["AXES_FAILURE_LIMIT"] <= 10 and production["AXES_COOLOFF_TIME"] > 0
    assert production["X_FRAME_OPTIONS"] == "DENY" and production["SECURE_CONTENT_TYPE_NOSNIFF"]
    assert production["DATA_UPLOAD_MAX_MEMORY_SIZE"] <= 10 * 1024 * 1024
    assert production["FILE_UPLOAD_MAX_MEMORY_SIZE"] <= 5 * 1024 * 1024
    # Production hashes passwords with a slow hasher, never the tests' MD5.
    assert "MD5" not in str(production["PASSWORD_HASHERS"])


def test_production_is_what_the_tests_override(production):
    """tests/settings.py overrides a handful of production's values, each for a reason it
    states; production keeps its own: tasks queued in the database for a worker, static files
    from collectstatic's hashed manifest, figures cached for five minutes."""
    assert "django_tasks_db.DatabaseBackend" in str(production["TASKS"])
    assert "CompressedManifestStaticFilesStorage" in str(production["STORAGES"])
    assert production["COMMONGROUND_CACHE_SECONDS"] == 300


def test_passwords_need_length_and_are_checked_against_common_ones(production):
    names = {v["NAME"].rsplit(".", 1)[1]: v for v in production["AUTH_PASSWORD_VALIDATORS"]}
    assert {
        "UserAttributeSimilarityValidator",
        "MinimumLengthValidator",
        "CommonPasswordValidator",
        "NumericPasswordValidator",
    } <= names.keys()
    assert names["MinimumLengthValidator"]["OPTIONS"]["min_length"] >= 10


def test_the_csp_allows_no_inline_or_foreign_script(production):
    directives = production["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]
    assert directives["script-src"] == ["'self'"]
    assert directives["default-src"] == ["'self'"]
    assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == ["'none'"]


def test_the_deploy_check_is_clean_with_production_settings():
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=production_env(),
    )
    assert out.returncode == 0, out.stderr
    assert "no issues" in out.stdout


@pytest.mark.parametrize(
    ("variable", "says"),
    [("COMMONGROUND_FIELD_KEYS", "COMMONGROUND_FIELD_KEYS"), ("SITE_ROOT", "SITE_ROOT is not set")],
)
def test_the_deploy_check_warns_without(variable, says):
    env = production_env()
    del env[variable]
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode != 0 and says in out.stderr


@pytest.mark.parametrize(
    ("variable", "value", "says"),
    [
        # Reset and invitation links must not land in the logs (issue 14, finding 13).
        ("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend", "EMAIL_BACKEND"),
        ("EMAIL_BACKEND", None, "EMAIL_BACKEND"),
        # The audit chain's key is kept apart from SECRET_KEY (finding 6).
        ("COMMONGROUND_AUDIT_KEY", None, "COMMONGROUND_AUDIT_KEY"),
    ],
)
def test_the_deploy_check_fails_on_console_email_and_a_missing_audit_key(
    variable: str, value: str | None, says: str
) -> None:
    env = production_env()
    if value is None:
        del env[variable]
    else:
        env[variable] = value
    out = subprocess.run(
        [sys.executable, "-m", "commonground", "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=env,
    )
    assert out.returncode != 0 and says in out.stderr


@pytest.mark.parametrize("role", list(ROLE_PERMISSIONS))
def test_every_role_that_can_export_or_import_people_needs_two_factor(role):
    perms = ROLE_PERMISSIONS[role]
    if perms & PRIVILEGED:
        assert role in TWO_FACTOR_ROLES


@pytest.mark.django_db
def test_pages_carry_the_security_headers(client):
    response = client.get(reverse("accounts:login"))
    csp = response["Content-Security-Policy"]
    assert (
        "script-src 'self'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
