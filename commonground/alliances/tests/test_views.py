from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from commonground.alliances.access import partners_visible_to
from commonground.alliances.models import (
    Affiliation,
    IssueTag,
    JointAction,
    LedgerEntry,
    Partner,
)
from commonground.audit.models import Entry

VIEWERS = ["admin", "regional_organiser", "branch_organiser_a", "rep_at_workplace_x", "viewer"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", VIEWERS)
def test_it_lists_partners_for_everyone_who_may_view(client, personas, partner, persona):
    client.force_login(personas[persona])
    response = client.get(reverse("alliances:partner-list"))
    assert response.status_code == 200
    assert "Greater Manchester Citizens" in response.content.decode()


@pytest.mark.django_db
def test_it_filters_partners_by_issue_and_kind(client, regional_organiser, partner, region):
    Partner.objects.create(region=region, name="Synthetic Faith Forum", kind="faith")
    client.force_login(regional_organiser)
    body = client.get(reverse("alliances:partner-list"), {"issue": "real-living-wage"}).content
    assert b"Greater Manchester Citizens" in body and b"Synthetic Faith Forum" not in body
    body = client.get(reverse("alliances:partner-list"), {"kind": "faith"}).content
    assert b"Greater Manchester Citizens" not in body and b"Synthetic Faith Forum" in body
    body = client.get(reverse("alliances:partner-list"), {"q": "nothing-like-this"}).content
    assert b'class="empty"' in body


@pytest.mark.django_db
def test_it_hides_partners_of_another_region(client, elsewhere_organiser, partner):
    client.force_login(elsewhere_organiser)
    assert client.get(reverse("alliances:partner-detail", args=[partner.pk])).status_code == 404
    assert b"Greater Manchester" not in client.get(reverse("alliances:partner-list")).content
    assert not partners_visible_to(elsewhere_organiser).exists()


@pytest.mark.django_db
def test_it_shows_the_balance_per_partner(client, branch_organiser_a, partner, ledger_a):
    assert partner.balance() == {"count": Decimal(37), "hours": Decimal("-6.5")}
    client.force_login(branch_organiser_a)
    body = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    assert "+37 count" in body and "-6.5 hours" in body


@pytest.mark.django_db
def test_it_hides_contact_names_from_viewers(client, viewer, branch_organiser_a, partner):
    client.force_login(viewer)
    body = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    assert "Community organiser" in body and "Jo Synthetic" not in body
    client.force_login(branch_organiser_a)
    body = client.get(reverse("alliances:partner-detail", args=[partner.pk])).content.decode()
    assert "Jo Synthetic" in body


@pytest.mark.django_db
def test_it_creates_a_partner_with_an_audit_row(client, regional_organiser):
    client.force_login(regional_organiser)
    themes = IssueTag.objects.filter(is_north_west_theme=True)
    assert themes.count() == 5
    response = client.post(
        reverse("alliances:partner-create"),
        {"name": "Liverpool Citizens", "kind": "broad_based", "issues": [t.pk for t in themes]},
    )
    partner = Partner.objects.get(name="Liverpool Citizens")
    assert response.status_code == 302
    assert partner.region == regional_organiser.region
    assert partner.issues.count() == 5
    entry = Entry.objects.get(action="alliances.partner.created")
    assert entry.actor == regional_organiser and entry.subject_id == str(partner.pk)


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["rep_at_workplace_x", "viewer"])
def test_it_refuses_changes_to_read_only_roles(client, personas, partner, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("alliances:partner-create")).status_code == 403
    assert client.post(reverse("alliances:ledger-create"), {}).status_code == 403
    assert client.post(reverse("alliances:contact-add", args=[partner.pk]), {}).status_code == 403


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, regional_organiser, partner, ledger_a):
    client.force_login(regional_organiser)
    assert client.get(reverse("alliances:contact-add", args=[partner.pk])).status_code == 405
    assert client.get(reverse("alliances:ledger-delete", args=[ledger_a[0].pk])).status_code == 405
    assert client.post(reverse("alliances:partner-list")).status_code == 405


@pytest.mark.django_db
def test_it_adds_and_removes_a_contact_with_audit_rows(client, branch_organiser_a, partner):
    client.force_login(branch_organiser_a)
    client.post(
        reverse("alliances:contact-add", args=[partner.pk]),
        {"name": "Sam Synthetic", "public_role": "Lead organiser"},
    )
    contact = partner.contacts.get(name="Sam Synthetic")
    assert Entry.objects.filter(action="alliances.contact.added").exists()
    client.post(reverse("alliances:contact-delete", args=[partner.pk, contact.pk]))
    assert not partner.contacts.filter(name="Sam Synthetic").exists()
    assert Entry.objects.filter(action="alliances.contact.removed").exists()


@pytest.mark.django_db
def test_a_branch_organiser_affiliates_only_their_own_branch(
    client, branch_organiser_a, partner, branch_a, branch_b
):
    client.force_login(branch_organiser_a)
    url = reverse("alliances:affiliation-create")
    data = {"partner": partner.pk, "status": "active", "started": "2025-04-01", "annual_fee": "100"}
    response = client.post(url, {**data, "branch": branch_b.pk})
    assert response.status_code == 200  # branch B is not a choice
    assert not Affiliation.objects.exists()
    response = client.post(url, {**data, "branch": branch_a.pk})
    assert response.status_code == 302
    affiliation = Affiliation.objects.get()
    entry = Entry.objects.get(action="alliances.affiliation.created")
    assert entry.branch_id == branch_a.pk and entry.subject_id == str(affiliation.pk)


