"""Odd query strings on every page: a clean page or a 400, never a 500 (issue 14, finding 9).

Every GET-able URL of the URL × persona matrix (``tests/test_url_matrix.py``, so a new page is
fuzzed as soon as it has a row there) is requested with hostile values in every query
parameter the application reads:

- the names every page reads, found in the code (``request.GET.get("x")``, ``request.GET["x"]``,
  ``"x" in request.GET``) and in every query form (``commonground.lib.query.QueryForm``);
- the names in the page's own ``<form method="get">`` fields and links to itself.

Values: integers beyond 64 bits (SQLite and PostgreSQL both overflow), negative and
fractional numbers, words where numbers go, NUL (PostgreSQL refuses it in a query), broken
UTF-8, impossible dates, very long strings and repeated parameters.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.test import Client

from commonground.lib.query import QueryForm
from tests import test_url_matrix
from tests.test_url_matrix import MATRIX, body, client_for, spec_for, url_for

# The matrix's module-scoped world (its records and one session per persona), reused here.
world = test_url_matrix.world

pytestmark = pytest.mark.django_db

CODE = Path(__file__).resolve().parent.parent / "commonground"

# Every page gets ``EVERY_PAGE`` in all parameters at once. Pages with a query form (list
# pages, searches) get the rest too, and ``EACH_ALONE`` in each of their own parameters on its
# own (one refusal, e.g. a 404 for an unknown charter, must not hide another's crash).
EVERY_PAGE = ["99999999999999999999999", "abc", "\x00"]
HOSTILE = [
    "9223372036854775808",  # 2**63
    "-9223372036854775809",
    "-1",
    "0",
    "1.5",
    "1e400",
    "%ff",  # sent raw: broken UTF-8
    "2025-02-30",
    "<script>alert(1)</script>'\"",
    "x" * 3000,
]
EACH_ALONE = ["99999999999999999999999", "\x00"]


def _names_in_code() -> set[str]:
    """Query parameter names read anywhere in the application's code."""
    names: set[str] = set()
    for path in CODE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            # request.GET.get("x") / request.GET.getlist("x")
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in ("get", "getlist")
                and isinstance(node.func.value, ast.Attribute)
                and node.func.value.attr == "GET"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(str(node.args[0].value))
            # request.GET["x"]
            if (
                isinstance(node, ast.Subscript)
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "GET"
                and isinstance(node.slice, ast.Constant)
            ):
                names.add(str(node.slice.value))
            # "x" in request.GET
            if (
                isinstance(node, ast.Compare)
                and isinstance(node.left, ast.Constant)
                and any(isinstance(c, ast.Attribute) and c.attr == "GET" for c in node.comparators)
            ):
                names.add(str(node.left.value))
    return names


def _query_form_fields() -> set[str]:
    found: set[str] = set()
    todo = [QueryForm]
    while todo:
        cls = todo.pop()
        todo.extend(cls.__subclasses__())
        found.update(cls.base_fields)
    return found


class _GetFields(HTMLParser):
    """Names of the fields of GET forms, and of the query parameters of links to ``path``."""

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = path
        self.names: set[str] = set()
        self.in_get_form = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.in_get_form = (a.get("method") or "get").lower() == "get"
        elif tag in ("input", "select", "textarea") and self.in_get_form and a.get("name"):
            self.names.add(str(a["name"]))
        elif tag == "a" and a.get("href") and "?" in str(a["href"]):
            split = urlsplit(str(a["href"]))
            if split.path in ("", self.path):
                self.names.update(k for k, _v in parse_qsl(split.query, keep_blank_values=True))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.in_get_form = False


def _page_names(html: str, path: str) -> set[str]:
    parser = _GetFields(path)
    parser.feed(html)
    return parser.names - {"csrfmiddlewaretoken"}


def _encode(value: str) -> str:
    return value if value == "%ff" else quote(value, safe="")


def _get_cases() -> list[Any]:
    cases = []
    for name in sorted(MATRIX):
        spec = MATRIX[name]
        # Pages the admin may open; the fuzz is about parsing, not about who may see what.
        for variant in spec.variants[:1]:
            if spec.get[variant]["admin"] == 200 and not name.startswith("admin:"):
                cases.append(pytest.param(name, variant, id=name))
    return cases


NAMES_IN_CODE = sorted(_names_in_code() | _query_form_fields() | {"page", "sort", "q", "format"})


def _assert_not_500(client: Client, url: str) -> None:
    response = client.get(url)
    body(response)  # a streamed export fails while it is read
    assert response.status_code < 500, f"GET {url[:300]}: {response.status_code}"


@pytest.mark.parametrize(("name", "variant"), _get_cases())
def test_hostile_query_strings_never_give_a_500(world: Any, name: str, variant: str) -> None:
    spec = spec_for(name)
    assert spec is not None
    client = client_for(world, "admin")
    base = url_for(world, name, spec, variant)
    path = urlsplit(base).path
    joiner = "&" if "?" in base else "?"
    first = client.get(base)
    page = body(first) if first.status_code == 200 else ""
    own = _page_names(page, path)
    names = sorted(set(NAMES_IN_CODE) | own)
    for value in EVERY_PAGE + (HOSTILE if own else []):
        query = "&".join(f"{quote(n)}={_encode(value)}" for n in names)
        _assert_not_500(client, f"{base}{joiner}{query}")
    # Repeated parameters (a list where one value is expected).
    query = "&".join(f"{quote(n)}=1&{quote(n)}=99999999999999999999999" for n in names)
    _assert_not_500(client, f"{base}{joiner}{query}")
    for n in sorted(own):
        for value in EACH_ALONE:
            _assert_not_500(client, f"{base}{joiner}{quote(n)}={_encode(value)}")


def test_the_fuzz_reaches_the_parameters_of_the_list_pages(world: Any) -> None:
    """The control: the parameters named in issue 14 are among those the fuzz sends."""
    for parameter in ("provider", "branch", "workplace", "partner", "profile", "council"):
        assert parameter in NAMES_IN_CODE, parameter
    assert re.search(r"page", " ".join(NAMES_IN_CODE))
    client = client_for(world, "admin")
    html = body(client.get("/register/"))
    assert {"q", "council"} <= _page_names(html, "/register/")
