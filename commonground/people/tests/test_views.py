from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from commonground.accounts.models import WorkplaceAssignment
from commonground.audit.models import Entry
from commonground.people.access import get_person_for_user, people_visible_to
from commonground.people.actions import link_person_to_location, log_conversation
from commonground.people.models import Assessment, Conversation, Person, WorkplaceRole
from commonground.people.tests.conftest import make_person
from commonground.testing import make_location

pytestmark = pytest.mark.django_db


def test_it_scopes_people_by_role(personas, person_x, person_b, branch_a, workplace_y):
    other_at_a = make_person(branch_a, workplace_y)  # branch A, not at the rep's workplace
    seen = {
        name: set(people_visible_to(u).values_list("pk", flat=True))
        for name, u in personas.items()
        if name != "viewer"
    }
    assert seen["admin"] == {person_x.pk, person_b.pk, other_at_a.pk}
    assert seen["regional_organiser"] == {person_x.pk, person_b.pk, other_at_a.pk}
    assert seen["branch_organiser_a"] == {person_x.pk, other_at_a.pk}
    assert seen["rep_at_workplace_x"] == {person_x.pk}
    assert seen["outsider_branch_b"] == {person_b.pk}
    with pytest.raises(PermissionDenied):
        people_visible_to(personas["viewer"])
    with pytest.raises(Http404):
        get_person_for_user(personas["rep_at_workplace_x"], other_at_a.pk)


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("admin", 200),
        ("branch_organiser_a", 200),
        ("rep_at_workplace_x", 200),
        ("viewer", 403),
        ("outsider_branch_b", 404),
    ],
)
def test_the_person_page_obeys_scope(client, personas, person_x, persona, status):
    client.force_login(personas[persona])
    response = client.get(reverse("people:person-detail", args=[person_x.pk]))
    assert response.status_code == status
    viewed = Entry.objects.filter(action="people.person.viewed", subject_id=str(person_x.pk))
    assert viewed.exists() == (status == 200)


def test_the_person_page_hides_sensitive_fields_from_reps(client, personas, person_x):
    person_x.employment_type = "sponsored-visa"
    person_x.immigration_details = "Synthetic CoS ref 123"
    person_x.save()
    client.force_login(personas["rep_at_workplace_x"])
    body = client.get(reverse("people:person-detail", args=[person_x.pk])).content.decode()
    assert "Synthetic CoS ref 123" not in body and "Sponsored" not in body
    client.force_login(personas["branch_organiser_a"])
    body = client.get(reverse("people:person-detail", args=[person_x.pk])).content.decode()
    assert "Synthetic CoS ref 123" in body
    assert (
        Entry.objects.filter(action="people.person.viewed", data__sensitive_shown=True).count() == 1
    )


def test_the_list_filters_searches_and_audits(client, branch_organiser_a, person_x, branch_a):
    make_person(branch_a, full_name="Synthetic Zed Other")
    client.force_login(branch_organiser_a)
    url = reverse("people:person-list")
    body = client.get(url, {"q": "amara"}).content.decode()
    assert "Synthetic Amara Testperson" in body and "Zed" not in body
    entry = Entry.objects.filter(action="people.person.searched").latest("id")
    assert entry.data["count"] == 1 and entry.data["query"]["q"] == "amara"
    body = client.get(url, {"q": "M0000001"}).content.decode()
    assert "Amara" in body
    body = client.get(url, {"lawful_basis": "none"}).content.decode()
    assert "Zed" in body and "Amara" not in body
    body = client.get(url, {"status": "member"}).content.decode()
    assert "Amara" in body and "Zed" not in body
    assert client.post(url).status_code == 405


def test_viewers_get_403_on_every_people_page(client, viewer, person_x, workplace_x):
    client.force_login(viewer)
    for url in (
        reverse("people:person-list"),
        reverse("people:my-work"),
        reverse("people:person-export"),
        reverse("people:workplace-wall", args=[workplace_x.pk]),
        reverse("people:person-detail", args=[person_x.pk]),
        reverse("people:import-list"),
        reverse("people:duplicate-list"),
    ):
        assert client.get(url).status_code == 403, url


