"""Webhooks: signed, idempotent, unknown ids ignored; bounces and STOP suppress."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from base64 import b64encode
from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from commonground.accounts.models import User
from commonground.outreach.actions import (
    create_mailing,
    grant_sender,
    record_consent,
    request_send,
    save_template,
)
from commonground.outreach.consent import may_contact
from commonground.outreach.models import Message, MessageEvent, Suppression
from commonground.outreach.sms import twilio_signature
from commonground.people.models import Person

pytestmark = pytest.mark.django_db
KEY = "mailgun-signing-key"
ANYMAIL = {"MAILGUN_WEBHOOK_SIGNING_KEY": KEY, "WEBHOOK_SECRET": "hook:secret"}
AUTH = "Basic " + b64encode(b"hook:secret").decode()
TWILIO = {
    "OUTREACH_TWILIO_AUTH_TOKEN": "twilio-token",
    "SITE_ROOT": "https://cg.example.org",
}


@pytest.fixture
def sent(
    branch_organiser_a: User,
    admin: User,
    branch_a: Any,
    target_list: Any,
    team_a: list[Person],
    django_capture_on_commit_callbacks: Any,
) -> Message:
    for person in team_a[:1]:
        record_consent(None, person, "email", granted=True, wording="Yes", source="form")
    template = save_template(
        branch_organiser_a,
        None,
        {"name": "T", "channel": "email", "purpose": "campaigning", "subject": "S", "body": "B"},
        branch=branch_a,
    )
    grant_sender(admin, branch_organiser_a, active=True)
    with (
        override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        request_send(branch_organiser_a, create_mailing(branch_organiser_a, template, target_list))
    return Message.objects.get()


def mailgun(
    event: str, message_id: str, event_id: str, *, key: str = KEY, severity: str = ""
) -> dict[str, Any]:
    # Mailgun's signature token is unique per webhook call; anymail uses it as the event id.
    timestamp, token = str(int(time.time())), hashlib.sha256(event_id.encode()).hexdigest()[:50]
    signature = hmac.new(key.encode(), f"{timestamp}{token}".encode(), hashlib.sha256).hexdigest()
    data: dict[str, Any] = {
        "event": event,
        "id": event_id,
        "timestamp": time.time(),
        "recipient": "someone@example.invalid",
        "message": {"headers": {"message-id": message_id}},
    }
    if severity:
        data["severity"] = severity
    return {
        "signature": {"timestamp": timestamp, "token": token, "signature": signature},
        "event-data": data,
    }


def post_mailgun(payload: dict[str, Any], auth: str = AUTH) -> Any:
    return Client().post(
        reverse("outreach:email-webhook"),
        data=json.dumps(payload),
        content_type="application/json",
        HTTP_AUTHORIZATION=auth,
    )


@override_settings(ANYMAIL=ANYMAIL, OUTREACH_EMAIL_PROVIDER="mailgun")
def test_a_signed_delivery_report_updates_the_recipients_status(sent: Message) -> None:
    response = post_mailgun(mailgun("delivered", sent.provider_id, "ev-1"))
    assert response.status_code == 200
    sent.refresh_from_db()
    assert sent.status == "delivered"
    assert post_mailgun(mailgun("opened", sent.provider_id, "ev-2")).status_code == 200
    assert post_mailgun(mailgun("delivered", sent.provider_id, "ev-3")).status_code == 200
    sent.refresh_from_db()
    assert sent.status == "opened"  # a late "delivered" never moves it back


@override_settings(ANYMAIL=ANYMAIL, OUTREACH_EMAIL_PROVIDER="mailgun")
def test_a_badly_signed_or_unauthenticated_report_changes_nothing(sent: Message) -> None:
    bad = post_mailgun(
        mailgun("failed", sent.provider_id, "ev-1", key="wrong", severity="permanent")
    )
    assert bad.status_code == 400
    anonymous = post_mailgun(
        mailgun("failed", sent.provider_id, "ev-2", severity="permanent"), auth=""
    )
    assert anonymous.status_code == 400
    sent.refresh_from_db()
    assert sent.status == "sent" and not Suppression.objects.exists()


@override_settings(ANYMAIL=ANYMAIL, OUTREACH_EMAIL_PROVIDER="mailgun")
def test_a_repeated_event_is_applied_once(sent: Message) -> None:
    payload = mailgun("failed", sent.provider_id, "ev-bounce", severity="permanent")
    assert post_mailgun(payload).status_code == 200
    assert post_mailgun(payload).status_code == 200
    assert MessageEvent.objects.count() == 1
    sent.refresh_from_db()
    assert sent.status == "bounced"
    entry = Suppression.objects.get()
    assert (entry.address, entry.reason, entry.scope) == (sent.address, "bounced", "all")
    assert not may_contact(Person.objects.filter(email=sent.address), "email", "service").exists()


@override_settings(ANYMAIL=ANYMAIL, OUTREACH_EMAIL_PROVIDER="mailgun")
def test_an_event_about_an_unknown_message_is_ignored(sent: Message) -> None:
    response = post_mailgun(mailgun("failed", "not-ours@example.org", "ev-x", severity="permanent"))
    assert response.status_code == 200
    assert not MessageEvent.objects.exists() and not Suppression.objects.exists()


def twilio_post(params: dict[str, str], *, token: str = "twilio-token") -> Any:
    url = "https://cg.example.org" + reverse("outreach:sms-webhook")
    return Client().post(
        reverse("outreach:sms-webhook"),
        params,
        HTTP_X_TWILIO_SIGNATURE=twilio_signature(token, url, params),
    )


@override_settings(**TWILIO)
def test_stop_by_text_suppresses_the_number_and_withdraws_consent(team_a: list[Person]) -> None:
    person = team_a[0]
    record_consent(None, person, "sms", granted=True, wording="Yes", source="form")
    params = {
        "MessageSid": "SM1",
        "From": "07700 900100",
        "Body": " stop ",
        "SmsStatus": "received",
    }
    assert twilio_post(params).status_code == 200
    assert twilio_post(params).status_code == 200
    entry = Suppression.objects.get()
    assert (entry.channel, entry.address, entry.reason) == ("sms", person.phone, "stop")
    assert not may_contact(Person.objects.filter(pk=person.pk), "sms", "service").exists()
    assert person.consents.filter(current=True, granted=False, source="stop").count() == 1


@override_settings(**TWILIO)
def test_the_sms_webhook_refuses_a_bad_signature(team_a: list[Person]) -> None:
    params = {"MessageSid": "SM1", "From": team_a[0].phone, "Body": "STOP"}
    assert twilio_post(params, token="forged").status_code == 403
    assert Client().post(reverse("outreach:sms-webhook"), params).status_code == 403
    assert not Suppression.objects.exists()


@override_settings(**TWILIO)
def test_sms_status_callbacks_are_idempotent_and_unknown_ids_ignored(
    branch_organiser_a: User, team_a: list[Person]
) -> None:
    message = Message.objects.create(
        channel="sms",
        person=team_a[0],
        address=team_a[0].phone,
        body="x",
        token="t" * 32,
        provider_id="SMabc",
        status="sent",
    )
    for _ in range(2):
        assert twilio_post({"MessageSid": "SMabc", "MessageStatus": "delivered"}).status_code == 200
    assert twilio_post({"MessageSid": "SMzzz", "MessageStatus": "undelivered"}).status_code == 200
    message.refresh_from_db()
    assert message.status == "delivered" and MessageEvent.objects.count() == 1
    assert not Suppression.objects.exists()


@override_settings(ANYMAIL={"MAILGUN_WEBHOOK_SIGNING_KEY": KEY}, OUTREACH_EMAIL_PROVIDER="mailgun")
def test_no_email_webhook_is_offered_without_a_webhook_secret(sent: Message) -> None:
    assert post_mailgun(mailgun("delivered", sent.provider_id, "ev-1")).status_code == 404
    sent.refresh_from_db()
    assert sent.status == "sent"
