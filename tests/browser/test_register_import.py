"""The register's import page in a browser: upload, the run's counts, its rejected rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from commonground.register.models import Location
from commonground.register.tests.conftest import HSCA_HEADER, hsca_row
from commonground.testing import PASSWORD

from .conftest import login

SHOTS = Path("/tmp/wb-shots")


def _file(tmp_path: Path) -> Path:
    path = tmp_path / "hsca_2021-03-01.csv"
    path.write_text(
        HSCA_HEADER
        + hsca_row("1-100000001", "Uploaded Home")
        + hsca_row("1-100000002", "Bad Beds Home", beds="lots"),
        encoding="utf-8",
    )
    return path


@pytest.mark.django_db(transaction=True)
def test_an_upload_shows_its_run_and_its_rejected_rows_download(
    page, regional_organiser, region, tmp_path
):
    login(page, "regional", PASSWORD)
    page.goto("/register/import/")
    page.get_by_label("File").set_input_files(str(_file(tmp_path)))
    page.get_by_role("button", name="Import").click()
    page.wait_for_url("**/register/import/?job=*")
    page.reload()  # the run finished inline; its row shows the counts
    row = page.get_by_role("row").filter(has_text="hsca_2021-03-01.csv")
    assert "Done" in row.inner_text()
    assert Location.objects.filter(name="Uploaded Home").exists()
    with page.expect_download() as download:
        row.get_by_role("link", name="1 (CSV)").click()
    text = Path(download.value.path()).read_text(encoding="utf-8-sig")
    assert "Bad Beds Home" in text and "line,reasons" in text
    page.screenshot(path=str(SHOTS / "register-import-desktop.png"), full_page=True)


@pytest.mark.django_db(transaction=True)
def test_the_import_page_fits_a_phone(phone_page, regional_organiser, region, tmp_path):
    from django.core.management import call_command

    call_command("import_register", str(_file(tmp_path)), "--json")
    login(phone_page, "regional", PASSWORD)
    phone_page.goto("/register/import/")
    assert phone_page.get_by_role("link", name="1 (CSV)").is_visible()
    phone_page.screenshot(path=str(SHOTS / "register-import-phone.png"), full_page=True)
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400  # the table scrolls inside its wrapper, not the page