def test_the_wall_chart_obeys_scope(client, personas, person_x, workplace_x, workplace_y):
    url = reverse("people:workplace-wall", args=[workplace_x.pk])
    for name, status in (
        ("admin", 200),
        ("branch_organiser_a", 200),
        ("rep_at_workplace_x", 200),
        ("outsider_branch_b", 404),
        ("viewer", 403),
    ):
        client.force_login(personas[name])
        assert client.get(url).status_code == status, name
    client.force_login(personas["rep_at_workplace_x"])
    assert client.get(reverse("people:workplace-wall", args=[workplace_y.pk])).status_code == 404
    assert Entry.objects.filter(action="people.person.searched", data__where="wall chart").exists()


def test_the_wall_chart_and_list_use_a_constant_number_of_queries(
    client, branch_organiser_a, branch_a, workplace_x, django_assert_max_num_queries
):
    def add(n):
        for _ in range(n):
            p = make_person(branch_a, workplace_x, number=f"Q{Person.objects.count() + 100000}")
            WorkplaceRole.objects.create(person=p, role="rep")
            Assessment.objects.create(person=p, value=2, at=p.created)

    client.force_login(branch_organiser_a)
    wall = reverse("people:workplace-wall", args=[workplace_x.pk])
    listing = reverse("people:person-list")
    add(3)
    with django_assert_max_num_queries(17):
        assert client.get(wall).status_code == 200
    with django_assert_max_num_queries(17):
        assert client.get(listing).status_code == 200
    add(40)
    with django_assert_max_num_queries(17):
        body = client.get(wall).content.decode()
    assert body.count('class="person-card') == 43
    with django_assert_max_num_queries(17):
        assert client.get(listing).status_code == 200


