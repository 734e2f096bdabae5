"""One settings module for every environment, read from environment variables.

Local defaults are safe for a laptop (DEBUG on, SQLite next to the code). A school's
server sets at least SECRET_KEY, ALLOWED_HOSTS and DEBUG=false; see README "Running it
for real".
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from csp.constants import NONE, SELF

from masterymap.lib.env import env_bool, env_int, env_list, env_str

# Lets admin classes and forms be subscripted (ModelAdmin[User]) for mypy at run time.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", True)
_DEV_SECRET = "dev-only-insecure-secret-key-do-not-use-in-production"
SECRET_KEY = env_str("SECRET_KEY", _DEV_SECRET if DEBUG else "")
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is false (see README).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "masterymap.accounts",
    "masterymap.standards",
    "masterymap.assessments",
    "masterymap.evidence",
    "masterymap.mastery",
    "masterymap.interventions",
    "masterymap.goals",
    "masterymap.benchmarks",
    "masterymap.workflows",
    "masterymap.exchange",
    "masterymap.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Inside WhiteNoise (which serves static files already compressed), outside everything
    # that writes a page: text responses leave gzipped (masterymap/lib/compression.py).
    "masterymap.lib.compression.TextGZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # Before CsrfViewMiddleware, the first to read a POST body: an oversized body gets a
    # 413 page unread (MAX_REQUEST_BYTES; masterymap/lib/request_limits.py).
    "masterymap.lib.request_limits.RequestSizeLimitMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Classroom devices are shared: an idle session ends, and no signed-in page is cached.
    "masterymap.accounts.middleware.SessionIdleMiddleware",
    "masterymap.accounts.middleware.NoStoreMiddleware",
    # Before login the browser's preference (or the language cookie) decides; after login,
    # the account's language, else the school's default (accounts.middleware).
    "django.middleware.locale.LocaleMiddleware",
    "masterymap.accounts.middleware.AccountLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Last: turns a locked-out login into the login page saying when to try again.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "masterymap.urls"
WSGI_APPLICATION = "masterymap.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # `{% url %}` as Django's, each URL's shape worked out once (lib/urls.py): a page
            # links by the dozen.
            "builtins": ["masterymap.lib.templatetags.links"],
        },
    },
]

# SQLite by default; DATABASE_URL=postgres://user:pass@host/db switches to PostgreSQL.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    # Parameters bound by the server, so psycopg prepares a statement the fifth time a
    # connection runs it (Django turns that off unless told) and PostgreSQL stops planning
    # it anew: on the district bench, a tracker plans 2.2 ms of its 13 statements. Behind a
    # pooler in transaction mode that cannot keep prepared statements (PgBouncer before
    # 1.21), set POSTGRES_PREPARED=0.
    if env_bool("POSTGRES_PREPARED", True):
        DATABASES["default"].setdefault("OPTIONS", {}).update(
            {"server_side_binding": True, "prepare_threshold": 5}
        )
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": env_str("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            # Each worker keeps its connection: opening one and running the PRAGMAs below
            # cost 1.1 ms of CPU, on every request (a student's form is 16 of them). A
            # connection holds no lock between requests (autocommit), so WAL checkpoints
            # and other workers are not held up.
            "CONN_MAX_AGE": env_int("SQLITE_CONN_MAX_AGE", 600),
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": {
                # IMMEDIATE takes the write lock when a transaction starts, so two submits
                # queue behind each other (up to `timeout` seconds) instead of one failing
                # with "database is locked" when it upgrades a read lock mid-transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Password guessing is throttled by django-axes, per account and per address separately:
# after LOGIN_FAILURE_LIMIT wrong passwords that username (from anywhere), and after
# LOGIN_ADDRESS_FAILURE_LIMIT that address (for any username), wait LOGIN_LOCKOUT_MINUTES;
# a failure while locked starts the wait again. A teacher can unlock a student at once.
# Behind a reverse proxy, set TRUSTED_PROXY_COUNT so the address is the client's, not the
# proxy's (docs/deploy.md).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # ModelBackend, the signed-in user read compiled once (accounts/backends.py).
    "masterymap.accounts.backends.AccountBackend",
]
# Django's database sessions, read with one statement written out (accounts/backends.py).
SESSION_ENGINE = "masterymap.accounts.backends"
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
# One address can be a whole school behind one router: it waits only after this many
# failures across accounts (masterymap/accounts/throttle.py). Wrong class codes count too.
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 50)
AXES_HANDLER = "masterymap.accounts.throttle.AccountAndAddressHandler"
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "masterymap.accounts.views.login_locked_out"
AXES_CLIENT_IP_CALLABLE = "masterymap.accounts.views.client_address"
AXES_USERNAME_CALLABLE = "masterymap.accounts.views.login_username"
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    # 12 characters for staff, 8 for students (masterymap/accounts/passwords.py).
    {"NAME": "masterymap.accounts.passwords.RoleMinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# The interface languages. Content (standards, items) is the school's own; bilingual items
# carry their second language themselves.
LANGUAGES = [("en", "English"), ("es", "Español")]
# The project's own catalogue (templates/); each app has its own in <app>/locale/.
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

# Evidence attachments: outside the web root, served only through an access-checked view.
PRIVATE_MEDIA_ROOT = Path(env_str("PRIVATE_MEDIA_ROOT", str(BASE_DIR / "private-media")))
MAX_ATTACHMENT_BYTES = env_int("MAX_ATTACHMENT_BYTES", 50 * 1024 * 1024)
# One request carries at most 5 attachments (lib.uploads.MAX_FILES) and a form: a
# bigger body is refused with a 413 before it is read (lib/request_limits.py).
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 5 * MAX_ATTACHMENT_BYTES + 1024 * 1024)
# Photos with more pixels are refused, read from the header without decoding: a small file
# can unpack into gigabytes. 50 megapixels lets 48-megapixel phone photos through.
MAX_IMAGE_PIXELS = env_int("MAX_IMAGE_PIXELS", 50_000_000)
# Form fields (files excluded) and JSON bodies; more gets the same 413 page.
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 1000
# Above MAX_FILES, so the station says "attach at most 5 files" rather than a bare 400.
DATA_UPLOAD_MAX_NUMBER_FILES = 20
# A file bigger than this goes to a temporary file on disk, not memory, while it uploads.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_HANDLERS = [
    # First: counts the bytes as they arrive and stops past MAX_REQUEST_BYTES.
    "masterymap.lib.request_limits.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            # WhiteNoise's, each file's URL kept once looked up (masterymap/lib/storage.py).
            else "masterymap.lib.storage.KeptURLStaticFilesStorage"
        )
    },
}

# A login lasts at most SESSION_COOKIE_AGE, and ends sooner after SESSION_IDLE_MINUTES
# without a request (accounts.middleware.SessionIdleMiddleware): classroom devices are shared.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 60 * 60 * 12)
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 60)
if SESSION_IDLE_MINUTES < 1:
    raise RuntimeError("SESSION_IDLE_MINUTES must be at least 1 (see docs/deploy.md).")
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# Behind a reverse proxy that terminates HTTPS and sets X-Forwarded-Proto (see docs/deploy.md).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
# A load balancer's plain-http health check gets its answer, not a redirect.
SECURE_REDIRECT_EXEMPT = [r"^healthz/$"]
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0)
# The school's choice: both commit every subdomain of the school's domain to HTTPS too.
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp): scripts, styles and images only from this site's
# own files: no inline script or style, no eval, no third-party origin. htmx's inline
# indicator style is off (templates/base.html, htmx-config).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF],
        "connect-src": [SELF],
        "font-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [NONE],
        "object-src": [NONE],
    }
}
# Permissions-Policy (django-permissions-policy): the app uses none of these devices.
# Reading aloud (speechSynthesis) needs no permission, so nothing here touches it.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # A login card's path carries its key, a credential: never written to a log.
    "filters": {"hide_card_keys": {"()": "masterymap.lib.logs.HideCardKeys"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["hide_card_keys"]}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# Background work (exports, imports) through Django's task API. With the database backend a
# `manage.py db_worker` process runs them (`make run` starts one); TASKS_IMMEDIATE=true runs
# each in the request that asks for it (the tests, and a quick look without a worker).
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if env_bool("TASKS_IMMEDIATE", False)
            else "django_tasks_db.DatabaseBackend"
        )
    }
}
MAX_IMPORT_BYTES = env_int("MAX_IMPORT_BYTES", 50 * 1024 * 1024)
