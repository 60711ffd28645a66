"""Rendering and sending email and texts: queue a mailing's messages, then deliver in batches.

Both steps stream: recipients are read with an iterator and written in batches, messages are
delivered in batches read by primary key, so memory stays flat however long the list
(bench/outreach_send.py). Every batch is checked against the suppression list just before it
leaves.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from anymail.message import AnymailMessage
from django.conf import settings
from django.core.mail import get_connection
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from commonground.jobs.progress import Progress, null_progress
from commonground.lib.bulk import RowWriter
from commonground.lib.siteurl import site_url
from commonground.outreach.consent import blocked_addresses, may_contact, normalise_address
from commonground.outreach.models import (
    Channel,
    Mailing,
    MailingStatus,
    Message,
    MessageStatus,
    MessageTemplate,
    Purpose,
)
from commonground.outreach.queries import list_people
from commonground.outreach.sms import SmsMessage, get_backend
from commonground.people.models import Person

MERGE_FIELDS = ("first_name", "full_name", "workplace", "branch")
_FIELD = re.compile(r"\{(" + "|".join(MERGE_FIELDS) + r")\}")
_ANY_FIELD = re.compile(r"\{([a-z_]+)\}")
QUEUE_BATCH = 1000


def unknown_fields(text: str) -> list[str]:
    """Merge fields in ``text`` that do not exist (for the template form's error)."""
    return sorted({f for f in _ANY_FIELD.findall(text) if f not in MERGE_FIELDS})


@dataclass(frozen=True)
class Compiled:
    """A template text split once into literal parts and field names (odd positions)."""

    parts: tuple[str, ...]

    @classmethod
    def of(cls, text: str) -> Compiled:
        return cls(tuple(_FIELD.split(text)))

    def render(self, context: dict[str, str]) -> str:
        parts = self.parts
        if len(parts) == 1:
            return parts[0]
        return "".join(context[p] if i % 2 else p for i, p in enumerate(parts))


@dataclass(frozen=True)
class Version:
    language: str
    subject: Compiled
    body: Compiled


def versions(template: MessageTemplate) -> dict[str, Version]:
    """The template and its translations, by language code ("" is the original)."""
    found = {"": Version("", Compiled.of(template.subject), Compiled.of(template.body))}
    for t in template.translations.all():
        found[t.language.lower()] = Version(
            t.language.lower(), Compiled.of(t.subject or template.subject), Compiled.of(t.body)
        )
    return found


def pick(found: dict[str, Version], language: str) -> Version:
    """The person's preferred language when there is a translation, else the original
    (``pt-br`` falls back to ``pt``)."""
    language = (language or "").lower()
    return found.get(language) or found.get(language.split("-")[0]) or found[""]


def context_for(person: Person) -> dict[str, str]:
    name = person.full_name or ""
    return {
        "first_name": name.split()[0] if name.split() else "",
        "full_name": name,
        "workplace": person.location.name if person.location_id and person.location else "",
        "branch": person.branch.name if person.branch_id else "",
    }


def unsubscribe_prefix() -> str:
    """The unsubscribe URL without its token (built once per send, not per message)."""
    url = reverse("outreach:unsubscribe", args=["TOKEN"])
    return site_url(url.replace("TOKEN/", ""))


def footer(channel: str, purpose: str, url: str, language: str) -> str:
    """What every message ends with: why they get it and how to stop it."""
    with override(language or None):
        if channel == Channel.SMS:
            return "\n" + _("Reply STOP to opt out.")
        reason = (
            _("You receive this as a member of the union.")
            if purpose == Purpose.SERVICE
            else _("You receive this because you agreed to hear from the union.")
        )
        return "\n\n-- \n" + reason + "\n" + _("Unsubscribe: %(url)s") % {"url": url}


def render_pair(
    template: MessageTemplate, person: Person, token: str = "preview"
) -> tuple[str, str, str]:
    """(language, subject, body with footer) as ``person`` would get ``template``."""
    version = pick(versions(template), person.preferred_language)
    context = context_for(person)
    body = version.body.render(context) + footer(
        template.channel, template.purpose, unsubscribe_prefix() + token + "/", version.language
    )
    return version.language, version.subject.render(context), body


# --- queue --------------------------------------------------------------------------------


def recipients(mailing: Mailing) -> Any:
    """The mailing's people now: the list, re-evaluated, through the channel's rules."""
    return may_contact(list_people(mailing.target_list), mailing.channel, mailing.purpose)


def _rows(mailing: Mailing) -> Iterator[tuple[Any, ...]]:
    field = "email" if mailing.channel == Channel.EMAIL else "phone"
    rows: Iterator[tuple[Any, ...]] = (
        recipients(mailing)
        .annotate(addr=Lower(field))
        .order_by("addr", "pk")
        .values_list(
            "pk", "full_name", "addr", "preferred_language", "location__name", "branch__name"
        )
        .iterator(chunk_size=2000)
    )
    return rows


def queue_messages(mailing: Mailing, progress: Progress = null_progress) -> int:
    """Render one message per distinct address and store them, queued. Returns the count."""
    template = mailing.template
    found = versions(template)
    prefix = unsubscribe_prefix()
    footers: dict[str, tuple[str, str]] = {}
    total = recipients(mailing).count()
    # Rows are written with executemany (COPY on PostgreSQL) rather than bulk_create: model
    # instances and the ORM's per-value preparation cost more than rendering (bench).
    writer = RowWriter(Message)
    columns = ("person_id", "address", "language", "subject", "body", "token")
    constants = {"mailing_id": mailing.pk, "channel": mailing.channel, "status": "queued"}
    email = mailing.channel == Channel.EMAIL
    batch: list[dict[str, Any]] = []
    queued = 0
    last = None
    seen = 0
    for pk, name, addr, language, workplace, branch in _rows(mailing):
        seen += 1
        address = addr.strip() if email else normalise_address(mailing.channel, addr)
        if not address or address == last:
            continue  # the same address twice in a list gets one message
        last = address
        version = pick(found, language)
        if version.language not in footers:
            # Rendered once per language; the token goes between the two halves.
            text = footer(mailing.channel, mailing.purpose, prefix + "\x00", version.language)
            before, _marker, after = text.partition("\x00")
            footers[version.language] = (before, after)
        before, after = footers[version.language]
        token = secrets.token_hex(16)
        words = name.split()
        context = {
            "first_name": words[0] if words else "",
            "full_name": name,
            "workplace": workplace or "",
            "branch": branch or "",
        }
        body = version.body.render(context)
        body += f"{before}{token}/{after}" if email else before
        batch.append(
            {
                "person_id": pk,
                "address": address,
                "language": version.language,
                "subject": version.subject.render(context)[:255],
                "body": body,
                "token": token,
            }
        )
        if len(batch) >= QUEUE_BATCH:
            writer.insert(batch, columns, constants)
            queued += len(batch)
            batch = []
            progress(seen, total, _("Rendering"))
    if batch:
        writer.insert(batch, columns, constants)
        queued += len(batch)
    progress(total, total, _("Rendered"))
    return queued


# --- deliver -------------------------------------------------------------------------------


def _email(message: Message, from_email: str, unsubscribe_url: str, domain: str) -> AnymailMessage:
    email = AnymailMessage(
        subject=message.subject,
        body=message.body,
        from_email=from_email,
        to=[message.address],
        headers={
            # RFC 8058 one-click unsubscribe: the link answers a POST with no confirmation.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Message-ID": f"<{message.token}@{domain}>",
        },
    )
    email.metadata = {"cg_message": str(message.pk)}
    return email


def _send_emails(batch: list[Message], prefix: str) -> None:
    from_email = settings.OUTREACH_FROM_EMAIL
    domain = from_email.rsplit("@", 1)[-1].strip(">") or "localhost"
    emails = [_email(m, from_email, f"{prefix}{m.token}/", domain) for m in batch]
    connection = get_connection()
    try:
        connection.send_messages(emails)  # type: ignore[arg-type]
        failed: set[int] = set()
    except Exception:
        # One bad address must not fail the batch: send one by one to find it.
        failed = set()
        for i, email in enumerate(emails):
            try:
                connection.send_messages([email])
            except Exception as exc:
                failed.add(i)
                batch[i].error = str(exc)[:255]
    now = timezone.now()
    for i, (message, email) in enumerate(zip(batch, emails, strict=True)):
        if i in failed:
            message.status = MessageStatus.FAILED
            continue
        status = getattr(email, "anymail_status", None)
        provider_id = status.message_id if status is not None and status.message_id else None
        message.provider_id = str(provider_id or f"{message.token}@{domain}").strip("<>")
        message.status = MessageStatus.SENT
        message.sent_at = now


def _send_texts(batch: list[Message]) -> None:
    backend = get_backend()
    try:
        ids = backend.send_messages([SmsMessage(m.address, m.body, str(m.pk)) for m in batch])
    finally:
        backend.close()
    now = timezone.now()
    for message, provider_id in zip(batch, ids, strict=True):
        if provider_id:
            message.provider_id, message.status, message.sent_at = (
                provider_id,
                MessageStatus.SENT,
                now,
            )
        else:
            message.status, message.error = MessageStatus.FAILED, _("The provider refused it.")


def deliver(
    mailing: Mailing,
    progress: Progress = null_progress,
    *,
    sleep: Callable[[float], None] = time.sleep,
    per_minute: int | None = None,
) -> dict[str, int]:
    """Send the mailing's queued messages in batches, at most ``per_minute`` a minute."""
    rate = per_minute or (
        settings.OUTREACH_EMAIL_PER_MINUTE
        if mailing.channel == Channel.EMAIL
        else settings.OUTREACH_SMS_PER_MINUTE
    )
    size = max(1, min(settings.OUTREACH_BATCH_SIZE, rate))
    total = Message.objects.filter(mailing=mailing, status=MessageStatus.QUEUED).count()
    prefix = unsubscribe_prefix()
    writer = RowWriter(Message)
    counts = {"sent": 0, "failed": 0, "suppressed": 0}
    started = time.monotonic()
    last_pk = 0
    done = 0
    while True:
        if Mailing.objects.filter(pk=mailing.pk, status=MailingStatus.CANCELLED).exists():
            break
        batch = list(
            Message.objects.filter(mailing=mailing, status=MessageStatus.QUEUED, pk__gt=last_pk)
            .order_by("pk")
            .only("pk", "address", "subject", "body", "token", "channel")[:size]
        )
        if not batch:
            break
        last_pk = batch[-1].pk
        blocked = blocked_addresses(mailing.channel, mailing.purpose, [m.address for m in batch])
        held = [m for m in batch if m.address in blocked]
        to_send = [m for m in batch if m.address not in blocked]
        for m in held:
            m.status = MessageStatus.SUPPRESSED
        if to_send:
            if mailing.channel == Channel.EMAIL:
                _send_emails(to_send, prefix)
            else:
                _send_texts(to_send)
        now = timezone.now()
        writer.update(
            [
                {
                    "id": m.pk,
                    "status": m.status,
                    "provider_id": m.provider_id,
                    "sent_at": m.sent_at,
                    "error": m.error,
                    "updated": now,
                }
                for m in batch
            ],
            ["status", "provider_id", "sent_at", "error", "updated"],
            "id",
        )
        for m in batch:
            key = {MessageStatus.SENT: "sent", MessageStatus.FAILED: "failed"}.get(
                MessageStatus(m.status), "suppressed"
            )
            counts[key] += 1
        done += len(batch)
        Mailing.objects.filter(pk=mailing.pk).update(
            sent=counts["sent"], failed=counts["failed"], suppressed=counts["suppressed"]
        )
        progress(done, total, _("Sending"))
        # The rate limit: never ahead of ``rate`` messages a minute since the start.
        ahead = done * 60.0 / rate - (time.monotonic() - started)
        if ahead > 0 and done < total:
            sleep(ahead)
    return counts
