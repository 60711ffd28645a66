"""Single-choice selects through the project's form renderer (``lib/forms.py``), as organisers
see them on real pages: one valid choice comes chosen; a blank choice reads in words."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _select(page: str, name: str) -> list[tuple[str, bool, str]]:
    """(value, selected, label) of each option of the select called ``name``."""
    found = re.search(rf'<select[^>]*name="{name}"[^>]*>(.*?)</select>', page, re.S)
    assert found, f"no select {name!r}"
    return [
        (value, "selected" in attrs, html.unescape(label).strip())
        for value, attrs, label in re.findall(
            r'<option value="([^"]*)"([^>]*)>([^<]*)</option>', found.group(1)
        )
    ]


def test_an_organiser_of_one_branch_finds_it_chosen(client: Any, branch_organiser_a, branch_a):
    client.force_login(branch_organiser_a)
    page = client.get(reverse("people:import-start")).content.decode()
    assert _select(page, "branch") == [(str(branch_a.pk), True, str(branch_a))]


def test_a_regional_organiser_chooses_among_branches(
    client: Any, regional_organiser, branch_a, branch_b
):
    client.force_login(regional_organiser)
    page = client.get(reverse("people:import-start")).content.decode()
    options = _select(page, "branch")
    assert options[0] == ("", True, "Choose…")
    assert {v for v, _s, _l in options[1:]} == {str(branch_a.pk), str(branch_b.pk)}


def test_an_optional_choice_and_a_filter_say_what_their_blank_means(
    client: Any, branch_organiser_a, workplace_x
):
    client.force_login(branch_organiser_a)
    add = client.get(reverse("people:person-add")).content.decode()
    assert _select(add, "employment_type")[0] == ("", True, "None")
    listing = client.get(reverse("pages:submission-list")).content.decode()
    assert _select(listing, "page")[0] == ("", True, "Any")
