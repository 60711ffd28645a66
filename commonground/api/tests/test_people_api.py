from __future__ import annotations

import pytest

from commonground.api.tests.conftest import make_person
from commonground.audit.models import Entry

pytestmark = pytest.mark.django_db


def _rows(action, user):
    return list(Entry.objects.filter(action=action, actor=user).order_by("id"))


def test_it_lists_the_branch_organisers_people_and_audits_the_search(
    api, world, branch_organiser_a, person_x, person_b
):
    body = api.get(branch_organiser_a, "/people/")
    names = [p["full_name"] for p in body["items"]]
    assert "Synthetic Amara Apiperson" in names and "Synthetic Bogdan Apiother" not in names
    assert body["count"] == 2 and body["limit"] == 50 and body["offset"] == 0
    row = _rows("people.person.searched", branch_organiser_a)[-1]
    assert row.data["where"] == "api list" and row.data["count"] == 2
    assert row.data["query"]["total"] == 2


def test_a_viewer_gets_no_person(api, world, viewer, person_x):
    assert api.get(viewer, "/people/", expect=403)["error"]["code"] == "forbidden"
    assert api.get(viewer, f"/people/{person_x.pk}", expect=403)
    assert api.get(viewer, f"/people/{person_x.pk}/assessments", expect=403)
    assert api.get(viewer, f"/people/{person_x.pk}/conversations", expect=403)
    assert not Entry.objects.filter(actor=viewer, action__startswith="people.person.").exists()


@pytest.mark.parametrize("suffix", ["", "/assessments", "/conversations"])
def test_another_branchs_organiser_gets_404_for_t_a_people(
    api, world, outsider_branch_b, person_x, suffix
):
    body = api.get(outsider_branch_b, f"/people/{person_x.pk}{suffix}", expect=404)
    assert body["error"]["code"] == "not_found"
    listed = api.get(outsider_branch_b, "/people/", q="Amara")
    assert listed["count"] == 0
    assert not Entry.objects.filter(actor=outsider_branch_b, action="people.person.viewed").exists()


def test_a_rep_sees_only_people_at_their_workplace(
    api, world, rep_at_workplace_x, person_x, branch_a
):
    elsewhere = make_person(branch_a, None, full_name="Synthetic Unplaced Person")
    ids = {p["id"] for p in api.get(rep_at_workplace_x, "/people/")["items"]}
    assert person_x.pk in ids and elsewhere.pk not in ids
    api.get(rep_at_workplace_x, f"/people/{elsewhere.pk}", expect=404)


def test_the_detail_is_audited_and_leaves_out_sensitive_fields(
    api, world, branch_organiser_a, person_x
):
    body = api.get(branch_organiser_a, f"/people/{person_x.pk}")
    assert body["full_name"] == "Synthetic Amara Apiperson"
    assert body["membership"]["number"] == "M1000001" and body["branch"] == "T-A"
    assert body["workplace"]["name"] == "Synthetic Hollins Park Care Home"
    assert body["roles"] == ["rep"]
    assert "immigration_details" not in body and "employment_type" not in body
    assert "Synthetic sponsorship detail" not in str(body)
    (row,) = _rows("people.person.viewed", branch_organiser_a)
    assert row.subject_id == str(person_x.pk)


def test_assessments_and_conversations_are_audited_and_notes_stay_out(
    api, world, branch_organiser_a, person_x
):
    assessments = api.get(branch_organiser_a, f"/people/{person_x.pk}/assessments")
    assert [a["value"] for a in assessments["items"]] == [2]
    assert assessments["items"][0]["note"] == "keen on the pay claim"
    conversations = api.get(branch_organiser_a, f"/people/{person_x.pk}/conversations")
    (conversation,) = conversations["items"]
    assert conversation["issues"] == ["pay", "rotas"] and conversation["has_notes"] is True
    assert "notes" not in conversation
    assert "Synthetic private note" not in str(conversations)
    rows = _rows("people.person.viewed", branch_organiser_a)
    assert [r.subject_id for r in rows] == [str(person_x.pk)] * 2


def test_it_filters_and_paginates(api, world, branch_organiser_a, person_x, branch_a, workplace_x):
    for i in range(3):
        make_person(branch_a, workplace_x, full_name=f"Synthetic Zed {i}")
    members = api.get(branch_organiser_a, "/people/", status="member")
    assert [p["full_name"] for p in members["items"]] == ["Synthetic Amara Apiperson"]
    assert api.get(branch_organiser_a, "/people/", status="none")["count"] == 4
    assert api.get(branch_organiser_a, "/people/", role="rep")["count"] == 1
    assert api.get(branch_organiser_a, "/people/", branch="T-B")["count"] == 0
    at_x = api.get(branch_organiser_a, "/people/", workplace=workplace_x.cqc_id)
    assert at_x["count"] == 5
    page = api.get(branch_organiser_a, "/people/", q="Zed", limit=2, offset=2)
    assert page["count"] == 3 and [p["full_name"] for p in page["items"]] == ["Synthetic Zed 2"]
    too_many = api.get(branch_organiser_a, "/people/", expect=422, limit=1000)
    assert too_many["error"]["code"] == "invalid"
    api.get(branch_organiser_a, "/people/", expect=422, lawful_basis="bogus")


def test_an_admin_sees_every_branch(api, world, admin, person_x, person_b):
    assert api.get(admin, "/people/")["count"] == 3
    assert api.get(admin, f"/people/{person_b.pk}")["branch"] == "T-B"


def test_a_missing_token_is_401_and_other_methods_405(client, world, person_x):
    assert client.get(f"/api/v1/people/{person_x.pk}").status_code == 401
    assert client.post("/api/v1/people/").status_code == 405
