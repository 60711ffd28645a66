from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters import actions
from commonground.charters.models import Evidence, Status


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def signed(regional_organiser, ecc, bolton):
    ts = actions.status_for(bolton, ecc)
    actions.change_status(regional_organiser, ts, Status.SIGNED)
    return ts


@pytest.mark.django_db
def test_it_records_compliance_with_an_uploaded_file(
    client, branch_organiser_a, ecc, bolton, signed
):
    commitment = ecc.commitments.get(number="3")
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("charters:compliance-record", args=[bolton.pk, ecc.slug]),
        {
            "commitment": commitment.pk,
            "state": "met",
            "on": "2025-05-01",
            "note": "Contract clause 4.2 pays travel time",
            "file": SimpleUploadedFile("clause.pdf", b"%PDF-1.4 test", "application/pdf"),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert evidence.state == "met" and evidence.by == branch_organiser_a
    assert evidence.filename == "clause.pdf"
    assert evidence.compliance.state == "met"
    entry = Entry.objects.get(action="charters.compliance.recorded")
    assert entry.data["commitment"] == "3" and entry.data["to"] == "met"
    download = client.get(reverse("charters:evidence-download", args=[evidence.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4 test"
    body = client.get(reverse("charters:target-detail", args=[bolton.pk])).content.decode()
    assert "Contract clause 4.2 pays travel time" in body


@pytest.mark.django_db
def test_it_refuses_compliance_before_signing(client, regional_organiser, ecc, bolton):
    actions.status_for(bolton, ecc)
    client.force_login(regional_organiser)
    client.post(
        reverse("charters:compliance-record", args=[bolton.pk, ecc.slug]),
        {"commitment": ecc.commitments.first().pk, "state": "met", "on": "2025-05-01", "note": "x"},
    )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_it_needs_some_evidence_and_a_safe_file_type(
    client, regional_organiser, ecc, bolton, signed
):
    client.force_login(regional_organiser)
    url = reverse("charters:compliance-record", args=[bolton.pk, ecc.slug])
    commitment = ecc.commitments.first()
    client.post(url, {"commitment": commitment.pk, "state": "met", "on": "2025-05-01"})
    client.post(
        url,
        {
            "commitment": commitment.pk,
            "state": "met",
            "on": "2025-05-01",
            "file": SimpleUploadedFile("run.exe", b"MZ", "application/octet-stream"),
        },
    )
    assert not Evidence.objects.exists()


@pytest.mark.django_db
def test_viewers_cannot_record_or_download_evidence(
    client, viewer, regional_organiser, ecc, bolton, signed
):
    evidence = actions.record_compliance(
        regional_organiser,
        signed,
        ecc.commitments.first(),
        "partial",
        file=SimpleUploadedFile("minute.pdf", b"%PDF"),
    )
    client.force_login(viewer)
    url = reverse("charters:compliance-record", args=[bolton.pk, ecc.slug])
    assert client.post(url, {"state": "met"}).status_code == 403
    assert client.get(reverse("charters:evidence-download", args=[evidence.pk])).status_code == 403
    body = client.get(reverse("charters:target-detail", args=[bolton.pk])).content.decode()
    assert "Partial" in body and "minute.pdf" not in body
