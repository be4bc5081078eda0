"""Django settings, all taken from the environment.

| variable               | default                      | meaning                                        |
|------------------------|------------------------------|------------------------------------------------|
| PODIUM_HOME            | ./var                        | data directory: SQLite file, secret key, media |
| PODIUM_DATABASE_URL    | sqlite:///$PODIUM_HOME/podium.sqlite3 | any dj-database-url URL (postgres://…) |
| PODIUM_DEBUG           | false                        | Django debug mode                              |
| PODIUM_ALLOWED_HOSTS   | 127.0.0.1,localhost          | comma-separated host names                     |
| PODIUM_SECURE_COOKIES  | = not DEBUG and not loopback | send cookies only over HTTPS                   |
| PODIUM_EMAIL_URL       | console                      | smtp://user:pass@host:port, smtp+tls://…, console |
| PODIUM_EMAIL_FROM      | podium@localhost             | sender address                                 |
| PODIUM_PUBLIC_URL      | http://127.0.0.1:8000        | Podium's address in notification mails and webhook events |
| PODIUM_TRUSTED_PROXY_HEADER | (none: REMOTE_ADDR)     | header a reverse proxy writes the client address into, e.g. X-Forwarded-For |
| PODIUM_TRUSTED_PROXY_HOPS | 1                          | how many proxies in front of Podium append to that header |
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

from podium.site.environment import (
    env_flag,
    env_int,
    env_list,
    load_or_create_secret_key,
    mail_settings,
    podium_home,
    trusted_proxy_header,
)

HOME: Path = podium_home()
DEBUG = env_flag("PODIUM_DEBUG", default=False)
SECRET_KEY = load_or_create_secret_key(HOME)
ALLOWED_HOSTS = env_list("PODIUM_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("PODIUM_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "ninja",
    "django_htmx",
    "django_tables2",
    "django_filters",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "podium.platform",
    "podium.apps.ecosystem",
    "podium.apps.accounts",
    "podium.apps.operations",
    "podium.apps.governance",
    "podium.apps.changes",
    "podium.apps.goals",
    "podium.apps.trust",
    "podium.apps.cockpit",
    "podium.site",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "podium.platform.screening.RefuseNulCharactersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "podium.platform.caching.PrivateResponsesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "podium.platform.htmx.HtmxMessagesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "podium.platform.timezones.UserTimeZoneMiddleware",
    "podium.platform.api_answers.ApiAnswersMiddleware",
    "podium.platform.transactions.AtomicWritesMiddleware",
]

ROOT_URLCONF = "podium.site.urls"
# Controls in the console's classes; selects say "Choose one" / "None" and list filters "any".
FORM_RENDERER = "podium.platform.forms.ConsoleFormRenderer"
FILTERS_EMPTY_CHOICE_LABEL = "any"
WSGI_APPLICATION = "podium.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "podium.site.navigation.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("PODIUM_DATABASE_URL", f"sqlite:///{HOME / 'podium.sqlite3'}"),
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process read while the worker writes; the busy timeout waits for a lock
    # instead of failing, and IMMEDIATE transactions take the write lock up front (no upgrades
    # that deadlock). Each server thread keeps its connection (CONN_MAX_AGE, as on PostgreSQL):
    # opening one with its PRAGMAs and closing it, which checkpoints the WAL when it is the
    # last, cost a TMF621 write about 10 ms of its 27 (docs/benchmarks.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
        ),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Failed log-ins allowed per account and per client address within the window
# (podium.platform.throttling).
LOGIN_THROTTLE_ATTEMPTS = 5
LOGIN_THROTTLE_ADDRESS_ATTEMPTS = 20
LOGIN_THROTTLE_WINDOW_SECONDS = 15 * 60
# The client address is REMOTE_ADDR unless a trusted reverse proxy writes it into a header; then
# it is the entry the outermost of TRUSTED_PROXY_HOPS proxies appended (never one the client wrote).
TRUSTED_PROXY_HEADER: str | None = trusted_proxy_header()
TRUSTED_PROXY_HOPS = env_int("PODIUM_TRUSTED_PROXY_HOPS", default=1, minimum=1, maximum=10)

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["podium.site.formats"]

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = HOME / "media"

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "podium_cache",
    }
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# Each request Podium makes to a party's system (hub deliveries, e-bonding calls and polls)
# gives up after this many seconds without an answer (podium.apps.operations.services.hub).
EXCHANGE_TIMEOUT_SECONDS = 10.0
# Where people reach Podium: the links in notification mails and webhook events.
PODIUM_PUBLIC_URL = os.environ.get("PODIUM_PUBLIC_URL", "http://127.0.0.1:8000")

# The native API (podium.platform.api): bounded paging by default; request bodies up to Django's
# 2.5 MB, above which the API answers 413 with a JSON body.
NINJA_PAGINATION_CLASS = "podium.platform.api.BoundedPagination"
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Behind TLS (PODIUM_HTTPS=true): redirect to https, trust the proxy's header, send HSTS.
HTTPS = env_flag("PODIUM_HTTPS", default=False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Security: cookies over HTTPS unless this is a loopback demo, CSRF on, a strict CSP.
_loopback_only = all(h in {"127.0.0.1", "localhost", "[::1]", "testserver"} for h in ALLOWED_HOSTS)
SECURE_COOKIES = env_flag(
    "PODIUM_SECURE_COOKIES", default=HTTPS or (not DEBUG and not _loopback_only)
)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

globals().update(mail_settings())

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": os.environ.get("PODIUM_LOG_LEVEL", "WARNING")},
}
