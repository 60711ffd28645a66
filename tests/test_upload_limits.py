"""Every upload form has a size limit, checked before the file is read; request bodies too."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.datastructures import MultiValueDict
from hypothesis import given
from hypothesis import strategies as st

MB = 1024 * 1024


def big(name: str, content: bytes, size: int) -> SimpleUploadedFile:
    upload = SimpleUploadedFile(name, content)
    upload.size = size  # claim a size without allocating it
    return upload


def test_request_bodies_held_in_memory_are_bounded():
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 10 * MB
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * MB
    assert 0 < settings.COMMONGROUND_MAX_UPLOAD_BYTES <= 1024 * MB


@pytest.mark.django_db
def test_the_people_import_form_refuses_a_file_over_the_limit(branch_a):
    from commonground.accounts.models import Branch
    from commonground.people.forms import UploadForm

    branches = Branch.objects.filter(pk=branch_a.pk)
    data = {"branch": branch_a.pk}
    small = SimpleUploadedFile("m.csv", b"Member No\n1\n")
    assert UploadForm(data, {"file": small}, branches=branches, max_bytes=MB).is_valid()
    form = UploadForm(data, {"file": big("m.csv", b"x", 2 * MB)}, branches=branches, max_bytes=MB)
    assert not form.is_valid() and "larger than the limit" in str(form.errors["file"])


def test_the_register_upload_form_refuses_a_file_over_the_limit(settings):
    from commonground.register.forms import RegisterImportForm

    settings.COMMONGROUND_MAX_UPLOAD_BYTES = MB
    form = RegisterImportForm({}, MultiValueDict({"file": [big("hsca.csv", b"x", 2 * MB)]}))
    assert not form.is_valid() and "too large" in str(form.errors["file"])


def test_library_attachments_are_limited():
    from commonground.library.uploads import MAX_ATTACHMENT_BYTES, check_attachment

    with pytest.raises(ValidationError, match="too large"):
        check_attachment(big("guide.pdf", b"%PDF-1.4", MAX_ATTACHMENT_BYTES + 1))


def test_charter_evidence_is_limited():
    from commonground.charters.forms import ComplianceForm

    form = ComplianceForm.__new__(ComplianceForm)
    form.cleaned_data = {"file": big("minute.pdf", b"%PDF", ComplianceForm.MAX_BYTES + 1)}
    with pytest.raises(ValidationError):
        ComplianceForm.clean_file(form)


def test_motion_uploads_are_limited():
    from commonground.motions.forms import ImportForm
    from commonground.motions.importing import MAX_FILE_BYTES, NotTextError, decode_upload

    form = ImportForm({}, MultiValueDict({"file": [big("motion.txt", b"x", MAX_FILE_BYTES + 1)]}))
    assert not form.is_valid() and "too large" in str(form.errors)
    with pytest.raises(NotTextError, match="too large"):
        decode_upload(b"x" * (MAX_FILE_BYTES + 1))


@pytest.mark.django_db  # the log-in checks the address's failures first
def test_an_oversized_request_body_is_refused(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1024
    response = client.post("/accounts/login/", {"username": "x" * 4096, "password": "y"})
    assert response.status_code == 400


@pytest.mark.django_db
def test_an_upload_over_the_limit_is_refused_before_it_is_read(client, admin, settings):
    """A 210 MB upload was read in full before the form refused it; now its Content-Length is
    enough (the body here is small: were it read, the view would answer 200 or 302)."""
    settings.COMMONGROUND_MAX_UPLOAD_BYTES = 200 * MB
    client.force_login(admin)
    response = client.post(
        "/people/import/",
        {"file": SimpleUploadedFile("m.csv", b"Member No\n1\n")},
        CONTENT_LENGTH=str(210 * MB),
    )
    assert response.status_code == 413 and "200 MB" in response.content.decode()
    assert client.get("/people/import/new/").status_code == 200


@given(data=st.binary(max_size=600), name=st.sampled_from(["a.docx", "a.pdf", "a.exe"]))
def test_attachment_checks_refuse_any_bad_bytes_with_a_reason(data, name):
    from commonground.library.uploads import check_attachment

    for payload in (data, b"PK\x03\x04" + data, b"%PDF-" + data):
        try:
            kind = check_attachment(SimpleUploadedFile(name, payload))
        except ValidationError as exc:
            assert exc.messages and all(exc.messages)
        else:
            assert kind in ("pdf", "docx")
