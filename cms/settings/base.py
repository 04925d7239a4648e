"""Settings shared by every environment. Everything that differs comes from the environment
(see cms/settings/env.py and runtime.md); dev, test and production only adjust."""

import os
from pathlib import Path

import dj_database_url

from personalization.settings import DEFAULTS as tailor_defaults

from .env import BASE_DIR, VAR_DIR, env_bool, env_float, env_int, env_list

DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "cms.pages",
    "cms.sitefmt",
    "cms.demo",
    "personalization",
    "personalization.profiles",
    "personalization.rules",
    "personalization.experiments",
    "personalization.audiences",
    "personalization.periodic",
    "wagtail_personalisation.config.WagtailPersonalisationConfig",  # its AppConfig keeps AutoField ids
    "wagtail_modeladmin",
    "wagtailfontawesomesvg",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
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
    "graphene_django",
    "grapple",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # /static/ (after collectstatic), any DEBUG
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "cms" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# Database: DATABASE_URL, else the embedded SQLite file under var/.
# SQLite runs in WAL mode with a busy timeout so concurrent writers wait instead of failing
# with "database is locked"; IMMEDIATE transactions take the write lock up front.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=20000;",
}
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set (shared by every process), else local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "tailor",
            "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "tailor",
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
# The admin's translations (docs/admin.md: adding a language); English is the source text.
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_ROOT = VAR_DIR / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# /media/ is served by the web server in production; TAILOR_SERVE_MEDIA=1 lets WhiteNoise serve it
# from the WSGI app instead (one machine, no web server in front; cms/wsgi.py).
TAILOR_SERVE_MEDIA = env_bool("TAILOR_SERVE_MEDIA", tailor_defaults["TAILOR_SERVE_MEDIA"])
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = "Tailor"
# A page with variants and personalized blocks posts thousands of form fields; Django's default
# (1000) answers the editor's "Save draft" with a bare 400. Wagtail's docs recommend raising it.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"

GRAPHENE = {
    "SCHEMA": "personalization.api.schema.schema",
    # Client text is cleaned (NUL, control characters, lone surrogates) before any resolver runs.
    # List arguments (order, limit, offset, id, searchQuery) are checked before they reach SQL.
    # A request past its time budget stops resolving expensive fields (api/time_budget.py).
    "MIDDLEWARE": [
        "personalization.api.time_budget.TimeBudgetMiddleware",
        "personalization.api.text_input.TextInputMiddleware",
        "personalization.api.list_arguments.ListArgumentsMiddleware",
        "personalization.api.raw_value.RawValueMiddleware",
    ],
}
# wagtail-grapple gives the typed Wagtail page (`personalizedPage.page`); Tailor builds its own
# schema and does not expose grapple's generic queries.
GRAPPLE = {
    "APPS": ["pages"],
    "AUTO_CAMELCASE": True,
    "EXPOSE_GRAPHIQL": False,
    "PAGE_INTERFACE": "personalization.api.page_interface.TailorPageInterface",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "personalization": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
        "cms": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    },
}

# Personalization (runtime.md). Defaults live once, in personalization/settings.py; problems
# with these values are reported by `manage.py check` (personalization/checks.py).
FRONTEND_URL = os.environ.get(
    "FRONTEND_URL", f"http://localhost:{os.environ.get('FRONTEND_PORT', '3000')}"
)
GEOIP_PATH = os.environ.get("GEOIP_PATH") or str(
    BASE_DIR / "fixtures" / "geoip" / "tailor-demo-city.mmdb"
)
PERSONALIZATION_SERVER_KEY = os.environ.get(
    "PERSONALIZATION_SERVER_KEY", tailor_defaults["PERSONALIZATION_SERVER_KEY"]
)
PERSONALIZATION_CONSENT = os.environ.get(
    "PERSONALIZATION_CONSENT", tailor_defaults["PERSONALIZATION_CONSENT"]
)
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
# Frontends told to expire a page's cache when it is published, moved, unpublished or deleted,
# signed with TAILOR_WEBHOOK_SECRET (docs/sdk.md, "The publish webhook").
PERSONALIZATION_PUBLISH_WEBHOOKS = env_list("PERSONALIZATION_PUBLISH_WEBHOOKS")
TAILOR_WEBHOOK_SECRET = os.environ.get(
    "TAILOR_WEBHOOK_SECRET", tailor_defaults["TAILOR_WEBHOOK_SECRET"]
)
PERSONALIZATION_INTERNAL_IPS = env_list("PERSONALIZATION_INTERNAL_IPS")
PERSONALIZATION_RATE_LIMIT = env_int(
    "PERSONALIZATION_RATE_LIMIT", tailor_defaults["PERSONALIZATION_RATE_LIMIT"]
)
# The rate limiter counts in Redis when REDIS_URL is set (one count for every process of every
# machine), else in a SQLite file under var/ (one count for every worker of this machine).
PERSONALIZATION_RATE_LIMIT_STORAGE = (
    os.environ.get("PERSONALIZATION_RATE_LIMIT_STORAGE")
    or REDIS_URL
    or f"sqlite:///{VAR_DIR / 'ratelimit.sqlite3'}"
)
# Persona affinity points lose half their weight every this many days (0: they never fade).
PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS = env_float(
    "PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS",
    tailor_defaults["PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS"],
)

# GraphQL limits (personalization/api/limits.py, defaults in personalization/settings.py). A cost
# is one per field, list fields times their `limit`: a visitor export of 1000 events with a few
# fields each must fit. The expensive fields weigh in page renders (limits.FIELD_COSTS); one HTTP
# request, a batch's operations together, may cost at most GRAPHQL_MAX_REQUEST_COST.
GRAPHQL_MAX_COST = env_int("GRAPHQL_MAX_COST", tailor_defaults["GRAPHQL_MAX_COST"])
GRAPHQL_PAGE_RENDER_COST = env_int(
    "GRAPHQL_PAGE_RENDER_COST", tailor_defaults["GRAPHQL_PAGE_RENDER_COST"]
)
GRAPHQL_MAX_REQUEST_COST = env_int(
    "GRAPHQL_MAX_REQUEST_COST", tailor_defaults["GRAPHQL_MAX_REQUEST_COST"]
)
# Wall-clock seconds one request may spend resolving; past it, expensive fields answer
# QUERY_TOO_COMPLEX instead of running (personalization/api/time_budget.py).
GRAPHQL_TIME_BUDGET_SECONDS = env_float(
    "GRAPHQL_TIME_BUDGET_SECONDS", tailor_defaults["GRAPHQL_TIME_BUDGET_SECONDS"]
)
