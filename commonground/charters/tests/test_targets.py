from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.charters import actions
from commonground.charters.models import Status, StatusChange, Target, TargetStatus

PERSONAS = [
    "admin",
    "regional_organiser",
    "branch_organiser_a",
    "rep_at_workplace_x",
    "viewer",
    "outsider_branch_b",
]


@pytest.mark.django_db
def test_it_sends_anonymous_visitors_to_log_in(client, charters):
    response = client.get(reverse("charters:charter-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
@pytest.mark.parametrize("persona", PERSONAS)
def test_it_shows_charter_pages_to_every_role_with_view_charters(
    client, personas, persona, ecc, bolton
):
    client.force_login(personas[persona])
    for url in [
        reverse("charters:charter-list"),
        reverse("charters:charter-detail", args=[ecc.slug]),
        reverse("charters:target-list"),
        reverse("charters:target-detail", args=[bolton.pk]),
        reverse("charters:map"),
        reverse("charters:scoreboard"),
    ]:
        assert client.get(url).status_code == 200, url


@pytest.mark.django_db
def test_it_hides_contacts_of_record_from_viewers_and_reps(client, personas, ecc, bolton):
    for persona in ("viewer", "rep_at_workplace_x"):
        client.force_login(personas[persona])
        body = client.get(reverse("charters:target-detail", args=[bolton.pk])).content.decode()
        assert "Cllr Test Leader" not in body
        assert "leader@bolton" not in body
    client.force_login(personas["branch_organiser_a"])
    body = client.get(reverse("charters:target-detail", args=[bolton.pk])).content.decode()
    assert "Cllr Test Leader" in body


@pytest.mark.django_db
def test_it_changes_status_with_a_dated_step_and_an_audit_row(
    client, branch_organiser_a, ecc, bolton
):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("charters:status-change", args=[bolton.pk, ecc.slug]),
        {"status": Status.MEETING_HELD, "on": "2025-03-04", "note": "Met the cabinet member"},
    )
    assert response.status_code == 302
    ts = TargetStatus.objects.get(target=bolton, charter=ecc)
    assert ts.status == Status.MEETING_HELD
    assert ts.status_since == datetime.date(2025, 3, 4)
    step = ts.trail.get()
    assert (step.from_status, step.to_status, step.by) == (
        Status.NOT_APPROACHED,
        Status.MEETING_HELD,
        branch_organiser_a,
    )
    entry = Entry.objects.get(action="charters.targetstatus.changed")
    assert entry.actor == branch_organiser_a
    assert entry.subject_id == str(ts.pk)
    assert entry.data["to"] == "meeting_held"


@pytest.mark.django_db
@pytest.mark.parametrize("persona,code", [("viewer", 403), ("rep_at_workplace_x", 403)])
def test_it_refuses_status_changes_without_change_charters(
    client, personas, persona, code, ecc, bolton
):
    client.force_login(personas[persona])
    url = reverse("charters:status-change", args=[bolton.pk, ecc.slug])
    assert client.post(url, {"status": "signed", "on": "2025-01-01"}).status_code == code
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_it_is_404_for_a_branch_organiser_outside_the_targets_scope(
    client, outsider_branch_b, ecc, bolton, liverpool
):
    client.force_login(outsider_branch_b)
    url = reverse("charters:status-change", args=[bolton.pk, ecc.slug])
    assert client.post(url, {"status": "signed", "on": "2025-01-01"}).status_code == 404
    assert (
        client.get(reverse("charters:letter-create", args=[bolton.pk, ecc.slug])).status_code == 404
    )
    # Their own council is theirs to change.
    url = reverse("charters:status-change", args=[liverpool.pk, ecc.slug])
    assert client.post(url, {"status": "letter_sent", "on": "2025-01-01"}).status_code == 302


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, regional_organiser, ecc, bolton):
    client.force_login(regional_organiser)
    assert (
        client.get(reverse("charters:status-change", args=[bolton.pk, ecc.slug])).status_code == 405
    )
    assert client.post(reverse("charters:target-list")).status_code == 405
    assert client.get(reverse("charters:scoreboard-publish", args=[ecc.slug])).status_code == 405


