from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.imports.models import ImportRun
from commonground.jobs.models import Job
from commonground.register.models import Boundary, Location
from commonground.register.tests.conftest import HSCA_HEADER, hsca_row
from commonground.testing import make_location, make_provider

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(council_a, council_b):
    provider = make_provider("Synthetic Homes Ltd")
    bolton = make_location(council_a, "Synthetic Bolton House", provider=provider, beds=30)
    liverpool = make_location(council_b, "Synthetic Mersey House", provider=provider)
    Boundary.objects.create(
        council=council_a,
        geojson={
            "type": "Polygon",
            "coordinates": [[[-2.5, 53.5], [-2.3, 53.5], [-2.3, 53.7], [-2.5, 53.5]]],
        },
    )
    return {"provider": provider, "bolton": bolton, "liverpool": liverpool}


def login(client, user):
    client.force_login(user)


PAGES = [
    ("register:location-list", lambda d: []),
    ("register:location-detail", lambda d: [d["bolton"].cqc_id]),
    ("register:provider-detail", lambda d: [d["provider"].pk]),
    ("register:council-detail", lambda d: [d["bolton"].council.ons_code]),
    ("register:region-map", lambda d: []),
    ("register:map-councils", lambda d: []),
    ("register:map-locations", lambda d: []),
]


@pytest.mark.parametrize(("name", "args"), PAGES)
def test_it_shows_register_pages_to_every_role(client, personas, data, name, args):
    for user in personas.values():
        login(client, user)
        response = client.get(reverse(name, args=args(data)))
        assert response.status_code == 200, (user.username, name)
        assert client.post(reverse(name, args=args(data))).status_code == 405


def test_it_lists_filters_and_searches(client, regional_organiser, data):
    login(client, regional_organiser)
    url = reverse("register:location-list")
    assert "Synthetic Bolton House" in client.get(url, {"q": "bolton"}).content.decode()
    page = client.get(url, {"council": "E08000012"}).content.decode()
    assert "Mersey" in page and "Bolton House" not in page
    assert "Bolton House" in client.get(url, {"q": data["bolton"].cqc_id}).content.decode()
    assert "No locations match" in client.get(url, {"q": "zzz"}).content.decode()
    for sort in ("name", "-beds", "-workforce", "council", "rating", "-registered"):
        assert (
            client.get(url, {"sort": sort, "size": "20-49", "status": "registered"}).status_code
            == 200
        )


def test_it_labels_the_workforce_as_an_estimate(client, viewer, data):
    login(client, viewer)
    page = client.get(reverse("register:location-detail", args=[data["bolton"].cqc_id]))
    text = page.content.decode()
    assert "estimate" in text and "30 beds" in text
    assert 'id="people-and-density"' in text
    assert "Set your own figure" not in text  # viewers cannot override


def test_it_keeps_other_regions_out_of_scope(client, regional_organiser, admin, region):
    from commonground.register.models import Council, Region

    other = Region.objects.create(name="Elsewhere", slug="elsewhere")
    council = Council.objects.create(ons_code="E06999999", name="Elsewhere Council", region=other)
    loc = make_location(council, "Synthetic Far Away")
    login(client, regional_organiser)
    assert client.get(reverse("register:location-detail", args=[loc.cqc_id])).status_code == 404
    assert client.get(reverse("register:council-detail", args=["E06999999"])).status_code == 404
    assert "Far Away" not in client.get(reverse("register:location-list")).content.decode()
    login(client, admin)
    assert client.get(reverse("register:location-detail", args=[loc.cqc_id])).status_code == 200


def test_it_serves_geojson_for_the_map(client, regional_organiser, data):
    login(client, regional_organiser)
    shapes = client.get(reverse("register:map-councils")).json()
    assert [f["properties"]["code"] for f in shapes["features"]] == ["E08000001"]
    points = client.get(reverse("register:map-locations"), {"council": "E08000001"}).json()
    assert [f["properties"]["id"] for f in points["features"]] == [data["bolton"].cqc_id]


