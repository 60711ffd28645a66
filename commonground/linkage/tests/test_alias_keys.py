"""One key for an alias (``LinkAlias.key_for``), however long the text.

Aliases were saved under the normalised text cut to 200 characters, but the linkage run
looked them up uncut: a confirmed workplace text longer than that never linked anyone again.
"""

from __future__ import annotations

from typing import Any

import pytest

from commonground.accounts.models import User
from commonground.linkage.actions import accept_review_item
from commonground.linkage.models import LinkAlias, ReviewItem
from commonground.linkage.services import link_people

from .conftest import make_person

pytestmark = pytest.mark.django_db

# 200 characters, as long as a workplace text may be; its abbreviations spelt out ("St" ->
# "saint", "Ct" -> "court", "Pk" -> "park") make a key of over 300.
LONG = ("Willows " + "St Mary Ct Pk " * 14).strip()[:200]


def test_a_long_confirmed_text_links_the_next_person_with_it(
    small_register: Any, branch_a: Any, branch_organiser_a: User
) -> None:
    assert len(LONG) <= 200 and len(LinkAlias.key_for(LONG)) == LinkAlias.KEY_LENGTH  # cut
    first = make_person(branch_a, LONG, postcode="BL9 9ZZ")
    item = ReviewItem.objects.create(
        person=first, branch=branch_a, workplace_text=LONG, postcode="BL9 9ZZ"
    )
    accept_review_item(branch_organiser_a, item, location=small_register["willows_a"])
    assert LinkAlias.objects.get().key == LinkAlias.key_for(LONG)

    second = make_person(branch_a, LONG, postcode="BL9 2XY")
    counts = link_people()
    second.refresh_from_db()
    assert counts["by_alias"] == 1
    assert second.location == small_register["willows_a"]
