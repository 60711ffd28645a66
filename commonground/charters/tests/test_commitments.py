from __future__ import annotations

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters.models import Commitment


@pytest.mark.django_db
def test_admins_edit_commitments_keeping_history(client, admin, ecc):
    c = ecc.commitments.get(number="13")
    client.force_login(admin)
    response = client.post(
        reverse("charters:commitment-edit", args=[c.pk]),
        {"number": "13", "stage": "3", "applies_to": "council", "text": "Verified wording"},
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.text == "Verified wording" and not c.wording_unverified
    revision = c.revisions.get()
    assert revision.changes["text"]["to"] == "Verified wording"
    assert revision.changes["wording_unverified"] == {"from": True, "to": False}
    assert Entry.objects.filter(action="charters.commitment.changed").exists()


@pytest.mark.django_db
def test_admins_add_and_reorder_commitments(client, admin, charters):
    charter = charters["residential-care"]
    client.force_login(admin)
    client.post(
        reverse("charters:commitment-create", args=[charter.slug]),
        {"number": "19", "stage": "Time to care", "applies_to": "provider", "text": "New one"},
    )
    new = Commitment.objects.get(charter=charter, number="19")
    assert list(charter.commitments.values_list("number", flat=True))[-1] == "19"
    client.post(reverse("charters:commitment-move", args=[new.pk]), {"direction": "up"})
    assert list(charter.commitments.values_list("number", flat=True))[-2:] == ["19", "—"]
    assert Entry.objects.filter(action="charters.commitment.moved").exists()
    assert Entry.objects.filter(action="charters.commitment.created").exists()


@pytest.mark.django_db
def test_admins_mark_a_charter_complete(client, admin, charters):
    charter = charters["migrant-workers"]
    client.force_login(admin)
    client.post(
        reverse("charters:charter-edit", args=[charter.slug]),
        {"name": charter.name, "is_complete": "on", "completeness_note": ""},
    )
    charter.refresh_from_db()
    assert charter.is_complete
    assert Entry.objects.get(action="charters.charter.changed").data["changes"]["is_complete"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["regional_organiser", "branch_organiser_a", "viewer"])
def test_only_admins_edit_commitments(client, personas, persona, ecc):
    c = ecc.commitments.first()
    client.force_login(personas[persona])
    assert client.get(reverse("charters:commitment-edit", args=[c.pk])).status_code == 403
    assert client.post(reverse("charters:commitment-move", args=[c.pk])).status_code == 403