def test_it_saves_an_override_with_an_audit_row(client, branch_organiser_a, viewer, data):
    url = reverse("register:location-workforce", args=[data["bolton"].cqc_id])
    login(client, viewer)
    assert client.post(url, {"workforce_override": "5"}).status_code == 403
    login(client, branch_organiser_a)
    assert client.get(url).status_code == 405
    response = client.post(url, {"workforce_override": "61", "note": "rota seen"})
    assert response.status_code == 302
    loc = Location.objects.get(pk=data["bolton"].pk)
    assert (loc.workforce_override, loc.workforce_override_note) == (61, "rota seen")
    entry = Entry.objects.get(action="register.location.workforce_overridden")
    assert entry.actor_id == branch_organiser_a.pk and entry.data["new"]["value"] == 61
    client.post(url, {"workforce_override": ""})
    assert Location.objects.get(pk=loc.pk).workforce_override is None
    assert Entry.objects.filter(action="register.location.workforce_override_cleared").exists()


def test_it_imports_from_the_page_as_a_background_job(
    client, regional_organiser, branch_organiser_a, region, django_capture_on_commit_callbacks
):
    url = reverse("register:import-create")
    login(client, branch_organiser_a)
    assert client.get(url).status_code == 403
    login(client, regional_organiser)
    assert client.get(url).status_code == 200
    upload = SimpleUploadedFile(
        "hsca_2021-03-01.csv", (HSCA_HEADER + hsca_row("1-100000001", "Uploaded Home")).encode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"file": upload})
    assert response.status_code == 302
    job = Job.objects.get(kind="register-import")
    assert job.status == "done" and job.result["created"] == 1
    assert Location.objects.filter(name="Uploaded Home").exists()
    assert Entry.objects.filter(
        action="imports.run.queued", actor_id=regional_organiser.pk
    ).exists()
    run = ImportRun.objects.get(kind="register")
    assert run.status == "done" and run.counts["created"] == 1 and run.job == job
    page = client.get(response["Location"]).content.decode()
    assert "Uploaded Home" not in page and "Done" in page


def test_it_refuses_an_unrecognised_upload(client, admin):
    login(client, admin)
    upload = SimpleUploadedFile("people.csv", b"Name,Email\nA,b\n")
    response = client.post(reverse("register:import-create"), {"file": upload})
    assert response.status_code == 200
    assert "not a recognised CQC register file" in response.content.decode()
    assert not Job.objects.exists() and not ImportRun.objects.exists()


def test_it_needs_login(client, data):
    response = client.get(reverse("register:location-list"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_locations_history_reads_as_words_not_stored_values(client, regional_organiser, data):
    from commonground.register.models import LocationChange

    home = data["bolton"]
    for field, old, new in (
        ("dormant", "", "False"),
        ("rating_date", "2023-01-05", "2024-02-07"),
        ("primary_service_type", "care_home_nursing", "care_home"),
        ("service_types_text", "|care_home|", "|care_home|home_care|"),
        ("user_bands_text", "|Dementia|", "|Dementia|Older People|"),
        ("brand", "", "BD350"),
        ("registration_status", "registered", "deregistered"),
    ):
        LocationChange.objects.create(location=home, field=field, old_value=old, new_value=new)
    client.force_login(regional_organiser)
    body = client.get(reverse("register:location-detail", args=[home.cqc_id])).content.decode()
    table = body[body.index("Changes from imports") :]
    for shown in (
        "<td>Dormant</td><td>—</td><td>no</td>",
        "<td>Rating date</td><td>5 Jan 2023</td><td>7 Feb 2024</td>",
        "<td>Care home with nursing</td><td>Care home without nursing</td>",
        "<td>Care home without nursing, Home care (domiciliary)</td>",
        "<td>Dementia, Older People</td>",
        "<td>CQC brand id</td>",
        "<td>Registered</td><td>Deregistered</td>",
    ):
        assert shown in table, shown
    for stored in ("False", "2024-02-07", "care_home", "|Dementia|", "predecessor_ids"):
        assert f">{stored}<" not in table and f"{stored}</td>" not in table, stored
