"""Subject access: one export of everything held about a person, audited."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.people.actions import log_conversation, record_assessment, set_workplace_role
from commonground.people.tests.conftest import make_person

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(admin, branch_a, workplace_x):
    person = make_person(
        branch_a,
        workplace_x,
        full_name="Synthetic Ioana Testescu",
        number="M4000001",
        immigration_details="Synthetic sponsorship via employer",
        lawful_basis="consent",
        consent_wording="Synthetic consent wording",
    )
    set_workplace_role(admin, person, "steward")
    record_assessment(admin, person, 2, "Synthetic assessment note")
    record_assessment(admin, person, 1, "Synthetic later note")
    log_conversation(admin, person, notes="Synthetic encrypted note", issues=["pay"])
    return person


def test_the_command_exports_everything_as_json(tmp_path, subject):
    out = tmp_path / "sar.json"
    call_command(
        "subject_access",
        str(subject.pk),
        "--format",
        "json",
        "--output",
        str(out),
        stderr=StringIO(),
    )
    data = json.loads(out.read_text())
    assert data["person"]["full_name"] == "Synthetic Ioana Testescu"
    assert data["person"]["immigration_details"] == "Synthetic sponsorship via employer"
    assert data["membership"]["number"] == "M4000001"
    assert data["lawful_basis"]["consent_wording"] == "Synthetic consent wording"
    assert [a["value"] for a in data["assessments"]] == [2, 1]  # full history, oldest first
    assert data["conversations"][0]["notes"] == "Synthetic encrypted note"  # decrypted
    assert data["workplace_roles"][0]["role"] == "steward"
    actions = {row["action"] for row in data["audit"]}
    assert {"people.assessment.recorded", "people.conversation.logged"} <= actions
    entry = Entry.objects.get(action="people.person.subject_access")
    assert entry.subject_id == str(subject.pk) and entry.data == {"format": "json"}
    assert entry.actor_label == "subject-access"


@pytest.mark.parametrize("fmt", ["html", "pdf"])
def test_the_command_writes_readable_html_and_pdf(tmp_path, subject, fmt):
    out = tmp_path / f"sar.{fmt}"
    call_command(
        "subject_access", str(subject.pk), "--format", fmt, "--output", str(out), stderr=StringIO()
    )
    body = out.read_bytes()
    if fmt == "pdf":
        assert body.startswith(b"%PDF") and len(body) > 2000
    else:
        text = body.decode()
        assert "Synthetic Ioana Testescu" in text and "Synthetic encrypted note" in text
        assert "<table>" in text


def test_the_command_rejects_an_unknown_person(tmp_path, db):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("subject_access", "999999", "--output", str(tmp_path / "x.json"))


@pytest.mark.parametrize("fmt", ["json", "html", "pdf"])
def test_the_data_steward_downloads_it_from_the_page(client, admin, subject, fmt):
    client.force_login(admin)
    detail = client.get(reverse("people:person-detail", args=[subject.pk])).content.decode()
    url = reverse("people:person-subject-access", args=[subject.pk])
    assert url in detail
    response = client.get(url, {"format": fmt})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    assert response["Content-Disposition"].endswith(f'.{fmt}"')
    entry = Entry.objects.get(action="people.person.subject_access")
    assert entry.actor_id == admin.pk and entry.data == {"format": fmt}


@pytest.mark.parametrize(
    "persona",
    [
        "regional_organiser",
        "branch_organiser_a",
        "rep_at_workplace_x",
        "viewer",
        "outsider_branch_b",
    ],
)
def test_other_roles_may_not_export_it(client, personas, subject, persona):
    client.force_login(personas[persona])
    url = reverse("people:person-subject-access", args=[subject.pk])
    assert client.get(url).status_code == 403
    detail = client.get(reverse("people:person-detail", args=[subject.pk])).content.decode()
    assert url not in detail
    assert not Entry.objects.filter(action="people.person.subject_access").exists()


def test_it_404s_for_no_such_person_and_refuses_post(client, admin, subject):
    client.force_login(admin)
    assert client.get(reverse("people:person-subject-access", args=[999999])).status_code == 404
    url = reverse("people:person-subject-access", args=[subject.pk])
    assert client.post(url).status_code == 405


def test_the_readable_export_is_in_words_not_field_names_and_iso_times(client, admin, subject):
    """The HTML and PDF go to a care worker: "Home postcode" and "30 Nov 2026 08:26", not
    ``postcode``, ``2026-11-30T08:26:20.395866+00:00``, ``False`` or ``{'format': 'html'}``."""
    client.force_login(admin)
    url = reverse("people:person-subject-access", args=[subject.pk])
    client.get(url, {"format": "json"})  # an audit row with data, shown in the next export
    text = client.get(url, {"format": "html"}).content.decode()
    cells = re.findall(r"<t[hd]>([^<]*)</t[hd]>", text)
    assert "Name" in cells and "Home postcode" in cells and "Follow up done" in cells
    assert "Synthetic Ioana Testescu" in cells and "no" in cells
    assert "Format: json" in cells
    action = re.compile(r"^[a-z]+\.[a-z]+\.[a-z_]+$")  # the audit trail's codes, as on its page
    raw = [c for c in cells if ("_" in c and not action.match(c)) or re.search(r"\d{4}-\d\d-", c)]
    assert not raw
    assert not {"False", "True", "full_name", "{}"} & set(cells)
    assert not re.search(r"generated \d{4}-", text)
