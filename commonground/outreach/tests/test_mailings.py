"""Email and text sends: consent at send time, approval, headers, status, unsubscribe."""

from __future__ import annotations

import datetime
import json
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.outreach.actions import (
    approve_mailing,
    create_mailing,
    grant_sender,
    record_consent,
    request_send,
    save_template,
    save_translation,
    suppress,
)
from commonground.outreach.consent import may_contact
from commonground.outreach.models import (
    Mailing,
    MailingStatus,
    Message,
    MessageTemplate,
    Suppression,
)
from commonground.people.models import Person
from commonground.people.retention import purge

pytestmark = pytest.mark.django_db
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
WORDING = "Email me about union campaigns."


@pytest.fixture
def template(branch_organiser_a: User, branch_a: Any) -> MessageTemplate:
    t = save_template(
        branch_organiser_a,
        None,
        {
            "name": "Pay survey",
            "channel": "email",
            "purpose": "campaigning",
            "subject": "Your pay, {first_name}",
            "body": "Hello {first_name}, tell us about pay at {workplace}.",
        },
        branch=branch_a,
    )
    save_translation(
        branch_organiser_a,
        t,
        language="pl",
        subject="Twoja płaca, {first_name}",
        body="Cześć {first_name}!",
    )
    return t


@pytest.fixture
def consenting(team_a: list[Person]) -> list[Person]:
    for person in team_a[:3]:
        record_consent(None, person, "email", granted=True, wording=WORDING, source="form")
    return team_a


@pytest.fixture
def send(django_capture_on_commit_callbacks: Any) -> Any:
    """request_send, with the send task run as the commit would run it."""

    def run(user: User, mailing: Mailing, **kwargs: Any) -> Mailing:
        with django_capture_on_commit_callbacks(execute=True):
            result = request_send(user, mailing, **kwargs)
        return result

    return run


@pytest.fixture
def sender(branch_organiser_a: User, admin: User) -> User:
    grant_sender(admin, branch_organiser_a, active=True)
    return branch_organiser_a


@override_settings(EMAIL_BACKEND=LOCMEM, SITE_ROOT="https://cg.example.org")
def test_it_sends_campaigning_email_only_with_consent_and_never_past_suppression(
    template: MessageTemplate, target_list: Any, consenting: list[Person], sender: User, send: Any
) -> None:
    Person.objects.filter(pk=consenting[0].pk).update(preferred_language="pl")
    suppress("test", "email", consenting[2].email, "bounced")
    mailing = create_mailing(sender, template, target_list)
    send(sender, mailing)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == [consenting[0].email, consenting[1].email]
    polish = next(m for m in mail.outbox if m.to == [consenting[0].email])
    assert polish.subject == "Twoja płaca, Synthetic"
    english = next(m for m in mail.outbox if m.to == [consenting[1].email])
    assert english.body.startswith("Hello Synthetic, tell us about pay at Synthetic Hollins Park")
    row = Message.objects.get(address=consenting[1].email)
    url = f"https://cg.example.org/outreach/u/{row.token}/"
    assert english.extra_headers["List-Unsubscribe"] == f"<{url}>"
    assert english.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert url in english.body  # the footer link too
    assert row.body == english.body and row.status == "sent" and row.provider_id
    sent = Entry.objects.get(action="outreach.mailing.sent")
    assert sent.data["recipients"] == 2 and sent.data["template"] == template.pk


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_it_checks_the_suppression_list_again_just_before_sending(
    template: MessageTemplate, target_list: Any, consenting: list[Person], sender: User
) -> None:
    from commonground.outreach.sending import deliver, queue_messages

    mailing = create_mailing(sender, template, target_list)
    queue_messages(mailing)
    suppress("test", "email", consenting[0].email, "complained")
    counts = deliver(mailing, sleep=lambda s: None)
    assert counts == {"sent": 2, "failed": 0, "suppressed": 1}
    assert Message.objects.get(address=consenting[0].email).status == "suppressed"
    assert consenting[0].email not in [m.to[0] for m in mail.outbox]


