"""Every page that shows a person writes an audit row (issue 14, finding 5).

Each GET of the URL × persona matrix that a persona may open is checked: if the page shows
the name of one of the world's synthetic people, the request must have written at least one
audit row with that persona as the actor. (The person edit page, which shows every field,
and the import mapping preview, which shows the file's first rows, did not.)
"""

from __future__ import annotations

from typing import Any

import pytest

from commonground.audit.models import Entry
from tests import test_url_matrix
from tests.test_url_matrix import EVERYONE, MATRIX, body, client_for, spec_for, url_for

pytestmark = pytest.mark.django_db

world = test_url_matrix.world

PERSONAS = ("admin", "regional_organiser", "branch_organiser_a", "rep_at_workplace_x")


def _cases() -> list[Any]:
    cases = []
    for name in sorted(MATRIX):
        for variant, row in MATRIX[name].get.items():
            for persona in PERSONAS:
                if row[persona] == 200 and not name.startswith(("admin:", "api-v1:")):
                    cases.append(
                        pytest.param(name, variant, persona, id=f"{name}[{variant}]-{persona}")
                    )
    return cases


@pytest.mark.parametrize(("name", "variant", "persona"), _cases())
def test_a_page_showing_a_person_is_audited(
    world: Any, name: str, variant: str, persona: str
) -> None:
    spec = spec_for(name)
    assert spec is not None
    url = url_for(world, name, spec, variant)
    user = world["users"][persona]
    before = Entry.objects.order_by("-id").values_list("id", flat=True).first() or 0
    response = client_for(world, persona).get(url)
    shown = [n for n in EVERYONE if n in body(response)]
    if not shown:
        return
    written = Entry.objects.filter(id__gt=before, actor=user)
    assert written.exists(), f"GET {url} as {persona} shows {shown} and writes no audit row"


def test_the_control_pages_that_show_people_are_found(world: Any) -> None:
    """The check above is not vacuous: these pages show people, and are audited."""
    client = client_for(world, "admin")
    for url in ("/people/", f"/people/{world['person', 'a'].pk}/"):
        before = Entry.objects.count()
        text = body(client.get(url))
        assert any(n in text for n in EVERYONE)
        assert Entry.objects.count() > before