def test_it_sets_an_assessment_and_logs_a_one_to_one_by_htmx(client, rep_at_workplace_x, person_x):
    client.force_login(rep_at_workplace_x)
    url = reverse("people:person-assess", args=[person_x.pk])
    assert client.get(url).status_code == 405
    response = client.post(url, {"value": "2"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert f'id="person-{person_x.pk}"' in body and "<html" not in body
    person_x.refresh_from_db()
    assert person_x.assessment == 2 and person_x.assessments.count() == 1
    assert Entry.objects.filter(action="people.assessment.recorded").exists()
    response = client.post(
        reverse("people:person-converse", args=[person_x.pk]),
        {
            "outcome": "supportive",
            "issues": "pay, rotas",
            "follow_up": "2030-01-02",
            "notes": "Secret synthetic note",
        },
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Saved." in response.content.decode()
    conversation = Conversation.objects.get()
    assert conversation.issues == ["pay", "rotas"] and conversation.notes == "Secret synthetic note"
    person_x.refresh_from_db()
    assert person_x.follow_up_due.isoformat() == "2030-01-02" and person_x.last_contacted
    assert Entry.objects.filter(action="people.conversation.logged").exists()
    # Notes are encrypted at rest.
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT notes FROM people_conversation")
        assert cursor.fetchone()[0].startswith("enc1:")


def test_a_rep_cannot_change_someone_outside_their_workplaces(client, rep_at_workplace_x, person_b):
    client.force_login(rep_at_workplace_x)
    response = client.post(reverse("people:person-assess", args=[person_b.pk]), {"value": "1"})
    assert response.status_code == 404
    assert not Assessment.objects.exists()


def test_export_streams_safe_cells_and_is_audited(client, personas, person_x):
    person_x.job_title = '=HYPERLINK("http://x")'
    person_x.save()
    client.force_login(personas["branch_organiser_a"])
    response = client.get(reverse("people:person-export"), {"format": "csv"})
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert rows[0][1] == "name" and len(rows) == 2
    assert rows[1][rows[0].index("job title")].startswith("'=")
    entry = Entry.objects.get(action="people.person.exported")
    assert entry.data["count"] == 1 and entry.data["format"] == "csv"
    response = client.get(reverse("people:person-export"), {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    assert sheet.max_row == 2
    client.force_login(personas["rep_at_workplace_x"])
    assert client.get(reverse("people:person-export")).status_code == 403


def test_it_adds_a_contact_and_reps_only_at_their_workplaces(
    client, rep_at_workplace_x, branch_a, workplace_x, workplace_y
):
    client.force_login(rep_at_workplace_x)
    url = reverse("people:person-add")
    response = client.post(
        url,
        {
            "full_name": "Synthetic New Contact",
            "branch": branch_a.pk,
            "location": workplace_x.pk,
            "lawful_basis": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    person = Person.objects.get(full_name="Synthetic New Contact")
    assert person.location == workplace_x and person.source == "manual"
    assert Entry.objects.filter(action="people.person.created", subject_id=str(person.pk)).exists()
    response = client.post(
        url, {"full_name": "Synthetic Elsewhere", "branch": branch_a.pk, "location": workplace_y.pk}
    )
    assert response.status_code == 200
    assert not Person.objects.filter(full_name="Synthetic Elsewhere").exists()


def test_it_suggests_duplicates_and_merges_keeping_history(
    client, branch_organiser_a, branch_a, workplace_x, rep_at_workplace_x
):
    keep = make_person(branch_a, workplace_x, full_name="Synthetic Dup", phone="+447700900123")
    drop = make_person(
        branch_a, None, full_name="synthetic dup", phone="+447700900123", number="D1234567"
    )
    log_conversation(rep_at_workplace_x, keep, outcome="supportive")
    Assessment.objects.create(person=drop, value=1, at=drop.created)
    Conversation.objects.create(person=drop, at=drop.created, notes="old synthetic note")
    client.force_login(branch_organiser_a)
    body = client.get(reverse("people:duplicate-list")).content.decode()
    assert "same name and phone" in body
    url = reverse("people:person-merge", args=[keep.pk, drop.pk])
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert not Person.objects.filter(pk=drop.pk).exists()
    keep.refresh_from_db()
    assert keep.conversations.count() == 2 and keep.assessments.count() == 1
    assert keep.membership.number == "D1234567" and keep.assessment == 1
    entry = Entry.objects.get(action="people.person.merged")
    assert entry.data["merged"] == drop.pk
    # The dropped record's own audit rows stay.
    assert Entry.objects.filter(subject_id=str(drop.pk), action="people.person.viewed").exists()


def test_an_outsider_cannot_merge_across_branches(client, outsider_branch_b, person_x, person_b):
    client.force_login(outsider_branch_b)
    url = reverse("people:person-merge", args=[person_b.pk, person_x.pk])
    assert client.post(url).status_code == 404
    assert Person.objects.filter(pk=person_x.pk).exists()


def test_my_work_shows_assignments_and_follow_ups(client, rep_at_workplace_x, person_x):
    log_conversation(rep_at_workplace_x, person_x, follow_up=person_x.created.date())
    client.force_login(rep_at_workplace_x)
    response = client.get(reverse("people:my-work"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("dashboard:my-day")
    body = response.content.decode()
    assert "Synthetic Hollins Park Care Home" in body and "Synthetic Amara Testperson" in body


def test_link_person_to_location_is_audited(person_x, council_a):
    other = make_location(council_a, "Synthetic Linked Home")
    link_person_to_location(None, person_x, other, method="auto", score=0.93)
    person_x.refresh_from_db()
    assert person_x.location == other and person_x.link_method == "auto"
    entry = Entry.objects.get(action="people.person.linked")
    assert entry.data["score"] == 0.93 and entry.actor_label == "system"


def test_assignment_changes_what_a_rep_sees(rep_at_workplace_x, person_b, branch_a, workplace_y):
    at_y = make_person(branch_a, workplace_y)
    assert not people_visible_to(rep_at_workplace_x).filter(pk=at_y.pk).exists()
    WorkplaceAssignment.objects.create(user=rep_at_workplace_x, location=workplace_y)
    visible = people_visible_to(rep_at_workplace_x)
    assert visible.filter(pk=at_y.pk).exists()
    # Another branch's people at the same workplace stay out of the rep's scope.
    assert not visible.filter(pk=person_b.pk).exists()


def test_a_campaign_signup_becomes_a_consented_contact(branch_a, person_x):
    from django.utils import timezone

    from commonground.people.actions import person_from_signup

    fields = {
        "branch": branch_a,
        "name": "Synthetic Signer",
        "email": "Signer@Example.invalid",
        "phone": "07700 900555",
        "workplace": "Hollins Pk",
        "consent": True,
        "consent_wording": "Contact me about the campaign",
        "consented_at": timezone.now(),
        "signup_id": 9,
    }
    person = person_from_signup(None, **fields)
    assert person.source == "signup" and person.lawful_basis == "consent"
    assert person.email == "signer@example.invalid" and person.phone == "+447700900555"
    assert person.workplace_text == "Hollins Pk" and person.consent_wording
    # Signing up again matches the same person.
    assert person_from_signup(None, **fields).pk == person.pk


def test_editing_a_person_is_audited_with_sensitive_values_redacted(
    client, branch_organiser_a, person_x
):
    client.force_login(branch_organiser_a)
    url = reverse("people:person-edit", args=[person_x.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": person_x.full_name,
            "phone": "07700 900777",
            "email": person_x.email,
            "employment_type": "sponsored-visa",
            "immigration_details": "Synthetic visa expiry 2027",
            "lawful_basis": "member",
            "languages_text": "English, Romanian",
        },
    )
    assert response.status_code == 302
    person_x.refresh_from_db()
    assert person_x.phone == "+447700900777" and person_x.languages == ["English", "Romanian"]
    entry = Entry.objects.get(action="people.person.changed")
    assert entry.data["immigration_details"] == "(changed)"
    assert "Synthetic visa expiry" not in str(entry.data)
    # Values of personal fields never reach the append-only trail: names only.
    assert entry.data["phone"] == "(changed)"
    assert "900777" not in str(entry.data)


def test_the_importer_never_raises_on_arbitrary_bytes(tmp_path, branch_a):
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from commonground.people.importer import ImportFailed, import_people

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture],
    )
    @given(
        st.one_of(
            st.binary(max_size=400),
            st.text(alphabet=st.sampled_from('ab1,;"\n\t\r=é '), max_size=300).map(
                lambda t: ("Membership No,Name,Email\n" + t).encode("utf-8")
            ),
        )
    )
    def check(data):
        path = tmp_path / "fuzz.csv"
        path.write_bytes(data)
        try:
            result = import_people(path, branch=branch_a, actor="fuzz", dry_run=True)
        except ImportFailed as exc:
            assert str(exc)
        else:
            assert result["read"] == result["accepted"] + result["rejected"]

    check()


def test_the_language_for_messages_is_set_on_the_edit_form_and_shown(
    client, branch_organiser_a, person_x
):
    client.force_login(branch_organiser_a)
    url = reverse("people:person-edit", args=[person_x.pk])
    data = {"full_name": person_x.full_name, "lawful_basis": "member"}
    response = client.post(url, {**data, "preferred_language": "ml"})
    assert response.status_code == 302
    person_x.refresh_from_db()
    assert person_x.preferred_language == "ml"
    page = client.get(reverse("people:person-detail", args=[person_x.pk]))
    assert "മലയാളം" in page.content.decode()
    # Only the site's languages are accepted.
    response = client.post(url, {**data, "preferred_language": "xx"})
    assert response.status_code == 200
    person_x.refresh_from_db()
    assert person_x.preferred_language == "ml"