def test_it_lets_only_senders_send(
    template: MessageTemplate, target_list: Any, consenting: list[Person], branch_organiser_a: User
) -> None:
    mailing = create_mailing(branch_organiser_a, template, target_list)
    with pytest.raises(PermissionDenied):
        request_send(branch_organiser_a, mailing)


@override_settings(EMAIL_BACKEND=LOCMEM, OUTREACH_APPROVAL_THRESHOLD=2)
def test_it_holds_a_large_send_for_a_second_senders_approval(
    template: MessageTemplate,
    target_list: Any,
    consenting: list[Person],
    sender: User,
    admin: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailing = create_mailing(sender, template, target_list)
    request_send(sender, mailing)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.AWAITING_APPROVAL and mailing.requested_count == 3
    assert mail.outbox == []
    with pytest.raises(PermissionDenied):
        approve_mailing(sender, mailing)  # not the one who asked
    with django_capture_on_commit_callbacks(execute=True):
        approve_mailing(admin, mailing)
    mailing.refresh_from_db()
    assert mailing.status == MailingStatus.SENT and len(mail.outbox) == 3
    assert Entry.objects.filter(action="outreach.mailing.approved", actor_label="admin").exists()


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_it_sends_a_scheduled_send_when_its_time_comes(
    template: MessageTemplate, target_list: Any, consenting: list[Person], sender: User, send: Any
) -> None:
    when = timezone.now() + datetime.timedelta(hours=2)
    mailing = create_mailing(sender, template, target_list)
    send(sender, mailing, when=when)
    call_command("send_scheduled")
    assert Mailing.objects.get().status == MailingStatus.SCHEDULED and mail.outbox == []
    with time_machine.travel(when + datetime.timedelta(minutes=1)):
        call_command("send_scheduled")
    assert Mailing.objects.get().status == MailingStatus.SENT and len(mail.outbox) == 3


def test_it_refuses_a_send_nobody_may_receive(
    template: MessageTemplate, target_list: Any, team_a: list[Person], sender: User
) -> None:
    mailing = create_mailing(sender, template, target_list)
    with pytest.raises(ValidationError):
        request_send(sender, mailing)


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_one_click_unsubscribe_suppresses_and_withdraws_consent(
    client: Any,
    template: MessageTemplate,
    target_list: Any,
    consenting: list[Person],
    sender: User,
    send: Any,
) -> None:
    send(sender, create_mailing(sender, template, target_list))
    message = Message.objects.get(address=consenting[0].email)
    url = reverse("outreach:unsubscribe", args=[message.token])
    assert "Unsubscribe" in client.get(url).content.decode()
    assert not Suppression.objects.exists()  # a GET (a link scanner) changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    client.post(url, {"List-Unsubscribe": "One-Click"})  # twice: still one entry
    entry = Suppression.objects.get()
    assert (entry.address, entry.scope, entry.reason) == (
        consenting[0].email,
        "campaigning",
        "unsubscribed",
    )
    message.refresh_from_db()
    assert message.status == "unsubscribed"
    assert not may_contact(Person.objects.filter(pk=consenting[0].pk), "email").exists()
    assert may_contact(Person.objects.filter(pk=consenting[0].pk), "email", "service").exists()
    assert client.get(reverse("outreach:unsubscribe", args=["nope"])).status_code == 404


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_the_footer_and_the_unsubscribe_page_speak_the_recipients_language(
    client: Any,
    template: MessageTemplate,
    target_list: Any,
    consenting: list[Person],
    sender: User,
    send: Any,
) -> None:
    save_translation(sender, template, language="ur", subject="تنخواہ", body="سلام {first_name}")
    Person.objects.filter(pk=consenting[0].pk).update(preferred_language="pl")
    Person.objects.filter(pk=consenting[1].pk).update(preferred_language="ur")
    send(sender, create_mailing(sender, template, target_list))
    polish = Message.objects.get(address=consenting[0].email)
    assert polish.language == "pl"
    assert "Otrzymujesz tę wiadomość, ponieważ" in polish.body
    assert "Wypisz się: http" in polish.body and f"/outreach/u/{polish.token}/" in polish.body
    page = client.get(reverse("outreach:unsubscribe", args=[polish.token])).content.decode()
    assert '<html lang="pl" dir="ltr">' in page and "Zatrzymać wiadomości" in page
    urdu = Message.objects.get(address=consenting[1].email)
    assert "پیغامات بند کریں: http" in urdu.body
    url = reverse("outreach:unsubscribe", args=[urdu.token])
    page = client.post(url, {"List-Unsubscribe": "One-Click"}).content.decode()
    assert '<html lang="ur" dir="rtl">' in page and "مہم کے پیغامات بند کر دیے گئے" in page
    english = Message.objects.get(address=consenting[2].email)
    page = client.get(reverse("outreach:unsubscribe", args=[english.token])).content.decode()
    assert 'dir="ltr"' in page and "Stop campaign messages from" in page


@override_settings(OUTREACH_SMS_BACKEND="commonground.outreach.sms.FileBackend")
def test_it_sends_texts_through_the_file_backend(
    tmp_path: Path,
    branch_organiser_a: User,
    branch_a: Any,
    target_list: Any,
    team_a: list[Person],
    sender: User,
    send: Any,
) -> None:
    for person in team_a:
        record_consent(None, person, "sms", granted=True, wording="Text me", source="form")
    sms = save_template(
        branch_organiser_a,
        None,
        {
            "name": "Rally",
            "channel": "sms",
            "purpose": "campaigning",
            "subject": "",
            "body": "Rally Sat, {first_name}!",
        },
        branch=branch_a,
    )
    with override_settings(OUTREACH_SMS_FILE_PATH=str(tmp_path)):
        send(sender, create_mailing(sender, sms, target_list))
    lines = [
        json.loads(line) for f in tmp_path.glob("*.jsonl") for line in f.read_text().splitlines()
    ]
    assert len(lines) == 5
    assert lines[0]["body"] == "Rally Sat, Synthetic!\nReply STOP to opt out."
    assert Message.objects.filter(status="sent", channel="sms").count() == 5


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_purge_clears_message_bodies_after_the_retention_period(
    template: MessageTemplate, target_list: Any, consenting: list[Person], sender: User, send: Any
) -> None:
    send(sender, create_mailing(sender, template, target_list))
    purge(apply=True, rules=["message_bodies"])
    assert Message.objects.exclude(body="").count() == 3
    with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
        results = purge(apply=True, rules=["message_bodies"])
    assert results["message_bodies"].counts == {"messages": 3}
    assert not Message.objects.exclude(body="").exists()
    assert Message.objects.filter(status="sent").count() == 3


@override_settings(EMAIL_BACKEND=LOCMEM)
def test_the_send_page_shows_each_recipients_status(
    client: Any,
    template: MessageTemplate,
    target_list: Any,
    consenting: list[Person],
    sender: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    mailing = create_mailing(sender, template, target_list)
    client.force_login(sender)
    detail = reverse("outreach:mailing-detail", args=[mailing.pk])

    def capture_post(url: str, data: dict[str, str]) -> Any:
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(url, data)

    preview = client.get(
        reverse("outreach:mailing-preview", args=[mailing.pk]) + f"?person={consenting[0].pk}"
    )
    assert "Hello Synthetic" in preview.content.decode()
    assert client.post(reverse("outreach:mailing-test", args=[mailing.pk])).status_code == 302
    assert mail.outbox[-1].to == [sender.email]
    assert (
        capture_post(reverse("outreach:mailing-send", args=[mailing.pk]), {"when": ""}).status_code
        == 302
    )
    text = client.get(detail).content.decode()
    assert text.count("status-sent") == 3
    assert client.get(reverse("outreach:mailing-send", args=[mailing.pk])).status_code == 405
