from __future__ import annotations

import csv
import io
import re

import pytest
from django.urls import reverse

from commonground.audit.models import Entry as AuditEntry
from commonground.facility.models import EntryStatus, TimeEntry


@pytest.mark.django_db
def test_a_rep_records_their_own_time(client, rep_at_workplace_x, branch_a, employer):
    client.force_login(rep_at_workplace_x)
    response = client.post(
        reverse("facility:entry-create"),
        {
            "date": "2025-05-06",
            "hours": "2.5",
            "category": "organising",
            "employer": employer.pk,
            "branch": branch_a.pk,
            "description": "Recruitment stall",
        },
    )
    assert response.status_code == 302
    entry = TimeEntry.objects.get()
    assert entry.activist == rep_at_workplace_x and entry.status == EntryStatus.PENDING
    assert not entry.paid  # the box was not ticked: unpaid activities
    audit = AuditEntry.objects.get(action="facility.entry.created")
    assert audit.branch_id == branch_a.pk and audit.data["hours"] == "2.5"


@pytest.mark.django_db
def test_duties_are_always_paid(client, rep_at_workplace_x, branch_a, employer):
    client.force_login(rep_at_workplace_x)
    client.post(
        reverse("facility:entry-create"),
        {
            "date": "2025-05-06",
            "hours": "1",
            "category": "duties",
            "employer": employer.pk,
            "branch": branch_a.pk,
        },
    )
    assert TimeEntry.objects.get().paid


@pytest.mark.django_db
def test_a_rep_cannot_record_for_another_branch(client, rep_at_workplace_x, branch_b, employer):
    client.force_login(rep_at_workplace_x)
    response = client.post(
        reverse("facility:entry-create"),
        {
            "date": "2025-05-06",
            "hours": "1",
            "category": "duties",
            "employer": employer.pk,
            "branch": branch_b.pk,
        },
    )
    assert response.status_code == 200 and not TimeEntry.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("hours", ["0", "-1", "25"])
def test_it_refuses_impossible_hours(client, rep_at_workplace_x, branch_a, employer, hours):
    client.force_login(rep_at_workplace_x)
    client.post(
        reverse("facility:entry-create"),
        {
            "date": "2025-05-06",
            "hours": hours,
            "category": "duties",
            "employer": employer.pk,
            "branch": branch_a.pk,
        },
    )
    assert not TimeEntry.objects.exists()


@pytest.mark.django_db
def test_the_branch_secretary_sees_and_approves(client, branch_organiser_a, pending_entry):
    client.force_login(branch_organiser_a)
    body = client.get(reverse("facility:entry-list")).content.decode()
    assert "Grievance hearing" in body and "Approve" in body
    assert AuditEntry.objects.filter(action="facility.entry.listed").exists()
    client.post(reverse("facility:entry-decide", args=[pending_entry.pk]), {"decision": "approve"})
    pending_entry.refresh_from_db()
    assert pending_entry.status == EntryStatus.APPROVED
    assert pending_entry.decided_by == branch_organiser_a
    audit = AuditEntry.objects.get(action="facility.entry.approved")
    assert audit.actor == branch_organiser_a and audit.data["from"] == "pending"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sent", "followed"),
    [
        ("/facility/?status=pending", "/facility/?status=pending"),
        ("https://evil.example/phish", "/facility/"),
        ("//evil.example/phish", "/facility/"),
        ("", "/facility/"),
    ],
)
def test_after_a_decision_only_an_address_on_this_site_is_followed(
    client, branch_organiser_a, pending_entry, sent, followed
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("facility:entry-decide", args=[pending_entry.pk]),
        {"decision": "approve", "next": sent},
    )
    assert response.status_code == 302 and response["Location"] == followed


@pytest.mark.django_db
def test_the_secretary_can_reject(client, branch_organiser_a, pending_entry):
    client.force_login(branch_organiser_a)
    client.post(
        reverse("facility:entry-decide", args=[pending_entry.pk]),
        {"decision": "reject", "note": "Wrong employer"},
    )
    pending_entry.refresh_from_db()
    assert pending_entry.status == EntryStatus.REJECTED
    assert AuditEntry.objects.get(action="facility.entry.rejected").data["note"] == "Wrong employer"


