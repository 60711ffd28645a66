from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from commonground.audit.models import Entry
from commonground.library.models import Attachment, Item
from commonground.library.tests.conftest import docx_bytes, make_item, xlsx_bytes
from commonground.library.uploads import MAX_ATTACHMENT_BYTES
from commonground.testing import log_in_with_password

READERS = ["admin", "regional_organiser", "branch_organiser_a", "rep_at_workplace_x", "viewer"]


@pytest.mark.django_db
@pytest.mark.parametrize("persona", READERS)
def test_it_lists_and_shows_items_to_readers(client, personas, briefing, persona):
    client.force_login(personas[persona])
    assert b"Keep care public" in client.get(reverse("library:item-list")).content
    response = client.get(reverse("library:item-detail", args=[briefing.pk]))
    assert response.status_code == 200
    assert b"<strong>travel time</strong>" in response.content


@pytest.mark.django_db
def test_it_searches_and_filters(client, viewer, briefing, guide, tags):
    client.force_login(viewer)
    body = client.get(reverse("library:item-list"), {"q": "outsourcing"}).content
    assert b"Keep care public" in body and b"Ethical Care Charter" not in body
    body = client.get(reverse("library:item-list"), {"kind": "bargaining"}).content
    assert b"Keep care public" not in body and b"Ethical Care Charter" in body
    body = client.get(reverse("library:item-list"), {"tag": tags["pay"].pk}).content
    assert b"Keep care public" not in body
    body = client.get(reverse("library:item-list"), {"q": "zzzzzz"}).content
    assert b'class="empty"' in body


@pytest.mark.django_db
def test_it_shows_related_items(client, viewer, briefing, guide):
    client.force_login(viewer)
    body = client.get(reverse("library:item-detail", args=[briefing.pk])).content.decode()
    related = body.split("Related")[1]
    assert "Bargaining for the Ethical Care Charter" in related


@pytest.mark.django_db
def test_it_hides_items_of_another_region(client, briefing, region):
    from commonground.accounts.models import Role
    from commonground.register.models import Region
    from commonground.testing import make_user

    other = make_user("far", Role.REGIONAL_ORGANISER, Region.objects.create(name="Far", slug="far"))
    client.force_login(other)
    assert client.get(reverse("library:item-detail", args=[briefing.pk])).status_code == 404


@pytest.mark.django_db
def test_it_creates_an_item_with_an_audit_row(client, branch_organiser_a, tags):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("library:item-create"),
        {
            "kind": "case_study",
            "title": "Winning paid travel time",
            "summary": "How one branch did it.",
            "body": "It took **six weeks**.",
            "tags": [tags["home-care"].pk],
            "written_on": "2025-06-01",
            "review_by": "2026-06-01",
        },
    )
    item = Item.objects.get(title="Winning paid travel time")
    assert response.status_code == 302
    assert item.author == branch_organiser_a and item.slug == "winning-paid-travel-time"
    assert item.search_tags == "Home care"
    entry = Entry.objects.get(action="library.item.created")
    assert entry.actor == branch_organiser_a and entry.data["changed"]["tags"]["to"] == [
        "home-care"
    ]


@pytest.mark.django_db
def test_the_outsider_cannot_edit_another_branchs_item(client, outsider_branch_b, briefing):
    client.force_login(outsider_branch_b)
    assert client.get(reverse("library:item-edit", args=[briefing.pk])).status_code == 403
    assert client.post(reverse("library:item-delete", args=[briefing.pk])).status_code == 403


@pytest.mark.django_db
def test_a_branch_organiser_edits_their_branchs_item(client, branch_organiser_a, briefing):
    client.force_login(branch_organiser_a)
    response = client.post(
        reverse("library:item-edit", args=[briefing.pk]),
        {
            "kind": "briefing",
            "title": "Keep care public (2025)",
            "summary": briefing.summary,
            "body": briefing.body,
            "branch": briefing.branch_id,
            "written_on": "2025-01-01",
        },
    )
    assert response.status_code == 302
    entry = Entry.objects.get(action="library.item.changed")
    assert entry.data["changed"]["title"]["to"] == "Keep care public (2025)"


@pytest.mark.django_db
@pytest.mark.parametrize("persona", ["rep_at_workplace_x", "viewer"])
def test_read_only_roles_cannot_change(client, personas, briefing, persona):
    client.force_login(personas[persona])
    assert client.get(reverse("library:item-create")).status_code == 403
    assert client.post(reverse("library:item-publish", args=[briefing.pk])).status_code == 403


@pytest.mark.django_db
def test_it_rejects_the_wrong_method(client, regional_organiser, briefing):
    client.force_login(regional_organiser)
    assert client.get(reverse("library:item-publish", args=[briefing.pk])).status_code == 405
    assert client.get(reverse("library:attachment-add", args=[briefing.pk])).status_code == 405
    assert client.post(reverse("library:item-list")).status_code == 405


@pytest.mark.django_db
def test_only_publishers_publish(client, branch_organiser_a, regional_organiser, briefing):
    client.force_login(branch_organiser_a)
    url = reverse("library:item-publish", args=[briefing.pk])
    assert client.post(url, {"publish": "1"}).status_code == 403
    client.force_login(regional_organiser)
    client.post(url, {"publish": "1"})
    briefing.refresh_from_db()
    assert briefing.is_public and briefing.published_at
    assert Entry.objects.filter(action="library.item.published").count() == 1
    client.post(url, {"publish": "0"})
    briefing.refresh_from_db()
    assert not briefing.is_public
    assert Entry.objects.filter(action="library.item.withdrawn").count() == 1


