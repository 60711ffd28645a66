"""Global search: every kind a user may see, scoped like browsing, audited like people lists."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from commonground.alliances.models import Partner
from commonground.audit.models import Entry
from commonground.campaigns.models import Campaign
from commonground.dashboard.search import search
from commonground.people.tests.conftest import make_person
from commonground.testing import make_location, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(region, branch_a, branch_b, workplace_x, workplace_y, council_a):
    provider = make_provider("Synthetic Quillford Care Group Ltd")
    make_location(council_a, "Synthetic Quillford Lodge", provider=provider, postcode="BL3 9QQ")
    Partner.objects.create(region=region, name="Synthetic Quillford Faith Forum", kind="faith")
    Campaign.objects.create(
        name="Quillford Homes Drive",
        slug="quillford",
        starts_on=datetime.date(2026, 1, 1),
        region=region,
    )
    return {
        "a": make_person(branch_a, workplace_x, full_name="Samira Quillford Khan", number="Q1"),
        "b": make_person(branch_b, workplace_y, full_name="Samuel Quillford Kay", number="Q2"),
    }


def kinds(groups):
    return {g.kind: [h.title for h in g.hits] for g in groups}


def test_it_finds_each_kind_by_a_word(branch_organiser_a, world):
    found = kinds(search(branch_organiser_a, "quillford"))
    assert found["people"] == ["Samira Quillford Khan"]
    assert found["workplaces"] == ["Synthetic Quillford Lodge"]
    assert found["providers"] == ["Synthetic Quillford Care Group Ltd"]
    assert found["partners"] == ["Synthetic Quillford Faith Forum"]
    assert found["campaigns"] == ["Quillford Homes Drive"]


def test_people_match_the_start_of_each_word_of_their_name(admin, world):
    assert kinds(search(admin, "sam kh"))["people"] == ["Samira Quillford Khan"]
    assert kinds(search(admin, "SAM Q"))["people"] == [
        "Samira Quillford Khan",
        "Samuel Quillford Kay",
    ]
    assert "people" not in kinds(search(admin, "amira"))  # the middle of a word is not a start
    assert kinds(search(admin, "Q2"))["people"] == ["Samuel Quillford Kay"]  # membership number


def test_it_finds_only_people_in_scope(outsider_branch_b, rep_at_workplace_x, viewer, world):
    assert kinds(search(outsider_branch_b, "quillford"))["people"] == ["Samuel Quillford Kay"]
    assert kinds(search(rep_at_workplace_x, "quillford"))["people"] == ["Samira Quillford Khan"]
    found = kinds(search(viewer, "quillford"))
    assert "people" not in found and found["workplaces"] == ["Synthetic Quillford Lodge"]


def test_a_search_that_shows_people_is_audited(client, branch_organiser_a, world):
    client.force_login(branch_organiser_a)
    response = client.get(reverse("dashboard:search"), {"q": "quillford"})
    assert response.status_code == 200
    assert "Samira Quillford Khan" in response.content.decode()
    entry = Entry.objects.get(action="people.person.searched")
    assert entry.actor == branch_organiser_a
    assert entry.data["where"] == "global search" and entry.data["query"]["q"] == "quillford"
    # Finding no one writes nothing.
    client.get(reverse("dashboard:search"), {"q": "nobody-at-all"})
    assert Entry.objects.filter(action="people.person.searched").count() == 1


def test_the_live_list_is_a_fragment_and_short_queries_find_nothing(client, admin, world):
    client.force_login(admin)
    url = reverse("dashboard:search")
    partial = client.get(url, {"q": "quillford"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and "Samira Quillford Khan" in partial
    assert "All results for" in partial
    assert search(admin, "q") == []
    page = client.get(url, {"q": "q"}).content.decode()
    assert "Type at least 2 characters" in page
    assert client.post(url).status_code == 405


def test_more_matches_link_to_the_filtered_list(admin, branch_a, workplace_x, world):
    for n in range(8):
        make_person(branch_a, workplace_x, full_name=f"Quillford Many {n}")
    people = next(g for g in search(admin, "quillford") if g.kind == "people")
    assert len(people.hits) == 6 and people.more
    assert people.more_url == reverse("people:person-list") + "?q=quillford"


def test_a_branch_finds_the_workplaces_of_its_own_councils_first(
    branch_organiser_a, regional_organiser, council_a, council_b, world
):
    for n in range(3):
        make_location(council_b, f"Synthetic Aardvark Orchard {n}")
    make_location(council_a, "Synthetic Zebra Orchard")
    mine = kinds(search(branch_organiser_a, "orchard"))["workplaces"]
    assert mine[0] == "Synthetic Zebra Orchard"
    whole_region = kinds(search(regional_organiser, "orchard"))["workplaces"]
    assert whole_region[-1] == "Synthetic Zebra Orchard"  # no patch: by name
