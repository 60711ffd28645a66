from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.motions.actions import import_motion
from commonground.motions.models import CallProgress, CallToAction, Motion
from commonground.motions.parser import parse_motion

PAGE = """\
Back to all Motions
Fair pay for sleep-in shifts

Conference
2025 Community Service Group Conference
Date
18 April 2025
Decision
Carried

Conference calls on the Service Group Executive to:
1.Campaign for every sleep-in hour to be paid at the Real Living Wage;
2) Publish a model claim for branches;
3. Report back next year.
"""

NO_METADATA = """\
Conference notes the crisis in care.
Conference calls on the NEC to:
1. act now
"""


@pytest.fixture
def motion(db):
    motion, _ = import_motion(None, parse_motion(PAGE), PAGE)
    return motion


@pytest.mark.django_db
@pytest.mark.parametrize(
    "persona", ["admin", "regional_organiser", "branch_organiser_a", "rep_at_workplace_x", "viewer"]
)
def test_it_lists_and_shows_motions(client, personas, motion, persona):
    client.force_login(personas[persona])
    assert b"Fair pay for sleep-in shifts" in client.get(reverse("motions:motion-list")).content
    body = client.get(reverse("motions:motion-detail", args=[motion.pk])).content.decode()
    assert "Publish a model claim for branches" in body
    assert "Service Group Executive" in body


@pytest.mark.django_db
def test_it_filters_motions(client, viewer, motion):
    client.force_login(viewer)
    url = reverse("motions:motion-list")
    assert b"Fair pay" in client.get(url, {"q": "model claim"}).content
    assert b"Fair pay" not in client.get(url, {"decision": "lost"}).content
    assert b"Fair pay" in client.get(url, {"body": "sge", "progress": "open"}).content
    assert b"Fair pay" not in client.get(url, {"progress": "done"}).content


@pytest.mark.django_db
def test_the_import_previews_before_it_saves(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    response = client.post(reverse("motions:motion-import"), {"text": PAGE})
    body = response.content.decode()
    assert response.status_code == 200 and "Preview" in body
    assert "Fair pay for sleep-in shifts" in body and "2025-04-18" in body
    assert body.count("<li value=") == 3
    assert not Motion.objects.exists()
    response = client.post(reverse("motions:motion-import"), {"text": PAGE, "confirm": "1"})
    motion = Motion.objects.get()
    assert response.status_code == 302
    assert motion.decision == "carried" and motion.calls.count() == 3
    assert set(motion.calls.values_list("responsible_body", flat=True)) == {"sge"}
    entry = Entry.objects.get(action="motions.motion.imported")
    assert entry.actor == branch_organiser_a and entry.data["calls"] == 3


@pytest.mark.django_db
def test_missing_metadata_is_shown_as_missing(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    body = client.post(reverse("motions:motion-import"), {"text": NO_METADATA}).content.decode()
    assert body.count(">missing<") == 4  # title, conference, date, decision
    client.post(reverse("motions:motion-import"), {"text": NO_METADATA, "confirm": "1"})
    motion = Motion.objects.get()
    assert motion.title == "" and motion.date is None and motion.decision == ""
    assert Entry.objects.get(action="motions.motion.imported").data["missing"] == [
        "title",
        "conference",
        "date",
        "decision",
    ]


@pytest.mark.django_db
def test_it_imports_an_uploaded_text_file(client, branch_organiser_a):
    client.force_login(branch_organiser_a)
    upload = SimpleUploadedFile("motion.txt", PAGE.encode("cp1252"))
    body = client.post(reverse("motions:motion-import"), {"file": upload}).content.decode()
    assert "Fair pay for sleep-in shifts" in body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.4 binary", "PDF"), (b"PK\x03\x04....", "Word"), (b"abc\x00\x01\x02def", "binary")],
)
def test_it_refuses_files_that_are_not_text(client, branch_organiser_a, content, message):
    client.force_login(branch_organiser_a)
    upload = SimpleUploadedFile("motion.txt", content)
    response = client.post(reverse("motions:motion-import"), {"file": upload})
    assert response.status_code == 200 and message in response.content.decode()
    assert not Motion.objects.exists()


@pytest.mark.django_db
def test_importing_the_same_text_twice_finds_the_first(client, branch_organiser_a, motion):
    client.force_login(branch_organiser_a)
    response = client.post(reverse("motions:motion-import"), {"text": PAGE, "confirm": "1"})
    assert response.status_code == 302 and Motion.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["rep_at_workplace_x", "viewer"])