@pytest.mark.django_db
def test_it_refuses_an_affiliation_that_ends_before_it_starts(
    client, branch_organiser_a, partner, branch_a
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("alliances:affiliation-create"),
        {
            "partner": partner.pk,
            "branch": branch_a.pk,
            "status": "ended",
            "started": "2025-04-01",
            "ended": "2024-04-01",
        },
    )
    assert response.status_code == 200 and not Affiliation.objects.exists()


@pytest.mark.django_db
def test_the_outsider_cannot_edit_another_branchs_affiliation(
    client, outsider_branch_b, affiliation_a
):
    client.force_login(outsider_branch_b)
    url = reverse("alliances:affiliation-edit", args=[affiliation_a.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"status": "ended"}).status_code == 404


@pytest.mark.django_db
def test_it_changes_an_affiliation_with_the_change_in_the_audit_row(
    client, branch_organiser_a, affiliation_a
):
    client.force_login(branch_organiser_a)
    client.post(
        reverse("alliances:affiliation-edit", args=[affiliation_a.pk]),
        {
            "partner": affiliation_a.partner_id,
            "branch": affiliation_a.branch_id,
            "status": "lapsed",
            "started": "2024-04-01",
            "annual_fee": "250.00",
        },
    )
    entry = Entry.objects.get(action="alliances.affiliation.changed")
    assert entry.data["changed"] == {"status": {"from": "active", "to": "lapsed"}}


@pytest.mark.django_db
def test_the_matrix_shows_branches_against_alliances(
    client, viewer, affiliation_a, branch_a, branch_b
):
    client.force_login(viewer)
    body = client.get(reverse("alliances:affiliation-matrix")).content.decode()
    assert "Greater Manchester Citizens" in body
    assert "T-A" in body and "T-B" in body
    assert body.count("cell-active") >= 1
    body = client.get(reverse("alliances:affiliation-matrix"), {"affiliated": "1"}).content
    assert b"T-B" not in body


@pytest.mark.django_db
def test_the_matrix_costs_a_fixed_number_of_queries(
    client, regional_organiser, region, django_assert_max_num_queries
):
    from commonground.testing import make_branch

    partners = [
        Partner.objects.create(region=region, name=f"Alliance {n}", kind="broad_based")
        for n in range(5)
    ]
    for n in range(10):
        branch = make_branch(region, f"Q-{n}", [])
        for p in partners:
            Affiliation.objects.create(branch=branch, partner=p)
    client.force_login(regional_organiser)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("alliances:affiliation-matrix")).status_code == 200


@pytest.mark.django_db
def test_it_records_a_joint_action_and_support(client, branch_organiser_a, partner, branch_a):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("alliances:action-create"),
        {
            "title": "Living wage assembly",
            "date": "2025-03-14",
            "partners": [partner.pk],
            "branches": [branch_a.pk],
            "turnout": "120",
            "recruits_reported": "7",
        },
    )
    action = JointAction.objects.get()
    assert response.status_code == 302 and action.region == partner.region
    assert Entry.objects.get(action="alliances.joint_action.created").data["recruits_reported"] == 7
    response = client.post(
        reverse("alliances:ledger-create"),
        {
            "partner": partner.pk,
            "direction": "given",
            "kind": "turnout",
            "quantity": "35",
            "unit": "count",
            "date": "2025-03-14",
            "branch": branch_a.pk,
            "joint_action": action.pk,
        },
    )
    assert response.status_code == 302
    assert LedgerEntry.objects.get().joint_action == action
    entry = Entry.objects.get(action="alliances.ledger.recorded")
    assert entry.branch_id == branch_a.pk and Decimal(entry.data["quantity"]) == 35
    body = client.get(reverse("alliances:action-detail", args=[action.pk])).content.decode()
    assert "Living wage assembly" in body and "Turnout" in body


@pytest.mark.django_db
def test_the_outsider_cannot_delete_another_branchs_ledger_row(client, outsider_branch_b, ledger_a):
    client.force_login(outsider_branch_b)
    response = client.post(reverse("alliances:ledger-delete", args=[ledger_a[0].pk]))
    assert response.status_code == 404
    assert LedgerEntry.objects.filter(pk=ledger_a[0].pk).exists()


@pytest.mark.django_db
def test_it_deletes_a_ledger_row_with_an_audit_row(client, branch_organiser_a, ledger_a):
    client.force_login(branch_organiser_a)
    client.post(reverse("alliances:ledger-delete", args=[ledger_a[0].pk]))
    assert not LedgerEntry.objects.filter(pk=ledger_a[0].pk).exists()
    entry = Entry.objects.get(action="alliances.ledger.deleted")
    assert Decimal(entry.data["quantity"]) == 40


@pytest.mark.django_db
def test_the_ledger_page_filters_and_sums(client, viewer, ledger_a):
    client.force_login(viewer)
    response = client.get(reverse("alliances:ledger-list"), {"direction": "received"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Speakers" in body and "Turnout</td>" not in body
    assert "+37 count" in body


@pytest.mark.django_db
def test_the_network_is_an_svg_of_branches_and_partners(client, viewer, affiliation_a):
    client.force_login(viewer)
    body = client.get(reverse("alliances:network")).content.decode()
    assert "<svg" in body and "edge-active" in body
    assert "T-A" in body and "Greater Manchester Citizens" in body
