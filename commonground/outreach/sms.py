"""Sending texts: a small backend interface, as Django's email backends.

``settings.OUTREACH_SMS_BACKEND`` names the class: :class:`ConsoleBackend` (the demo),
:class:`FileBackend` (tests and the bench: one JSON line per text) or :class:`TwilioBackend`
(a real provider, configured by ``OUTREACH_TWILIO_*``). Empty means no SMS channel: text banks
then use the caller's own phone (``sms:`` links) only.

A backend's ``send_messages`` returns, per message, the provider's id (``""`` when it failed);
delivery reports and replies arrive through the webhook in :mod:`commonground.outreach.webhooks`.
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import json
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

import requests
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from commonground.lib.siteurl import site_url


@dataclass(frozen=True)
class SmsMessage:
    to: str
    body: str
    # Our message id, for the provider's status callback and the file backend's record.
    reference: str = ""


class BaseBackend:
    def send_messages(self, messages: list[SmsMessage]) -> list[str]:
        raise NotImplementedError

    def close(self) -> None:
        """Release connections; called once after a batch."""


class ConsoleBackend(BaseBackend):
    """Writes each text to standard output (the demo)."""

    def __init__(self, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stdout

    def send_messages(self, messages: list[SmsMessage]) -> list[str]:
        ids = []
        for message in messages:
            sid = f"console-{uuid.uuid4().hex}"
            self.stream.write(f"SMS to {message.to} [{sid}]\n{message.body}\n{'-' * 40}\n")
            ids.append(sid)
        self.stream.flush()
        return ids


class FileBackend(BaseBackend):
    """Appends each text as a JSON line to a file per day under ``OUTREACH_SMS_FILE_PATH``."""

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = Path(path or settings.OUTREACH_SMS_FILE_PATH)

    def send_messages(self, messages: list[SmsMessage]) -> list[str]:
        self.path.mkdir(parents=True, exist_ok=True)
        target = self.path / f"{datetime.date.today():%Y-%m-%d}.jsonl"  # noqa: DTZ011
        ids = [f"file-{uuid.uuid4().hex}" for _ in messages]
        with target.open("a", encoding="utf-8") as out:
            out.writelines(
                json.dumps({"id": sid, "to": m.to, "body": m.body, "reference": m.reference}) + "\n"
                for sid, m in zip(ids, messages, strict=True)
            )
        return ids


class TwilioBackend(BaseBackend):
    """Twilio's Messages API (one HTTPS request per text, as Twilio has no batch send)."""

    def __init__(self) -> None:
        self.sid = settings.OUTREACH_TWILIO_ACCOUNT_SID
        self.token = settings.OUTREACH_TWILIO_AUTH_TOKEN
        self.sender = settings.OUTREACH_SMS_FROM
        if not (self.sid and self.token and self.sender):
            raise ImproperlyConfigured(
                "TwilioBackend needs OUTREACH_TWILIO_ACCOUNT_SID, OUTREACH_TWILIO_AUTH_TOKEN "
                "and OUTREACH_SMS_FROM."
            )
        self.url = (
            f"{settings.OUTREACH_TWILIO_API_BASE.rstrip('/')}/2010-04-01/Accounts/{self.sid}"
            "/Messages.json"
        )
        self.session = requests.Session()
        self.session.auth = (self.sid, self.token)

    def send_messages(self, messages: list[SmsMessage]) -> list[str]:
        from django.urls import reverse

        callback = site_url(reverse("outreach:sms-webhook"))
        ids = []
        for message in messages:
            try:
                response = self.session.post(
                    self.url,
                    data={
                        "From": self.sender,
                        "To": message.to,
                        "Body": message.body,
                        "StatusCallback": callback,
                    },
                    timeout=20,
                )
                response.raise_for_status()
                ids.append(str(response.json().get("sid", "")))
            except (requests.RequestException, ValueError):
                ids.append("")
        return ids

    def close(self) -> None:
        self.session.close()


def get_backend() -> BaseBackend:
    """The configured SMS backend; ``ImproperlyConfigured`` when there is no SMS channel."""
    path = settings.OUTREACH_SMS_BACKEND
    if not path:
        raise ImproperlyConfigured("No SMS channel: set OUTREACH_SMS_BACKEND (docs/outreach.md).")
    backend: Any = import_string(path)()
    return backend  # type: ignore[no-any-return]


def sms_channel_configured() -> bool:
    return bool(settings.OUTREACH_SMS_BACKEND)


def twilio_signature(token: str, url: str, params: dict[str, str]) -> str:
    """Twilio's request signature: HMAC-SHA1 of the URL and the sorted POST parameters."""
    payload = url + "".join(f"{k}{params[k]}" for k in sorted(params))
    digest = hmac.new(token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()
