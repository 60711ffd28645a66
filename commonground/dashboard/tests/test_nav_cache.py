"""The navigation is cached per role and page when caching is on: never another role's links."""

from __future__ import annotations

from typing import Any

from django.test import Client, override_settings
from django.urls import reverse

from commonground.lib import datacache


@override_settings(COMMONGROUND_CACHE_SECONDS=60)
def test_it_caches_the_navigation_per_role_and_page(admin: Any, regional_organiser: Any) -> None:
    datacache.clear()
    users_link = reverse("accounts:user-list")
    pages = [reverse("dashboard:home"), reverse("register:location-list")]
    for _ in range(2):  # the second round is served from the cache
        as_admin, as_organiser = Client(), Client()
        as_admin.force_login(admin)
        as_organiser.force_login(regional_organiser)
        for url in pages:
            assert users_link in as_admin.get(url).content.decode()
            assert users_link not in as_organiser.get(url).content.decode()
        register = as_organiser.get(pages[1]).content.decode()
        assert f'href="{pages[1]}" aria-current="page"' in register
        home = as_organiser.get(pages[0]).content.decode()
        assert f'href="{pages[1]}" aria-current="page"' not in home
        assert "csrfmiddlewaretoken" in home  # the log-out form is never cached
    datacache.clear()
