from __future__ import annotations

from pathlib import Path

from django.conf import settings

from commonground.accounts.roles_doc import render


def test_docs_roles_md_is_generated_from_the_permission_table():
    path = Path(settings.BASE_DIR) / "docs" / "roles.md"
    assert path.read_text(encoding="utf-8") == render(), (
        "docs/roles.md is out of date: run `commonground roles-doc > docs/roles.md`"
    )


def test_viewers_never_see_people_in_the_matrix():
    text = render()
    people = text.split("## People")[1].split("##")[0]
    viewer_row = next(line for line in people.splitlines() if line.startswith("| Partner liaison"))
    assert "✔" not in viewer_row
