from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters import actions
from commonground.charters.models import Letter, Status, TargetStatus


@pytest.fixture
def letter(regional_organiser, ecc, bolton, branch_a):
    ts = actions.status_for(bolton, ecc)
    return actions.generate_letter(
        regional_organiser,
        ts,
        ecc.letter_templates.get(),
        signatory="Test Secretary, Branch secretary",
        branch=branch_a,
    )


@pytest.mark.django_db
def test_it_generates_a_letter_from_the_template(client, branch_organiser_a, ecc, bolton, branch_a):
    client.force_login(branch_organiser_a)
    url = reverse("charters:letter-create", args=[bolton.pk, ecc.slug])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "template": ecc.letter_templates.get().pk,
            "signatory": "Test Secretary",
            "branch": branch_a.pk,
        },
    )
    letter = Letter.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("charters:letter-detail", args=[letter.pk])
    assert letter.recipient == "Cllr Test Leader"
    assert "Dear Cllr Test Leader," in letter.body
    assert "ask Bolton to sign the Ethical Care Charter" in letter.body
    assert "11. All workers paid at least the Real Living Wage" in letter.body
    assert branch_a.name in letter.body
    assert "{{" not in letter.body + letter.subject
    assert Entry.objects.get(action="charters.letter.created").actor == branch_organiser_a


@pytest.mark.django_db
def test_it_renders_the_letter_as_html_pdf_and_text(client, regional_organiser, letter):
    client.force_login(regional_organiser)
    html = client.get(reverse("charters:letter-detail", args=[letter.pk]))
    assert html.status_code == 200
    assert letter.subject in html.content.decode()
    pdf = client.get(reverse("charters:letter-pdf", args=[letter.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    text = client.get(reverse("charters:letter-text", args=[letter.pk]))
    assert text["Content-Type"].startswith("text/plain")
    body = text.content.decode()
    assert body.startswith("Cllr Test Leader\nLeader of the council\nTown Hall")
    assert "Dear Cllr Test Leader," in body


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["viewer", "rep_at_workplace_x"])
def test_it_refuses_letters_to_those_who_cannot_change_charters(client, personas, persona, letter):
    client.force_login(personas[persona])
    for name in ("letter-detail", "letter-pdf", "letter-text"):
        assert client.get(reverse(f"charters:{name}", args=[letter.pk])).status_code == 403


@pytest.mark.django_db
def test_it_records_sending_as_a_step_on_the_trail(client, regional_organiser, letter):
    client.force_login(regional_organiser)
    response = client.post(reverse("charters:letter-sent", args=[letter.pk]), {"on": "2025-04-07"})
    assert response.status_code == 302
    letter.refresh_from_db()
    assert letter.sent_on == datetime.date(2025, 4, 7)
    ts = TargetStatus.objects.get(pk=letter.target_status_id)
    assert ts.status == Status.LETTER_SENT
    step = ts.trail.get()
    assert step.letter == letter and step.on == datetime.date(2025, 4, 7)
    assert Entry.objects.filter(action="charters.letter.sent").exists()
    assert client.get(reverse("charters:letter-sent", args=[letter.pk])).status_code == 405


@pytest.mark.django_db
def test_a_letter_sent_later_in_the_pipeline_keeps_the_status(regional_organiser, letter):
    ts = letter.target_status
    actions.change_status(regional_organiser, ts, Status.SIGNED)
    actions.record_letter_sent(regional_organiser, letter)
    ts.refresh_from_db()
    assert ts.status == Status.SIGNED
    assert ts.trail.filter(letter=letter, to_status=Status.SIGNED).exists()


@pytest.mark.django_db
def test_outsiders_cannot_read_another_branchs_letter_for_writing(
    client, outsider_branch_b, letter
):
    client.force_login(outsider_branch_b)
    assert (
        client.post(
            reverse("charters:letter-sent", args=[letter.pk]), {"on": "2025-01-01"}
        ).status_code
        == 404
    )
