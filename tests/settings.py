"""The tests' configuration: production's (``commonground.settings``, DEBUG off), and only these
overrides, each with the reason a test needs it and the test that covers production's value.

Everything else runs as deployed: two-factor log-in required for admins and organisers (the
persona fixtures pass it as a person would; see ``commonground/testing.py``), the cache on
with its production lifetime (emptied before each test, as every test has its own data), the
security headers, the rate limits, the database task backend's settings apart from the one
below. ``tests/test_hardening.py`` starts a process on ``commonground.settings`` with a
production environment and checks the values overridden here.
"""

from __future__ import annotations

from commonground.settings import *  # noqa: F403

# Production refuses to start on the built-in development key (commonground.E001); a test run
# has a key of its own. test_hardening checks that the refusal holds.
SECRET_KEY = "commonground-tests-only-" + "k" * 40

# PBKDF2 at production cost makes every persona's password take 0.3 s; thousands of tests
# create users. test_hardening checks that production hashes with PBKDF2, never MD5.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# A test sees a queued task's work at once (an import, a link run, a send) instead of waiting
# for a worker process. test_tasks runs the production database backend and its worker.
TASKS_BACKEND = "django_tasks.backends.immediate.ImmediateBackend"
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}

# The test client and the browser tests' live server speak plain HTTP: production's redirect
# to HTTPS would answer every request with a 301. test_hardening checks that production
# redirects, and sends HSTS and Secure cookies.
SECURE_SSL_REDIRECT = False

# Production serves the hashed, compressed copies `collectstatic` builds at deployment; tests
# serve the app folders' files. test_static builds production's manifest with collectstatic
# and renders pages against it.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