@pytest.mark.django_db
def test_the_public_page_shows_no_person(client, regional_organiser, briefing):
    regional_organiser.first_name, regional_organiser.last_name = "Rhiannon", "Realname"
    regional_organiser.save()
    url = reverse("library:public-detail", args=[briefing.slug])
    assert client.get(url).status_code == 404  # not published yet
    briefing.is_public = True
    briefing.save()
    response = client.get(url)
    body = response.content.decode()
    assert response.status_code == 200
    assert "Realname" not in body and "regional" not in body
    assert "Synthetic Bolton Care (test)" in body  # the branch, not the person
    briefing.public_byline = "North West organising team"
    briefing.save()
    assert "North West organising team" in client.get(url).content.decode()
    assert b"Keep care public" in client.get(reverse("library:public-list")).content


@pytest.mark.django_db
def test_the_public_pages_pass_the_two_factor_gate(client, settings, regional_organiser, briefing):
    settings.COMMONGROUND_REQUIRE_2FA = True
    briefing.is_public = True
    briefing.save()
    log_in_with_password(client, regional_organiser)  # not past the second factor
    response = client.get(reverse("library:public-detail", args=[briefing.slug]))
    assert response.status_code == 200
    assert client.get(reverse("library:item-list")).status_code == 302


@pytest.mark.django_db
def test_markdown_is_sanitised(client, viewer, regional_organiser):
    item = make_item(
        regional_organiser,
        "Unsafe",
        body='<script>alert(1)</script>\n\n[click](javascript:alert(1)) <img src=x onerror="x()">',
    )
    client.force_login(viewer)
    body = client.get(reverse("library:item-detail", args=[item.pk])).content.decode()
    assert "<script>alert" not in body and "javascript:" not in body and "onerror" not in body


@pytest.mark.django_db
def test_the_print_view_has_print_css(client, viewer, briefing):
    client.force_login(viewer)
    body = client.get(reverse("library:item-print", args=[briefing.pk])).content.decode()
    assert "library-print.css" in body and "Keep care public" in body
    assert "site-header" not in body


@pytest.mark.django_db
def test_it_attaches_a_pdf_and_a_docx(client, regional_organiser, briefing):
    client.force_login(regional_organiser)
    url = reverse("library:attachment-add", args=[briefing.pk])
    pdf = SimpleUploadedFile("brief.pdf", b"%PDF-1.7\n%...", content_type="application/pdf")
    client.post(url, {"file": pdf})
    docx = SimpleUploadedFile("guide.docx", docx_bytes(), content_type="application/octet-stream")
    client.post(url, {"file": docx})
    assert sorted(a.kind for a in briefing.attachments.all()) == ["docx", "pdf"]
    assert Entry.objects.filter(action="library.attachment.added").count() == 2
    attachment = briefing.attachments.get(kind="pdf")
    response = client.get(reverse("library:attachment-download", args=[briefing.pk, attachment.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("notes.txt", b"hello", "Only PDF and Word"),
        ("fake.pdf", b"MZ\x90\x00 not a pdf", "not a PDF"),
        ("fake.docx", b"%PDF-1.4", "not a Word document"),
        ("sheet.docx", xlsx_bytes(), "not a Word document"),
        ("broken.docx", b"PK\x03\x04garbage", "damaged"),
    ],
)
def test_it_refuses_files_that_are_not_pdf_or_docx(
    client, regional_organiser, briefing, name, content, message
):
    client.force_login(regional_organiser)
    response = client.post(
        reverse("library:attachment-add", args=[briefing.pk]),
        {"file": SimpleUploadedFile(name, content)},
        follow=True,
    )
    assert message in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_it_refuses_a_file_over_the_limit(client, regional_organiser, briefing, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = None
    client.force_login(regional_organiser)
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * MAX_ATTACHMENT_BYTES)
    response = client.post(
        reverse("library:attachment-add", args=[briefing.pk]), {"file": big}, follow=True
    )
    assert "too large" in response.content.decode()
    assert not Attachment.objects.exists()


@pytest.mark.django_db
def test_public_attachments_only_for_published_items(client, regional_organiser, briefing):
    client.force_login(regional_organiser)
    client.post(
        reverse("library:attachment-add", args=[briefing.pk]),
        {"file": SimpleUploadedFile("b.pdf", b"%PDF-1.7")},
    )
    attachment = briefing.attachments.get()
    client.logout()
    url = reverse("library:public-attachment", args=[briefing.slug, attachment.pk])
    assert client.get(url).status_code == 404
    briefing.is_public = True
    briefing.save()
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_it_deletes_an_item_with_an_audit_row(client, regional_organiser, briefing):
    client.force_login(regional_organiser)
    client.post(reverse("library:item-delete", args=[briefing.pk]))
    assert not Item.objects.exists()
    assert Entry.objects.get(action="library.item.deleted").data["slug"] == briefing.slug


@pytest.mark.django_db
def test_the_demo_seed_is_idempotent(region):
    from commonground.library import demo
    from commonground.library.search import search_items

    assert demo.seed(region) == demo.seed(region)
    assert Item.objects.count() == 5
    found = [i.title for i in search_items(Item.objects.all(), "privatisation")]
    assert found[0].startswith("Keep care public")
