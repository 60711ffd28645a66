"""Error pages: 403 and 404 in the site's layout (saying nothing about what exists), 500 plain."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_forbidden_page_explains_itself_in_the_layout(client: Any, viewer: Any) -> None:
    client.force_login(viewer)
    response = client.get(reverse("people:person-list"))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Not allowed" in body and "Back to the dashboard" in body
    assert 'class="site-header"' in body  # the navigation stays


def test_a_missing_or_out_of_scope_record_is_a_plain_not_found(
    client: Any, branch_organiser_a: Any
) -> None:
    client.force_login(branch_organiser_a)
    response = client.get(reverse("people:person-detail", args=[999_999]))
    assert response.status_code == 404
    assert "Not found" in response.content.decode()


def test_the_server_error_page_renders_without_a_request() -> None:
    body = render_to_string("500.html")
    assert "Something went wrong" in body and "site.css" in body