def test_read_only_roles_cannot_import_or_update(client, personas, motion, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("motions:motion-import")).status_code == 403
    call = motion.calls.first()
    assert client.post(reverse("motions:call-update", args=[call.pk]), {}).status_code == 403


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, regional_organiser, motion):
    client.force_login(regional_organiser)
    call = motion.calls.first()
    assert client.get(reverse("motions:call-update", args=[call.pk])).status_code == 405
    assert client.post(reverse("motions:motion-list")).status_code == 405


@pytest.mark.django_db
def test_unknown_motions_are_404(client, regional_organiser):
    client.force_login(regional_organiser)
    assert client.get(reverse("motions:motion-detail", args=[999])).status_code == 404
    assert client.post(reverse("motions:call-update", args=[999]), {}).status_code == 404


@pytest.mark.django_db
def test_progress_is_recorded_with_evidence_and_audited(client, regional_organiser, motion):
    from commonground.library.models import Item

    item = Item.objects.create(
        kind="bargaining", title="Model sleep-in claim", slug="model-claim", summary="s"
    )
    client.force_login(regional_organiser)
    call = motion.calls.get(number=2)
    client.post(
        reverse("motions:call-update", args=[call.pk]),
        {
            "status": "done",
            "note": "Model claim published",
            "evidence_url": "https://example.org/claim",
            "library_item": item.pk,
        },
    )
    call.refresh_from_db()
    assert call.status == CallProgress.DONE
    update = call.updates.get()
    assert update.library_item == item and update.created_by == regional_organiser
    entry = Entry.objects.get(action="motions.call.updated")
    assert entry.data == {
        "call": 2,
        "from": "not_started",
        "to": "done",
        "library_item": item.pk,
        "campaign": None,
    }
    body = client.get(reverse("motions:motion-detail", args=[motion.pk])).content.decode()
    assert "Model sleep-in claim" in body
    assert b"1 / 3" in client.get(reverse("motions:motion-list")).content


@pytest.mark.django_db
def test_the_responsible_body_can_be_changed(client, regional_organiser, motion):
    client.force_login(regional_organiser)
    call = motion.calls.get(number=3)
    client.post(
        reverse("motions:call-assign", args=[call.pk]),
        {"responsible_body": "branches", "responsible_detail": "every branch"},
    )
    call.refresh_from_db()
    assert call.responsible_body == "branches"
    assert Entry.objects.filter(action="motions.call.assigned").exists()


@pytest.mark.django_db
def test_missing_metadata_can_be_filled_in_later(client, regional_organiser):
    motion, _ = import_motion(None, parse_motion(NO_METADATA), NO_METADATA)
    client.force_login(regional_organiser)
    client.post(
        reverse("motions:motion-edit", args=[motion.pk]),
        {
            "title": "Crisis in care",
            "conference": "2024 NDC",
            "date": "2024-06-18",
            "decision": "carried",
        },
    )
    motion.refresh_from_db()
    assert motion.title == "Crisis in care"
    assert Entry.objects.get(action="motions.motion.changed").data["changed"]["title"]["to"] == (
        "Crisis in care"
    )


@pytest.mark.django_db
def test_a_repeated_call_number_is_kept(db):
    text = "Conference calls on the NEC to:\n1. one\n2. two\nConference calls on regions to:\n1. three\n"
    motion, _ = import_motion(None, parse_motion(text), text)
    assert CallToAction.objects.filter(motion=motion).count() == len(parse_motion(text).calls)


@pytest.mark.django_db
def test_the_demo_motions_render(client, viewer, region):
    from commonground.motions import demo

    assert demo.seed(region).startswith("2 motions")
    assert demo.seed(region).startswith("0 motions")
    client.force_login(viewer)
    for motion in Motion.objects.all():
        response = client.get(reverse("motions:motion-detail", args=[motion.pk]))
        assert response.status_code == 200
    assert Motion.objects.count() == 2
