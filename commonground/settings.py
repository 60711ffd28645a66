"""Commonground settings: one module, driven by environment variables (see docs/deployment.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from commonground.lib.clientip import parse_networks
from commonground.lib.env import env_bool, env_int, env_list, env_secret, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("COMMONGROUND_VAR_DIR", str(BASE_DIR / "var")))

DEFAULT_SECRET_KEY = "commonground-insecure-development-key"
SECRET_KEY = env_secret("SECRET_KEY", DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", False)
# With DEBUG on, keep Django's technical "Page not found" page (off: the product's own page).
COMMONGROUND_DEBUG_404 = env_bool("COMMONGROUND_DEBUG_404", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])
SITE_NAME = env_str("SITE_NAME", "Commonground")
# The public URL, e.g. https://organise.example.org; unset, pages use the host asked for
# (lib/siteurl.py).
SITE_ROOT = env_str("SITE_ROOT", "")

# Third-party public data (CQC register, boundaries, postcodes) is read from here, never
# committed to the repository.
COMMONGROUND_DATA_DIR = Path(
    env_str("COMMONGROUND_DATA_DIR", str(BASE_DIR.parent / "shared" / "data"))
).resolve()

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_htmx",
    "ninja",
    "django_tasks",
    "django_tasks_db",
    "anymail",
    "commonground.accounts",
    "commonground.audit",
    "commonground.jobs",
    "commonground.register",
    "commonground.dashboard",
    "commonground.imports",
    "commonground.people",
    "commonground.linkage",
    "commonground.density",
    "commonground.charters",
    "commonground.campaigns",
    "commonground.alliances",
    "commonground.library",
    "commonground.facility",
    "commonground.motions",
    "commonground.reports",
    "commonground.outreach",
    "commonground.api",
    "commonground.publicpages",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # An oversized body is refused from its Content-Length, before any of it is read.
    "commonground.lib.requestsize.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "commonground.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "commonground.dashboard.middleware.FriendlyNotFoundMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Axes goes last so that it sees the outcome of authentication in the views above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "commonground.urls"
WSGI_APPLICATION = "commonground.wsgi.application"
# Every form's selects: a lone required choice chosen already, "---------" in words (lib/forms.py).
FORM_RENDERER = "commonground.lib.forms.FormRenderer"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "commonground" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "commonground.dashboard.context_processors.scope",
            ],
        },
    }
]

# --- Database ---------------------------------------------------------------------------
_SQLITE_OPTIONS: dict[str, Any] = {
    # IMMEDIATE transactions take the write lock up front, so concurrent writers queue on the
    # busy timeout instead of failing with "database is locked" when they upgrade a read lock.
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": (
        "PRAGMA journal_mode=WAL;"
        "PRAGMA synchronous=NORMAL;"
        "PRAGMA foreign_keys=ON;"
        "PRAGMA busy_timeout=20000;"
    ),
}
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    _db = dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60))
    if _db["ENGINE"] == "django.db.backends.sqlite3":
        _db["OPTIONS"] = {**_SQLITE_OPTIONS, **_db.get("OPTIONS", {})}
    DATABASES: dict[str, Any] = {"default": _db}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "commonground.sqlite3",
            "OPTIONS": _SQLITE_OPTIONS,
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "dashboard:root"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Not a rule: its password_changed hook revokes the user's API tokens (issue 14).
    {"NAME": "commonground.api.actions.RevokeTokensOnPasswordChange"},
]

# The audit trail's chain (commonground.audit.chain): HMAC key kept outside the database (empty:
# derived from SECRET_KEY, and `check --deploy` warns), and the file signed checkpoints of the
# table are appended to (keep it on other storage, or ship its lines off the machine).
COMMONGROUND_AUDIT_KEY = env_secret("COMMONGROUND_AUDIT_KEY", "")
COMMONGROUND_AUDIT_CHECKPOINT_FILE = env_str(
    "COMMONGROUND_AUDIT_CHECKPOINT_FILE", str(VAR_DIR / "audit-checkpoints.jsonl")
)

# Two-factor authentication (TOTP) for admins and organisers. Switchable per deployment.
COMMONGROUND_REQUIRE_2FA = env_bool("COMMONGROUND_REQUIRE_2FA", not DEBUG)
OTP_TOTP_ISSUER = SITE_NAME

# Reverse proxies whose X-Forwarded-For is believed (addresses or networks, comma-separated);
# the client's address is the first untrusted one from the right (commonground.lib.clientip).
# Empty: the header is ignored and REMOTE_ADDR is the client. See docs/deployment.md.
COMMONGROUND_TRUSTED_PROXIES = env_list("COMMONGROUND_TRUSTED_PROXIES", [])
parse_networks(COMMONGROUND_TRUSTED_PROXIES)  # a bad entry stops start-up

# Lockout after repeated failures (django-axes): per username + client address, with the
# address from lib.clientip. Failures per address alone (many usernames from one address)
# are limited too: the "login.ip" rate below.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = env_int("AXES_COOLOFF_MINUTES", 15) / 60  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "commonground.lib.clientip.client_ip"

# Rate limits (commonground.accounts.ratelimit): "<scope>.ip" per client address, "<scope>.key"
# per token/email/page; "<count>/<period>" (s, m, h, d; "30/15m") or "off". Override any with
# COMMONGROUND_RATE_LIMITS="api.key=600/m,public.ip=off".
COMMONGROUND_RATE_LIMITS: dict[str, str] = {
    # The REST API: per token, and per address (before the token is checked).
    "api.ip": "600/m",
    "api.key": "300/m",
    # Public pages and their GeoJSON (no log-in): per address.
    "public.ip": "120/m",
    # Public form submissions (join, petition, survey): per address (generous: a stall's
    # visitors may share one address) and per page.
    "public-form.ip": "60/h",
    "public-form.key": "600/m",
    # Failed log-ins per address, whatever the username (axes locks username + address).
    "login.ip": f"{env_int('AXES_IP_FAILURE_LIMIT', 30)}/{env_int('AXES_COOLOFF_MINUTES', 15)}m",
    # Password-reset emails: per address and per email address asked for.
    "password-reset.ip": "10/h",
    "password-reset.key": "3/h",
}
for _pair in env_list("COMMONGROUND_RATE_LIMITS", []):
    _name, _sep, _rate = _pair.partition("=")
    COMMONGROUND_RATE_LIMITS[_name.strip()] = _rate.strip()

SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 8)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True

# --- Security headers (production values switch on with DEBUG off) -----------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Leaflet positions map panes with inline style attributes.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# Public pages (docs/public-pages.md): the embed views alone may be framed, by these origins
# ("*": any site; e.g. "https://www.example.org" to narrow it). A form sent back sooner than
# this many seconds after it was served is asked again (scripts fill forms instantly).
COMMONGROUND_EMBED_ANCESTORS = env_list("COMMONGROUND_EMBED_ANCESTORS", ["*"])
COMMONGROUND_PUBLIC_MIN_FILL_SECONDS = env_int("COMMONGROUND_PUBLIC_MIN_FILL_SECONDS", 3)

# Upload limits: imports stream from disk; forms never hold more than this in memory.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
COMMONGROUND_MAX_UPLOAD_BYTES = env_int("COMMONGROUND_MAX_UPLOAD_MB", 200) * 1024 * 1024

# Aggregates shown to anyone who may not see the people (viewers, public pages, reports)
# show counts from 1 to this - 1 as "<5" (commonground.lib.disclosure).
COMMONGROUND_SUPPRESS_BELOW = env_int("COMMONGROUND_SUPPRESS_BELOW", 5)

# --- The CQC API (`commonground sync-register`; docs/deployment.md) ----------------------
# The subscription key is a secret: read from CQC_API_KEY or CQC_API_KEY_FILE, sent only in
# the Ocp-Apim-Subscription-Key header, never logged or stored.
CQC_API_KEY = env_secret("CQC_API_KEY", "")
CQC_API_BASE = env_str("CQC_API_BASE", "https://api.service.cqc.org.uk/public/v1")
# Retries on 429 and 5xx: attempts per request, and the first back-off in seconds (doubling).
CQC_API_ATTEMPTS = env_int("CQC_API_ATTEMPTS", 6)
CQC_API_BACKOFF = float(env_str("CQC_API_BACKOFF", "2") or "2")

# --- Retention (docs/data-protection.md; applied by `commonground purge`, e.g. nightly) ----
COMMONGROUND_RETENTION = {
    # Non-member contacts (and long-lapsed members) with no conversation, assessment or update
    # for this long are erased (anonymised).
    "CONTACT_INACTIVE_MONTHS": env_int("COMMONGROUND_RETAIN_CONTACT_MONTHS", 24),
    # A lapsed member counts as a contact for the rule above once lapsed this long.
    "LAPSED_MEMBER_YEARS": env_int("COMMONGROUND_RETAIN_LAPSED_YEARS", 2),
    # Free-text notes of one-to-ones and assessments older than this are cleared.
    "NOTES_MONTHS": env_int("COMMONGROUND_RETAIN_NOTES_MONTHS", 36),
    # Uploaded extracts and their rejected-row files are deleted after this many days.
    "IMPORT_FILE_DAYS": env_int("COMMONGROUND_RETAIN_IMPORT_FILE_DAYS", 90),
    # The subject and body of each email and text sent are cleared after this many months
    # (who was sent what template when, and its delivery status, stay).
    "MESSAGE_BODY_MONTHS": env_int("COMMONGROUND_RETAIN_MESSAGE_MONTHS", 12),
}

# --- Cache (lib.datacache: density aggregates, the register's rows, the navigation) -------
# Figures computed from large tables live COMMONGROUND_CACHE_SECONDS (0: off).
# The cache is per process by default; COMMONGROUND_CACHE=database shares one between app
# servers and workers (run `commonground createcachetable` once), so that an import makes
# every server's figures fresh at once.
COMMONGROUND_CACHE_SECONDS = env_int("COMMONGROUND_CACHE_SECONDS", 300)
CACHES: dict[str, Any] = {
    "default": (
        {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "commonground_cache"}
        if env_str("COMMONGROUND_CACHE", "memory") == "database"
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    )
}

# --- Background tasks (django-tasks backport; moves to django.tasks on Django 6) ----------
TASKS_BACKEND = env_str("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")
TASKS = {"default": {"BACKEND": TASKS_BACKEND, "QUEUES": ["default"]}}

# --- Email ------------------------------------------------------------------------------
EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "commonground@localhost")
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_secret("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)

EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
# django-anymail: provider settings from ANYMAIL_<NAME> variables, e.g. ANYMAIL_MAILGUN_API_KEY,
# ANYMAIL_MAILGUN_WEBHOOK_SIGNING_KEY, ANYMAIL_WEBHOOK_SECRET (user:password for the tracking
# webhooks); EMAIL_BACKEND=anymail.backends.mailgun.EmailBackend (docs/outreach.md).
ANYMAIL: dict[str, Any] = {
    name.removeprefix("ANYMAIL_"): env_secret(name, "")
    for name in sorted({n.removesuffix("_FILE") for n in os.environ if n.startswith("ANYMAIL_")})
}

# --- Outreach (docs/outreach.md) --------------------------------------------------------
# Texts: "commonground.outreach.sms.ConsoleBackend" (demo), ".FileBackend" (tests, bench),
# ".TwilioBackend" (a real provider); empty: no SMS channel (text banks use the caller's phone).
OUTREACH_SMS_BACKEND = env_str(
    "OUTREACH_SMS_BACKEND", "commonground.outreach.sms.ConsoleBackend" if DEBUG else ""
)
OUTREACH_SMS_FILE_PATH = env_str("OUTREACH_SMS_FILE_PATH", str(VAR_DIR / "sms"))
OUTREACH_SMS_FROM = env_str("OUTREACH_SMS_FROM", "")
OUTREACH_TWILIO_ACCOUNT_SID = env_str("OUTREACH_TWILIO_ACCOUNT_SID", "")
OUTREACH_TWILIO_AUTH_TOKEN = env_secret("OUTREACH_TWILIO_AUTH_TOKEN", "")
OUTREACH_TWILIO_API_BASE = env_str("OUTREACH_TWILIO_API_BASE", "https://api.twilio.com")
# The email provider whose delivery reports arrive at /outreach/webhooks/email/ (mailgun,
# postmark, sendgrid, brevo, mailjet, mailersend, sparkpost, resend); empty: none (SMTP).
OUTREACH_EMAIL_PROVIDER = env_str("OUTREACH_EMAIL_PROVIDER", "")
OUTREACH_FROM_EMAIL = env_str("OUTREACH_FROM_EMAIL", DEFAULT_FROM_EMAIL)
# A send to more recipients than this needs a second sender's approval.
OUTREACH_APPROVAL_THRESHOLD = env_int("OUTREACH_APPROVAL_THRESHOLD", 500)
# Rate limits (messages per minute) and batch size of background sending.
OUTREACH_EMAIL_PER_MINUTE = env_int("OUTREACH_EMAIL_PER_MINUTE", 600)
OUTREACH_SMS_PER_MINUTE = env_int("OUTREACH_SMS_PER_MINUTE", 60)
OUTREACH_BATCH_SIZE = env_int("OUTREACH_BATCH_SIZE", 500)

# --- Static and media -------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# Leaflet's own files are vendored in commonground/static/leaflet/ (version and licence there).
STATICFILES_DIRS: list[Any] = [BASE_DIR / "commonground" / "static"]
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

LANGUAGE_CODE = "en-gb"
# The languages of the public pages and of what is sent to people: English plus the languages
# many of the region's care workers read first. Names are endonyms (each in its own language,
# as a language switcher shows them), so they are deliberately not translated. The organiser
# interface stays English; see docs/i18n.md.
LANGUAGES = [
    ("en-gb", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("ml", "മലയാളം"),
    ("hi", "हिन्दी"),
    ("tl", "Tagalog"),
    ("ur", "اردو"),
    ("ar", "العربية"),
]
# Compiled catalogues (.mo) are built from the .po files here by `commonground
# compilemessages-py` (Babel, no GNU gettext needed): `make demo` and `make test` run it.
LOCALE_PATHS = [BASE_DIR / "commonground" / "locale"]
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Maps draw council boundaries and care locations with no background tiles by default: they
# work offline and send nothing to a third party. An operator may add a tile layer under them
# with a Leaflet URL template (docs/deployment.md), e.g. their own tile server; the tile host is
# then allowed in the Content Security Policy's img-src.
COMMONGROUND_TILE_URL = env_str("COMMONGROUND_TILE_URL", "")
COMMONGROUND_TILE_ATTRIBUTION = env_str("COMMONGROUND_TILE_ATTRIBUTION", "")
if COMMONGROUND_TILE_URL:
    _tiles = urlsplit(COMMONGROUND_TILE_URL.replace("{s}.", "*."))
    if _tiles.scheme not in ("http", "https") or not _tiles.netloc:
        raise ImproperlyConfigured(
            "COMMONGROUND_TILE_URL must be an http(s) URL template such as "
            "https://tiles.example.org/{z}/{x}/{y}.png"
        )
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(f"{_tiles.scheme}://{_tiles.netloc}")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Serve static files straight from the app folders in development; production runs
# ``collectstatic`` and serves the compressed, hashed copies from STATIC_ROOT.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

# HSTS preload is a commitment an operator makes for their domain (SECURE_HSTS_PRELOAD=1);
# see docs/decisions.md.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
