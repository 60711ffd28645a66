from __future__ import annotations

import io
import zipfile

import pytest

from commonground.library.actions import save_item
from commonground.library.models import Item, Tag


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def tags(db):
    return {
        "privatisation": Tag.objects.create(
            category="theme", slug="privatisation", name="Privatisation"
        ),
        "home-care": Tag.objects.create(category="sector", slug="home-care", name="Home care"),
        "pay": Tag.objects.create(category="theme", slug="pay", name="Real Living Wage"),
    }


def make_item(author, title, body="", summary="A summary.", tags=(), **extra):
    item = Item(kind=extra.pop("kind", "briefing"), title=title, summary=summary, body=body)
    for key, value in extra.items():
        setattr(item, key, value)
    return save_item(author, item, tags=list(tags))


@pytest.fixture
def briefing(regional_organiser, tags, branch_a):
    return make_item(
        regional_organiser,
        "Keep care public",
        body="## Why\n\nOutsourcing home care to the lowest bidder cuts **travel time** pay.",
        summary="A briefing against privatisation of home care.",
        tags=[tags["privatisation"], tags["home-care"]],
        branch=branch_a,
    )


@pytest.fixture
def guide(regional_organiser, tags):
    return make_item(
        regional_organiser,
        "Bargaining for the Ethical Care Charter",
        body="Ask for paid travel time and the Real Living Wage.",
        summary="A guide for reps.",
        kind="bargaining",
        tags=[tags["home-care"], tags["pay"]],
    )


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()
