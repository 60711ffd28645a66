"""Field-level encryption at rest for the most sensitive free text.

Conversation notes and immigration/sponsorship details are stored encrypted with Fernet
(AES-128-CBC + HMAC-SHA256). Keys come from the environment: ``COMMONGROUND_FIELD_KEYS`` is a
comma-separated list of Fernet keys, newest first (``..._FILE`` works too). Every key decrypts;
the first encrypts. ``commonground rotate-field-keys`` re-encrypts every value with the first key,
after which old keys can be removed.

Without a configured key (development, tests, the demo) a key is derived from SECRET_KEY, and a
deploy check warns.
"""

from __future__ import annotations

import base64
import hashlib
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.db import models

from commonground.lib.env import env_secret

PREFIX = "enc1:"


def _derived_key() -> bytes:
    digest = hashlib.sha256(("commonground-field-key:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


def configured_keys() -> list[bytes]:
    raw = env_secret("COMMONGROUND_FIELD_KEYS", "")
    return [k.strip().encode() for k in raw.split(",") if k.strip()]


@lru_cache(maxsize=4)
def _fernet(keys: tuple[bytes, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k) for k in keys])


def fernet() -> MultiFernet:
    keys = configured_keys() or [_derived_key()]
    return _fernet(tuple(keys))


def encrypt(value: str) -> str:
    return PREFIX + fernet().encrypt(value.encode()).decode()


def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        return stored  # a value written before encryption was switched on
    try:
        return fernet().decrypt(stored[len(PREFIX) :].encode()).decode()
    except InvalidToken as exc:
        raise ValueError(
            "An encrypted field could not be decrypted: is the key configured?"
        ) from exc


class EncryptedTextField(models.TextField[Any, Any]):
    """A TextField stored encrypted. It cannot be searched or filtered on, by design."""

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(str(value))


# Every encrypted field, for the key-rotation command: (app_label.Model, field name).
def encrypted_fields() -> list[tuple[type[models.Model], str]]:
    from django.apps import apps

    found: list[tuple[type[models.Model], str]] = []
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, EncryptedTextField):
                found.append((model, field.name))
    return found