@pytest.mark.django_db
def test_the_outsider_neither_sees_nor_approves(client, outsider_branch_b, pending_entry):
    client.force_login(outsider_branch_b)
    assert b"Grievance hearing" not in client.get(reverse("facility:entry-list")).content
    url = reverse("facility:entry-decide", args=[pending_entry.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 404
    pending_entry.refresh_from_db()
    assert pending_entry.status == EntryStatus.PENDING


@pytest.mark.django_db
def test_a_rep_sees_only_their_own_and_cannot_approve(
    client, rep_at_workplace_x, pending_entry, region, branch_a, employer
):
    from commonground.accounts.models import Role
    from commonground.testing import make_user

    other = make_user("other_rep", Role.REP, region, [branch_a])
    TimeEntry.objects.create(
        activist=other,
        branch=branch_a,
        employer=employer,
        date=pending_entry.date,
        hours=1,
        category="training",
        description="Someone else's course",
    )
    client.force_login(rep_at_workplace_x)
    body = client.get(reverse("facility:entry-list")).content.decode()
    assert "Grievance hearing" in body and "Someone else" not in body
    url = reverse("facility:entry-decide", args=[pending_entry.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403


@pytest.mark.django_db
def test_nobody_approves_their_own_time(client, branch_organiser_a, branch_a, employer):
    entry = TimeEntry.objects.create(
        activist=branch_organiser_a,
        branch=branch_a,
        employer=employer,
        date="2025-05-01",
        hours=2,
        category="duties",
    )
    client.force_login(branch_organiser_a)
    url = reverse("facility:entry-decide", args=[entry.pk])
    assert client.post(url, {"decision": "approve"}).status_code == 403


@pytest.mark.django_db
def test_the_viewer_has_no_facility_pages(client, viewer):
    client.force_login(viewer)
    assert client.get(reverse("facility:entry-list")).status_code == 403
    assert client.get(reverse("facility:report")).status_code == 403


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, branch_organiser_a, pending_entry):
    client.force_login(branch_organiser_a)
    assert client.get(reverse("facility:entry-decide", args=[pending_entry.pk])).status_code == 405
    assert client.post(reverse("facility:entry-export")).status_code == 405


@pytest.mark.django_db
def test_the_activist_corrects_a_pending_entry(client, rep_at_workplace_x, pending_entry, branch_a):
    client.force_login(rep_at_workplace_x)
    client.post(
        reverse("facility:entry-edit", args=[pending_entry.pk]),
        {
            "date": "2025-05-06",
            "hours": "4",
            "category": "representation",
            "employer": pending_entry.employer_id,
            "branch": branch_a.pk,
            "description": "Grievance hearing",
        },
    )
    pending_entry.refresh_from_db()
    assert str(pending_entry.hours) == "4.00"
    audit = AuditEntry.objects.get(action="facility.entry.changed")
    assert audit.data["changed"]["hours"]["to"] == "4"


@pytest.mark.django_db
def test_an_approved_entry_cannot_be_edited(client, rep_at_workplace_x, pending_entry):
    pending_entry.status = EntryStatus.APPROVED
    pending_entry.save()
    client.force_login(rep_at_workplace_x)
    assert client.get(reverse("facility:entry-edit", args=[pending_entry.pk])).status_code == 403


@pytest.mark.django_db
def test_the_export_is_audited_and_safe(
    client, branch_organiser_a, pending_entry, rep_at_workplace_x
):
    pending_entry.description = '=HYPERLINK("http://x")'
    pending_entry.save()
    client.force_login(branch_organiser_a)
    response = client.get(reverse("facility:entry-export"))
    text = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][0] == "date" and len(rows) == 2
    assert rows[1][-1].startswith("'=")
    assert rows[1][1] == "rep_x"
    audit = AuditEntry.objects.get(action="facility.entry.exported")
    assert audit.data["count"] == 1 and audit.data["format"] == "csv"


@pytest.mark.django_db
def test_reps_cannot_export(client, rep_at_workplace_x, pending_entry):
    client.force_login(rep_at_workplace_x)
    assert client.get(reverse("facility:entry-export")).status_code == 403


@pytest.mark.django_db
def test_the_report_groups_by_branch_activist_employer_and_month(
    client, branch_organiser_a, worked_example
):
    client.force_login(branch_organiser_a)
    url = reverse("facility:report")
    params = {"start": "2024-04-01", "end": "2025-03-31"}
    body = client.get(url, {**params, "group": "branch"}).content.decode()
    # 100+50+10+50+40 (A) + 600 (B) + 520 (D) = 1370 hours in the period, all statuses.
    assert "T-A Synthetic Bolton Care (test)" in body and ">1370<" in body
    body = client.get(url, {**params, "group": "activist", "status": "approved"}).content.decode()
    assert "official_a" in body and "official_c" not in body
    body = client.get(url, {**params, "group": "employer"}).content.decode()
    assert "Synthetic Bolton Council" in body
    body = client.get(url, {**params, "group": "month"}).content.decode()
    assert "April 2024" in body
    assert AuditEntry.objects.filter(action="facility.report.viewed").count() == 4


@pytest.mark.django_db
def test_the_reports_total_row_adds_up_every_column(client, branch_organiser_a, worked_example):
    client.force_login(branch_organiser_a)
    params = {"start": "2024-04-01", "end": "2025-03-31", "group": "activist"}
    body = client.get(reverse("facility:report"), params).content.decode()
    table = body[body.index('data-testid="report"') :]

    def numbers(html: str) -> list[float]:
        return [
            float(n.replace(",", ""))
            for n in re.findall(r'class="num"[^>]*>(?:<strong>)?([\d.,]+)<', html)
        ]

    rows = [numbers(r) for r in re.findall(r"<tr><td>.*?</tr>", table[: table.index("<tfoot>")])]
    total = numbers(table[table.index("<tfoot>") :])
    assert len(rows) == 3 and len(total) == 7
    assert total == [sum(col) for col in zip(*rows, strict=True)]
    assert total[1:3] == [1370, 1280]  # hours; approved (not the pending 50, rejected 40)


@pytest.mark.django_db
def test_a_new_entry_starts_on_today(client, rep_at_workplace_x, branch_a, employer):
    from django.utils import timezone

    client.force_login(rep_at_workplace_x)
    body = client.get(reverse("facility:entry-create")).content.decode()
    today = timezone.localdate().isoformat()
    field = re.search(r'<input[^>]*name="date"[^>]*>', body)
    assert field is not None and f'value="{today}"' in field.group(0), field
