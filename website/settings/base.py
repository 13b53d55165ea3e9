"""Settings shared by every environment. dev, test and production adjust a few lines.

All real configuration lives here (style.md G21); values that differ per machine come
from the environment through the strict readers in `env.py`.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE

from .env import env_bool, env_int, env_list, env_str


def _cooloff_hours(minutes: int) -> float | None:
    """Return django-axes' cool-off in hours; 0 minutes means no automatic unlock."""
    return minutes / 60 if minutes > 0 else None


BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env_str("LLAR_VAR_DIR", str(BASE_DIR / "var")))

DEBUG = False
SECRET_KEY = env_str("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    # Llar
    "configuration",
    "directory",
    "casework",
    "agenda",
    "helpdesk",
    "reports",  # the official returns (Memòries)
    "bench",  # load generators and benchmarks (make bench)
    "website.home",
    "website.learning",
    "website.security",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "configuration.apps.LlarUsersAppConfig",  # wagtail.users, scoped (see apps.py)
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Libraries
    "django.contrib.postgres",  # trigram lookups of the search desk (PostgreSQL)
    "auditlog",
    "axes",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_filters",
    "import_export",
    "django_tasks",
    "django_tasks_db",  # the exports' task queue (TASKS["exports"] below)
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

# No LocaleMiddleware on purpose: with it, a professional without a saved admin
# language would get whatever their browser asks for (wagtail-notes §2g). Catalan
# is the default; each professional may choose Spanish or English in their account.
# The sign-in steps (second factor, expired password) come after OTPMiddleware and
# messages; AxesMiddleware goes last, as django-axes asks.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "website.security.csp.LlarCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "website.security.middleware.SignInStepsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "configuration.middleware.UnscopedAdminScreensMiddleware",
    "configuration.middleware.BoundedSearchMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "website.urls"
WSGI_APPLICATION = "website.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

# Without DATABASE_URL, SQLite in the git-ignored var/ folder (make run).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{VAR_DIR / 'llar.sqlite3'}",
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
# SQLite under concurrent writers: write-ahead logging lets readers go on while
# one connection writes; every transaction takes the write lock when it begins
# (BEGIN IMMEDIATE), so a second writer waits up to `timeout` seconds for it
# instead of failing with "database is locked" when a read turns into a write.
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS | DATABASES["default"].get(
        "OPTIONS", {}
    )
# PostgreSQL: no JIT compilation on Llar's connections (the server's default is
# on). Llar's queries are a screen's few rows or one GROUP BY; the planner's cost
# estimate of the home panel's one query (twelve alert kinds over a
# coordinator's 3,300 expedients) passes `jit_above_cost`, and compiling it took
# 430-600 ms of a 0.8-1.2 s panel (EXPLAIN ANALYZE, `make bench`; the panel's
# p50 went from 1,045 to 581 ms interleaved on the same data). The reference
# measurements (../shared/docs/performance.md) ran with jit off too; so did the
# returns' tables (bench_returns: the scope's subqueries put their cost near
# 950,000 for queries of 0.3 s, and compiling took 1.5-1.9 s of each) and the
# exports' chunk queries (2.4 s of 2.7 s). Server-side cursors are planned for
# every row: Llar opens them only for `.iterator()`, which exports and jobs read
# to the end; planned for their first 10% (the default), a 166,000-row export
# walked the name index and read its rows in 3.9 s instead of 1.6 s. A
# DATABASE_URL's own `?options=-c jit=on` still wins: it comes last.
POSTGRES_PLANNING = "-c jit=off -c cursor_tuple_fraction=1"
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    _pg_options = DATABASES["default"].setdefault("OPTIONS", {})
    _pg_options["options"] = (
        f"{POSTGRES_PLANNING} {_pg_options.get('options', '')}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "configuration.User"
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Validates nothing: stamps the date of every password change (expiry below).
    {"NAME": "website.security.passwords.PasswordChangeStamp"},
]
LOGIN_URL = "wagtailadmin_login"
LOGIN_REDIRECT_URL = "wagtailadmin_home"

# --- Signing in (website/security; README "Signing in") -----------------------------
# Throttling: django-axes locks an account, and separately an address, after
# AXES_FAILURE_LIMIT failed sign-ins, for AXES_COOLOFF_MINUTES (0: until a
# coordinator unlocks the account). The lockout page is the sign-in page with a
# message. Behind a proxy, set AXES_IPWARE_PROXY_COUNT so the client's address is read.
AUTHENTICATION_BACKENDS = [
    "website.security.backends.SignInThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = _cooloff_hours(env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "website.security.views.lockout_response"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_IPWARE_PROXY_COUNT", 0) or None
AXES_VERBOSE = False  # its log lines carry usernames and addresses
# Passwords expire after PASSWORD_EXPIRY_DAYS (0: never); the professional is sent
# to the account screen's password tab until they choose a new one.
PASSWORD_EXPIRY_DAYS = env_int("PASSWORD_EXPIRY_DAYS", 0)
# Second factor (TOTP app): required for every role that sees personal data when on.
OTP_REQUIRED_FOR_PERSONAL_DATA = env_bool("OTP_REQUIRED_FOR_PERSONAL_DATA", False)
OTP_TOTP_ISSUER = "Llar"
# Sessions end after SESSION_IDLE_MINUTES without a request.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_COOKIE_HTTPONLY = True
# Auditlog reads a row's stored values through the base manager: the default
# manager of expedient items hides deleted ones, and restoring one is a change too.
AUDITLOG_USE_BASE_MANAGER = True
# Uploads of records (consent documents…): PDF, JPEG or PNG, checked by content.
LLAR_UPLOAD_MAX_MB = env_int("LLAR_UPLOAD_MAX_MB", 10)
# An expedient's documents (PDF, JPEG, PNG, DOCX, ODT, checked by content) are
# kept in LLAR_PRIVATE_DIR, outside MEDIA_ROOT and every URL, and served only
# through their download view, which checks the expedient's scope.
LLAR_DOCUMENT_MAX_MB = env_int("LLAR_DOCUMENT_MAX_MB", 20)
LLAR_PRIVATE_DIR = Path(env_str("LLAR_PRIVATE_DIR", str(VAR_DIR / "private")))
# Background exports (issue #21, configuration/export_jobs.py): a listing export
# of more rows than this, or one asked for "in the background", is queued and
# written by the exports worker (`manage.py db_worker --backend exports
# --queue-name exports`, started by `make run`; docs/operations.md for
# production) into LLAR_PRIVATE_DIR, downloadable by its owner only, for
# LLAR_EXPORT_KEEP_HOURS (then `manage.py expire_exports` deletes the file).
LLAR_BACKGROUND_EXPORT_ROWS = env_int("LLAR_BACKGROUND_EXPORT_ROWS", 20000)
LLAR_EXPORT_KEEP_HOURS = env_int("LLAR_EXPORT_KEEP_HOURS", 72)
# Wagtail's own tasks (the reference index) run at once, as before; only the
# exports go through the database queue, which the worker reads.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "exports": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["exports"],
    },
}
# Content-Security-Policy (django-csp): scripts only from Llar itself, plus inline
# ones inside the admin, which Wagtail needs (website/security/csp.py). Wagtail's
# admin sets style attributes inline, so styles allow 'unsafe-inline'; image
# previews use data: and blob: URLs.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, UNSAFE_INLINE],
        "img-src": [SELF, "data:", "blob:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "frame-ancestors": [SELF],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# Catalan first, then Spanish and English.
LANGUAGE_CODE = "ca"
LANGUAGES = [("ca", "Català"), ("es", "Español"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Madrid"
USE_I18N = True
# Dates typed and shown as dd/mm/aaaa, times as 24-hour HH:MM, in every language
# (website/formats, configuration/dates.py); Wagtail's date pickers use the same.
FORMAT_MODULE_PATH = ["website.formats"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "website" / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "llar@localhost")

# Wagtail
WAGTAIL_SITE_NAME = "Llar"
WAGTAILADMIN_BASE_URL = env_str("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = False
# The admin's browsers never call out to wagtail.org for release news: the
# Content-Security-Policy forbids it, and professionals' screens should not leak
# who uses Llar.
WAGTAIL_ENABLE_UPDATE_CHECK = False
# The course pages are published directly: no moderation workflows, so no
# workflow menus or reports for the coordinators who edit them.
WAGTAIL_WORKFLOW_ENABLED = False
WAGTAIL_DATE_FORMAT = "%d/%m/%Y"
WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"
WAGTAIL_TIME_FORMAT = "%H:%M"
# The time zones a professional may choose on their account: Spain's. Wagtail's
# default lists every name the system's zoneinfo holds, which on Debian includes
# "localtime" (a file, not a zone): the account page's script then fails on it.
WAGTAIL_USER_TIME_ZONES = ["Europe/Madrid", "Atlantic/Canary", "Africa/Ceuta"]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "xlsx", "ods", "csv", "txt"]

LLAR_VERSION = "0.1.0"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # Wagtail's reference-index task logs every run at INFO: one line per save.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

# Demo logins (seed_demo) are allowed only where a settings module says so.
LLAR_DEMO_ALLOWED = env_bool("LLAR_DEMO_ALLOWED", False)

# No Gravatar: the admin would send professionals' hashed e-mails to a third party
# (and the request fails on a closed network anyway).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_USER_LOGIN_FORM = "configuration.admin_forms.LoginForm"
