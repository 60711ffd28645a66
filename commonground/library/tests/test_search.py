"""Search through the one interface; CI runs this on SQLite (FTS5) and PostgreSQL."""

from __future__ import annotations

import pytest

from commonground.library.actions import delete_item, save_item
from commonground.library.models import Item
from commonground.library.search import search_items, terms
from commonground.library.tests.conftest import make_item


def titles(qs):
    return [i.title for i in qs]


@pytest.mark.django_db
def test_it_finds_words_in_the_body(briefing, guide):
    assert titles(search_items(Item.objects.all(), "outsourcing")) == ["Keep care public"]


@pytest.mark.django_db
def test_it_matches_prefixes_and_stems(briefing, guide):
    assert titles(search_items(Item.objects.all(), "privatis")) == ["Keep care public"]
    assert "Keep care public" in titles(search_items(Item.objects.all(), "bidders"))


@pytest.mark.django_db
def test_it_requires_every_word(briefing, guide):
    assert titles(search_items(Item.objects.all(), "travel charter")) == [
        "Bargaining for the Ethical Care Charter"
    ]
    assert titles(search_items(Item.objects.all(), "travel")) != []


@pytest.mark.django_db
def test_it_finds_items_by_tag_name(briefing, guide):
    assert titles(search_items(Item.objects.all(), "privatisation")) == ["Keep care public"]


@pytest.mark.django_db
def test_a_title_match_ranks_above_a_body_match(regional_organiser, briefing):
    make_item(regional_organiser, "Travel time", body="Nothing else here.")
    found = titles(search_items(Item.objects.all(), "travel"))
    assert found[0] == "Travel time" and "Keep care public" in found


@pytest.mark.django_db
def test_the_index_follows_changes_and_deletions(regional_organiser, briefing):
    briefing.body = "Now about insourcing."
    save_item(regional_organiser, briefing, tags=[])
    assert titles(search_items(Item.objects.all(), "insourcing")) == ["Keep care public"]
    assert titles(search_items(Item.objects.all(), "outsourcing")) == []
    delete_item(regional_organiser, briefing)
    assert titles(search_items(Item.objects.all(), "insourcing")) == []


@pytest.mark.django_db
def test_it_keeps_the_callers_scope(briefing, guide):
    qs = Item.objects.exclude(pk=briefing.pk)
    assert titles(search_items(qs, "care")) == ["Bargaining for the Ethical Care Charter"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        '"',
        "AND",
        "OR NOT",
        "*",
        "care*",
        "title:care",
        "NEAR(a b)",
        "'; DROP TABLE x; --",
        "ünïcödé",
    ],
)
def test_operator_characters_never_crash(briefing, query):
    list(search_items(Item.objects.all(), query))


def test_terms_are_words_only():
    assert terms('care "AND" -home* (travel)') == ["care", "and", "home", "travel"]
    assert search_items.__doc__


@pytest.mark.django_db
def test_the_index_follows_tag_changes(regional_organiser, briefing):
    from commonground.library.models import Tag

    tag = Tag.objects.create(category="theme", slug="zebra", name="Zebrafish")
    save_item(regional_organiser, briefing, tags=[tag])
    assert titles(search_items(Item.objects.all(), "zebrafish")) == ["Keep care public"]
    save_item(regional_organiser, briefing, tags=[])
    assert titles(search_items(Item.objects.all(), "zebrafish")) == []
