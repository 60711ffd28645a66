"""``lib.query``: the one place query strings are read (issue 14, finding 9)."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from django import forms
from django.http import QueryDict

from commonground.accounts.models import Branch
from commonground.lib.query import (
    MAX_ID,
    BoundedModelChoiceField,
    CodeField,
    IdField,
    QueryForm,
    TextField,
)


class Sample(QueryForm):
    q = TextField()
    partner = IdField()
    code = CodeField()
    kind = forms.ChoiceField(choices=[("", "Any"), ("a", "A")], initial="a")
    branch = BoundedModelChoiceField(queryset=Branch.objects.all())
    day = forms.DateField()


def values(query: str) -> dict[str, object]:
    return Sample(QueryDict(query)).values


@pytest.mark.django_db
@pytest.mark.parametrize(
    "raw",
    ["99999999999999999999999", str(MAX_ID + 1), "-1", "0", "1.5", "abc", "\x00", "1e400", ""],
)
def test_it_ignores_an_id_that_is_not_one(raw: str) -> None:
    form = Sample({"partner": raw, "branch": raw})
    assert form.values["partner"] is None
    assert form.values["branch"] is None


@pytest.mark.django_db
def test_it_keeps_the_valid_values_beside_an_invalid_one(branch_a: Branch) -> None:
    got = values(f"q=+care+&partner=abc&branch={branch_a.pk}&kind=a&day=2025-02-30")
    assert got["q"] == "care"
    assert got["partner"] is None
    assert got["branch"] == branch_a
    assert got["day"] is None
    assert Sample(QueryDict("partner=abc&day=2025-02-30")).ignored == ["day", "partner"]


@pytest.mark.django_db
def test_it_takes_the_initial_value_when_a_parameter_is_absent_or_invalid() -> None:
    assert values("")["kind"] == "a"
    assert values("kind=zzz")["kind"] == "a"
    assert values("kind=")["kind"] == ""  # "Any", chosen on purpose


@pytest.mark.django_db
def test_it_refuses_nul_long_text_and_odd_codes() -> None:
    assert values("q=%00")["q"] == ""
    assert values("q=" + "x" * 201)["q"] == ""
    assert values("code=E06000008")["code"] == "E06000008"
    assert values("code=%27%3B--")["code"] == ""


def test_a_query_form_needs_bounded_model_choices() -> None:
    class Unbounded(QueryForm):
        branch = forms.ModelChoiceField(queryset=Branch.objects.none())

    with pytest.raises(TypeError, match="BoundedModelChoiceField"):
        Unbounded(QueryDict())


CODE = Path(__file__).resolve().parents[2]
# The helpers that read the query string for everyone: pagination's page number (Django's
# paginator copes with any value), export format and the filters recorded with an export.
HELPERS = {"lib/query.py", "lib/pagination.py", "lib/exports.py"}


def _reads_of_get(tree: ast.AST) -> list[int]:
    """Lines where ``request.GET`` is read other than by passing it to a form."""
    passed = {
        id(arg)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        for arg in node.args
        if isinstance(arg, ast.Attribute) and arg.attr == "GET"
    }
    assigned = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Attribute)
    }
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute)
        and node.attr == "GET"
        and id(node) not in passed
        and id(node) not in assigned
    ]


def test_every_query_parameter_is_read_through_a_query_form() -> None:
    offences = []
    for path in sorted(CODE.rglob("*.py")):
        relative = path.relative_to(CODE).as_posix()
        if "/tests/" in f"/{relative}" or relative in HELPERS:
            continue
        lines = _reads_of_get(ast.parse(path.read_text(encoding="utf-8")))
        offences += [f"commonground/{relative}:{line}" for line in lines]
    assert not offences, (
        "Read query parameters through a lib.query.QueryForm (request.GET passed to the "
        f"form), not request.GET directly: {offences}"
    )
