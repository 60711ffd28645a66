"""Refuse to run in production with the development secret key."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, Warning, register
from django.core.exceptions import ImproperlyConfigured

MESSAGE = "SECRET_KEY is the built-in development key and DEBUG is off: set SECRET_KEY (or SECRET_KEY_FILE)."


def refuse_insecure_secret_key() -> None:
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        raise ImproperlyConfigured(MESSAGE)


@register()
def check_secret_key(app_configs: Any, **kwargs: Any) -> list[Error]:
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEFAULT_SECRET_KEY:
        return [Error(MESSAGE, id="commonground.E001")]
    return []


@register(deploy=True)
def check_field_keys(app_configs: Any, **kwargs: Any) -> list[Warning]:
    from commonground.lib.crypto import configured_keys

    if configured_keys():
        return []
    return [
        Warning(
            "COMMONGROUND_FIELD_KEYS is not set: sensitive fields are encrypted with a key "
            "derived from SECRET_KEY. Set a separate Fernet key (see docs/data-protection.md).",
            id="commonground.W002",
        )
    ]


@register(deploy=True)
def check_catalogues_compiled(app_configs: Any, **kwargs: Any) -> list[Warning]:
    from commonground.lib.catalogues import catalogue_files, stale

    missing = [str(p.parent.parent.name) for p in catalogue_files() if stale(p)]
    if not missing:
        return []
    return [
        Warning(
            "Translations are not compiled for: "
            + ", ".join(missing)
            + ". Run `commonground compile_catalogues` (the public pages would show English).",
            id="commonground.W010",
        )
    ]


# Backends that never deliver: in production, reset and invite links would land in the logs.
UNDELIVERED_EMAIL_BACKENDS = (
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
    "django.core.mail.backends.locmem.EmailBackend",
    "django.core.mail.backends.dummy.EmailBackend",
)


@register(deploy=True)
def check_email_is_delivered(app_configs: Any, **kwargs: Any) -> list[Error]:
    if settings.DEBUG or settings.EMAIL_BACKEND not in UNDELIVERED_EMAIL_BACKENDS:
        return []
    return [
        Error(
            f"EMAIL_BACKEND is {settings.EMAIL_BACKEND} with DEBUG off: password-reset and "
            "invitation links would be written to the logs instead of sent. Set EMAIL_BACKEND "
            "to SMTP or an anymail backend (see docs/deployment.md).",
            id="commonground.E011",
        )
    ]


@register(deploy=True)
def check_audit_key(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.COMMONGROUND_AUDIT_KEY:
        return []
    return [
        Warning(
            "COMMONGROUND_AUDIT_KEY is not set: the audit trail's hashes are keyed with a key "
            "derived from SECRET_KEY. Set a separate secret (see docs/deployment.md, Audit trail).",
            id="commonground.W012",
        )
    ]


@register(deploy=True)
def check_site_root(app_configs: Any, **kwargs: Any) -> list[Warning]:
    if settings.SITE_ROOT:
        return []
    return [
        Warning(
            "SITE_ROOT is not set: links in emails and texts sent in the background (unsubscribe "
            "links, the SMS webhook) would point at http://127.0.0.1:8000. Set it to the public "
            "URL, e.g. https://organise.example.org (see docs/deployment.md).",
            id="commonground.W013",
        )
    ]
