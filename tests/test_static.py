"""Static files as production serves them: collectstatic's hashed, compressed manifest.

The tests serve the app folders' files (tests/settings.py says why); this module builds the
manifest the way a deployment does and renders pages against it, so that a template naming a
static file that does not exist fails here rather than with a 500 in production.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

MANIFEST_STORAGE = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.fixture(scope="module")
def collected(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("static")
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=root, STORAGES=storages, WHITENOISE_USE_FINDERS=False):
        call_command("collectstatic", "--noinput", verbosity=0)
        yield root


def test_collectstatic_builds_a_manifest_of_hashed_files(collected: Path) -> None:
    manifest = collected / "staticfiles.json"
    assert manifest.exists()
    assert list(collected.rglob("*.css.gz")), "whitenoise compresses the stylesheets"


@pytest.mark.django_db
def test_pages_render_against_the_manifest(collected: Path, client, personas) -> None:
    client.force_login(personas["regional_organiser"])
    storages = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": MANIFEST_STORAGE},
    }
    with override_settings(STATIC_ROOT=collected, STORAGES=storages):
        for url in (
            reverse("dashboard:home"),
            reverse("density:overview"),
            reverse("register:location-list"),
        ):
            response = client.get(url)
            assert response.status_code == 200, url
            referenced = re.findall(r'/static/([^"\'?#\s]+)', response.content.decode())
            assert referenced, url
            for name in referenced:
                # The hashed copy collectstatic wrote (name.<12 hex>.ext), not the source name.
                assert re.search(r"\.[0-9a-f]{12}\.\w+$", name), (url, name)
                assert (collected / name).is_file(), (url, name)
