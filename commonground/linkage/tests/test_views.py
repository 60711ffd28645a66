from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from commonground.accounts.models import User
from commonground.audit.models import Entry
from commonground.linkage.models import ReviewItem, ReviewStatus

from .conftest import make_person

pytestmark = pytest.mark.django_db


def _item(branch: Any, small_register: Any, text: str = "The Willows") -> ReviewItem:
    person = make_person(branch, text)
    locs = [small_register["willows_a"], small_register["willows_b"]]
    return ReviewItem.objects.create(
        person=person,
        branch=branch,
        workplace_text=text,
        candidates=[
            {
                "location_id": loc.pk,
                "cqc_id": loc.cqc_id,
                "name": loc.name,
                "score": 70.0 - i,
                "provider_id": None,
                "reasons": ["name 'The Willows' matches 70%"],
            }
            for i, loc in enumerate(locs)
        ],
        best_score=70.0,
        status=ReviewStatus.OPEN,
    )


def _client(user: User) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_it_shows_the_queue_to_an_organiser(
    branch_organiser_a: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    r = _client(branch_organiser_a).get(reverse("linkage:review-queue"))
    assert r.status_code == 200
    assert b"The Willows Nursing Home" in r.content
    assert b"name &#x27;The Willows&#x27; matches 70%" in r.content
    assert Entry.objects.filter(
        action="linkage.reviewitem.viewed", subject_id=str(item.pk)
    ).exists()
    assert Entry.objects.filter(action="people.person.searched").exists()


@pytest.mark.parametrize("persona", ["viewer", "rep_at_workplace_x"])
def test_it_forbids_roles_without_linkage(persona: str, personas: dict[str, User]) -> None:
    assert _client(personas[persona]).get(reverse("linkage:review-queue")).status_code == 403


def test_it_hides_another_branchs_item(
    outsider_branch_b: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    c = _client(outsider_branch_b)
    assert (
        c.get(reverse("linkage:review-item", args=[item.pk]), HTTP_HX_REQUEST="true").status_code
        == 404
    )
    assert (
        c.post(
            reverse("linkage:review-item-accept", args=[item.pk]),
            {"location": small_register["willows_a"].pk},
        ).status_code
        == 404
    )
    queue = c.get(reverse("linkage:review-queue"))
    assert b"The Willows" not in queue.content


def test_it_rejects_the_wrong_method(
    branch_organiser_a: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    c = _client(branch_organiser_a)
    assert c.get(reverse("linkage:review-item-accept", args=[item.pk])).status_code == 405
    assert c.get(reverse("linkage:review-item-reject", args=[item.pk])).status_code == 405
    assert c.post(reverse("linkage:review-queue")).status_code == 405


def test_it_accepts_a_candidate_and_serves_the_next(
    branch_organiser_a: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    other = _item(branch_a, small_register, "Willows home")
    r = _client(branch_organiser_a).post(
        reverse("linkage:review-item-accept", args=[item.pk]),
        {"location": small_register["willows_b"].pk},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200
    assert f'id="review-row-{item.pk}" hx-swap-oob="delete"'.encode() in r.content
    assert f'data-item="{other.pk}"'.encode() in r.content
    item.refresh_from_db()
    assert item.status == ReviewStatus.ACCEPTED and item.location == small_register["willows_b"]
    assert item.person.location == small_register["willows_b"]
    assert Entry.objects.filter(
        action="linkage.reviewitem.accepted", subject_id=str(item.pk)
    ).exists()
    assert Entry.objects.filter(action="linkage.alias.created").exists()


def test_it_refuses_a_second_decision(
    branch_organiser_a: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    c = _client(branch_organiser_a)
    assert c.post(reverse("linkage:review-item-reject", args=[item.pk])).status_code == 302
    assert c.post(reverse("linkage:review-item-reject", args=[item.pk])).status_code == 409
    assert Entry.objects.filter(action="linkage.reviewitem.rejected").count() == 1


def test_it_searches_the_register(
    branch_organiser_a: User, branch_a: Any, small_register: Any
) -> None:
    item = _item(branch_a, small_register)
    r = _client(branch_organiser_a).get(
        reverse("linkage:review-item-search", args=[item.pk]), {"q": "quayside"}
    )
    assert r.status_code == 200 and b"Mersey Quayside Lodge" in r.content


def test_it_runs_linking_on_demand(
    branch_organiser_a: User,
    branch_a: Any,
    small_register: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    person = make_person(branch_a, "Mersey Quayside Lodge", postcode="L1 8JQ")
    with django_capture_on_commit_callbacks(execute=True):
        r = _client(branch_organiser_a).post(reverse("linkage:link-run"))
    assert r.status_code == 302
    person.refresh_from_db()
    assert person.location == small_register["mersey"]
    assert Entry.objects.filter(action="linkage.run.queued", actor=branch_organiser_a).exists()


def test_it_filters_the_queue_by_branch_and_text_and_pages_it(
    regional_organiser: User, branch_a: Any, branch_b: Any, small_register: Any
) -> None:
    willows = _item(branch_a, small_register, "The Willows")
    lodge = _item(branch_a, small_register, "Willows Lodge")
    elsewhere = _item(branch_b, small_register, "Willows by the sea")
    client = _client(regional_organiser)
    url = reverse("linkage:review-queue")

    def rows(**params: str) -> set[int]:
        body = client.get(url, params).content.decode()
        return {i.pk for i in (willows, lodge, elsewhere) if f'id="review-row-{i.pk}"' in body}

    assert rows() == {willows.pk, lodge.pk, elsewhere.pk}
    assert rows(branch=branch_b.code) == {elsewhere.pk}
    assert rows(q="lodge") == {lodge.pk}
    assert rows(q="lodge", branch=branch_b.code) == set()
    assert "No records match these filters." in client.get(url, {"q": "zzz"}).content.decode()


def test_the_tab_counts_follow_the_filters(
    regional_organiser: User, branch_a: Any, branch_b: Any, small_register: Any
) -> None:
    _item(branch_a, small_register, "The Willows")
    _item(branch_a, small_register, "Willows Lodge")
    gone = _item(branch_b, small_register, "Willows by the sea")
    gone.status = ReviewStatus.NONE
    gone.save()
    client = _client(regional_organiser)
    url = reverse("linkage:review-queue")

    def badges(**params: str) -> dict[str, int]:
        r = client.get(url, params)
        return {key: n for key, _label, n, _href in r.context["tabs"] if n}

    assert badges() == {ReviewStatus.OPEN: 2, ReviewStatus.NONE: 1}
    assert badges(q="lodge") == {ReviewStatus.OPEN: 1}
    assert badges(branch=branch_b.code) == {ReviewStatus.NONE: 1}
    assert 'data-testid="tab-open">1</span>' in client.get(url, {"q": "lodge"}).content.decode()
    # An empty tab points to the tabs that do hold matches.
    assert "1 in No candidate" in client.get(url, {"branch": branch_b.code}).content.decode()


def test_a_decision_serves_the_next_item_within_the_filters(
    regional_organiser: User, branch_a: Any, branch_b: Any, small_register: Any
) -> None:
    first = _item(branch_b, small_register, "Willows by the sea")
    _item(branch_a, small_register, "The Willows")  # outside the filter: not served next
    after = _item(branch_b, small_register, "Willows on sea")
    page = "http://testserver" + reverse("linkage:review-queue") + f"?branch={branch_b.code}"
    r = _client(regional_organiser).post(
        reverse("linkage:review-item-accept", args=[first.pk]),
        {"location": small_register["willows_b"].pk},
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=page,
    )
    assert r.status_code == 200
    assert f'data-item="{after.pk}"'.encode() in r.content