@pytest.mark.django_db
def test_it_refuses_a_future_date(client, regional_organiser, ecc, bolton):
    client.force_login(regional_organiser)
    client.post(
        reverse("charters:status-change", args=[bolton.pk, ecc.slug]),
        {"status": "signed", "on": "2999-01-01"},
    )
    assert not StatusChange.objects.exists()


@pytest.mark.django_db
def test_the_pipeline_leaves_a_dated_trail_and_opens_compliance(regional_organiser, ecc, bolton):
    ts = actions.status_for(bolton, ecc)
    dates = {
        Status.LETTER_SENT: datetime.date(2025, 1, 6),
        Status.MEETING_HELD: datetime.date(2025, 2, 3),
        Status.PLEDGED: datetime.date(2025, 3, 3),
        Status.SIGNED: datetime.date(2025, 4, 7),
        Status.IMPLEMENTING: datetime.date(2025, 6, 2),
    }
    for status, on in dates.items():
        actions.change_status(regional_organiser, ts, status, on=on, note=f"step {status}")
    ts.refresh_from_db()
    assert ts.status == Status.IMPLEMENTING
    assert ts.signed_on == datetime.date(2025, 4, 7)
    trail = list(ts.trail.order_by("on"))
    assert [s.to_status for s in trail] == list(dates)
    assert [s.on for s in trail] == list(dates.values())
    assert [s.from_status for s in trail][:2] == [Status.NOT_APPROACHED, Status.LETTER_SENT]
    # Signing opens one compliance row per real (non-placeholder) commitment.
    assert ts.compliance.count() == 13
    assert Entry.objects.filter(action="charters.targetstatus.changed").count() == 5


@pytest.mark.django_db
def test_it_adds_every_council_as_a_target_once(client, regional_organiser, region, ecc):
    client.force_login(regional_organiser)
    client.post(reverse("charters:target-add-councils"))
    client.post(reverse("charters:target-add-councils"))
    assert Target.objects.filter(kind="council", region=region).count() == 24
    assert Entry.objects.filter(action="charters.target.councils_added").count() == 1


@pytest.mark.django_db
def test_it_creates_a_provider_target_by_cqc_id(client, regional_organiser, ecc):
    from commonground.testing import make_provider

    provider = make_provider("Synthetic Home Care Ltd", cqc_id="1-000000001")
    client.force_login(regional_organiser)
    response = client.post(
        reverse("charters:target-create"),
        {"kind": "provider", "provider_cqc_id": "1-000000001", "office": "Managing director"},
    )
    assert response.status_code == 302
    target = Target.objects.get(kind="provider")
    assert target.provider == provider and target.name == "Synthetic Home Care Ltd"
    assert Entry.objects.filter(action="charters.target.created").exists()


@pytest.mark.django_db
def test_it_filters_and_searches_targets(client, regional_organiser, ecc, bolton, liverpool):
    actions.change_status(regional_organiser, actions.status_for(bolton, ecc), "signed")
    client.force_login(regional_organiser)
    body = client.get(
        reverse("charters:target-list"), {"charter": ecc.slug, "status": "signed"}
    ).content.decode()
    assert "Bolton" in body and "Liverpool" not in body
    body = client.get(reverse("charters:target-list"), {"q": "liver"}).content.decode()
    assert "Liverpool" in body and ">Bolton<" not in body
    body = client.get(reverse("charters:target-list"), {"q": "nothing-like-this"}).content.decode()
    assert "No targets match these filters." in body


@pytest.mark.django_db
def test_it_records_a_candidates_pledge_outcome(client, regional_organiser, ecc, candidate):
    ts = actions.status_for(candidate, ecc)
    actions.change_status(regional_organiser, ts, "pledged")
    client.force_login(regional_organiser)
    response = client.post(
        reverse("charters:pledge-outcome", args=[candidate.pk, ecc.slug]),
        {"elected": "yes", "honoured": "no"},
    )
    assert response.status_code == 302
    candidate.refresh_from_db()
    ts.refresh_from_db()
    assert candidate.elected is True and ts.pledge_honoured is False
    assert Entry.objects.filter(action="charters.targetstatus.pledge_outcome").exists()
