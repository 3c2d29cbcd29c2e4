"""Settings safe for production; every secret and host comes from the environment.

`dev.py` and `test.py` are small overrides. Settings of our own are prefixed `DROGOWSKAZ_`; each
one's default, range and meaning is listed in consultation/core/conf.py, which reads them here.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from consultation.core import conf as drogowskaz_conf

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    raise ImproperlyConfigured("Set the SECRET_KEY environment variable.")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "home",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django_ratelimit",
    "csp",
    "django_comments_xtd",
    "django_comments",
    "django_tasks",
    "django_tasks_db",
    # After django_comments_xtd: its ready() connects a signal that consultation's ready() removes.
    "consultation",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Before the CSP and frame-options middleware: their headers are stored with a cached page.
    "consultation.public.page_cache.PageCacheMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "plansite.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "plansite.urls"
WSGI_APPLICATION = "plansite.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL (postgres://… in production); an SQLite file for the demo.
# Persistent connections: a new connection per request costs 2.5x in throughput.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "600")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page views run short queries: PostgreSQL's JIT compiled a search's count for 210 ms to run it in
    # 50 (its cost estimate of a join over a million comments passes jit_above_cost), and parallel
    # workers made a search's counts slower (108 ms against 61), one request at a time and more so
    # under load. Both off for the app's sessions.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off -c max_parallel_workers_per_gather=0")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "pl"
LANGUAGES = [("pl", "Polski"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Warsaw"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [PROJECT_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Every mail, Wagtail's included, goes into the outbox (consultation/notifications); its worker sends
# it through the transport named by the environment's EMAIL_BACKEND (SMTP unless said otherwise).
EMAIL_BACKEND = "consultation.notifications.backend.OutboxBackend"
OUTBOX_EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "konsultacje@localhost")
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "20"))

# Django's task framework (the django-tasks backport). Wagtail's own background work stays
# immediate ("default"); mail goes through the outbox, whose tasks are rows in the database written
# in the transaction of the change they report and run by `manage.py db_worker --backend outbox`.
TASKS = {
    "default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"},
    "outbox": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["mail"]},
}

SITE_ID = 1

# Security defaults that hold on any deployment; HTTPS-only ones are switched on by env.
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("HTTPS", False)
SECURE_HSTS_SECONDS = 31_536_000 if env_bool("HTTPS", False) else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HSTS_PRELOAD = env_bool("HTTPS", False)
SESSION_COOKIE_SAMESITE = CSRF_COOKIE_SAMESITE = "Lax"

# Content-Security-Policy (django-csp) for the public pages: no inline script or style, nothing from
# another origin. The Wagtail admin, which needs inline scripts of its own, is left out.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY") else None

# Wagtail
WAGTAIL_SITE_NAME = "Drogowskaz"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_CONTENT_LANGUAGES = [("pl", "Polski")]
WAGTAILADMIN_PERMITTED_LANGUAGES = [("pl", "Polski"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "odt", "txt"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAIL_PASSWORD_RESET_ENABLED = False
# A lock holds for everybody, its owner too: adoption locks a plan and its chapters.
WAGTAILADMIN_GLOBAL_EDIT_LOCK = True
# No third-party requests, the admin included: no Gravatar avatars.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# django-contrib-comments and django-comments-xtd: our model, our form rules.
# The apps' own URL configurations are not included: posting, confirming and flagging go through
# consultation.public.chapter_views, which pre-moderate every comment and never put a comment into a link.
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "consultation.models.ParagraphComment"
COMMENTS_XTD_MAX_THREAD_LEVEL = 2
COMMENTS_XTD_CONFIRM_EMAIL = False
COMMENTS_XTD_THREADED_EMAILS = False
COMMENTS_XTD_APP_MODEL_OPTIONS = {
    "default": {
        "who_can_post": "all",
        "allow_flagging": True,
        "allow_feedback": False,
        "show_feedback": False,
    }
}
# A person may spend a long time writing (WCAG 2.2.1): a comment form stays valid for 7 days,
# not django-contrib-comments' 2 hours.
COMMENTS_TIMEOUT = 7 * 24 * 60 * 60

# Caches. "default" (Wagtail's own use) stays in each process's memory, so a cache outage cannot
# take pages down. "shared" holds what app processes must share: rate-limit counters and rendered
# chapter pages; in production set CACHE_URL=redis://… so several processes see the same counts.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": (
        {"BACKEND": "consultation.core.redis_cache.RedisCache", "LOCATION": os.environ["CACHE_URL"]}
        if os.environ.get("CACHE_URL")
        else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"}
    ),
}
# A shared cache in front of the app servers (Varnish, nginx with a purge module, a CDN): public
# pages are purged from it when they change (consultation/public/cache_invalidation.py). Any of
# Wagtail's frontend-cache backends can be configured here instead of the HTTP one.
if os.environ.get("FRONTEND_CACHE_URL"):
    WAGTAILFRONTENDCACHE = {"default": {"BACKEND": "wagtail.contrib.frontend_cache.backends.HTTPBackend",
                                        "LOCATION": os.environ["FRONTEND_CACHE_URL"]}}
RATELIMIT_USE_CACHE = "shared"
# With the shared cache down, comments are still taken (the honeypot, the minimum time and email
# confirmation still apply) rather than refused.
RATELIMIT_FAIL_OPEN = True
# The client's address, for any "ip" key of django-ratelimit: through DROGOWSKAZ_TRUSTED_PROXIES.
RATELIMIT_IP_META_KEY = "consultation.participation.abuse.client_ip"
# django-ratelimit does not list Django's own RedisCache, which does increment atomically.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]
if not os.environ.get("CACHE_URL"):
    # One process (demo, tests): the memory cache is shared by all its requests. With several app
    # processes set CACHE_URL, or each process keeps its own counts.
    SILENCED_SYSTEM_CHECKS.append("django_ratelimit.E003")

# Every DROGOWSKAZ_* setting of the project, read from the environment of the same name. Their
# defaults, allowed ranges and meanings are listed in one place, consultation/core/conf.py (and in the
# README); consultation/checks.py refuses values out of range at start-up.
globals().update(drogowskaz_conf.from_environment(os.environ))

# Absolute links (confirmation emails, Wagtail's workflow notifications) start with the configured
# address of the site, never with the Host header of a request.
WAGTAILADMIN_BASE_URL = DROGOWSKAZ_BASE_URL  # noqa: F821 (set just above)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
