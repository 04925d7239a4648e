"""Tailor's own settings: every name, its default and its type in one place (runtime.md).

cms/settings/base.py reads the environment with these defaults; code reads the values through the
accessors below (never `getattr(settings, NAME, default)` with a default of its own), so a
default is written once. Each accessor reads django.conf.settings when called: tests that
override a setting see the new value. Problems with the values are reported by Django's system
checks (personalization/checks.py), not raised at import.

This module imports nothing from Django at import time beyond the lazy settings object, so the
settings files may import DEFAULTS from it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings

CONSENT_MODES = ("opt-in", "opt-out")

#: The GraphQL request limits (personalization/api/limits.py uses them; docs/api.md lists them).
GRAPHQL_LIMITS: dict[str, int] = {
    "GRAPHQL_MAX_BODY_BYTES": 100 * 1024,  # the whole HTTP body, batches included
    # the same with the server key (trackEvents); under Django's 2.5 MB
    "GRAPHQL_MAX_SERVER_BODY_BYTES": 2 * 1024 * 1024,
    "GRAPHQL_MAX_QUERY_BYTES": 20 * 1024,  # the query text of one operation
    "GRAPHQL_MAX_TOKENS": 2000,  # lexical tokens (and, separately, comments) per query
    "GRAPHQL_MAX_BATCH": 10,  # operations in one JSON list
    "GRAPHQL_MAX_DEPTH": 10,  # nested field levels: `{ a { b } }` is 2
    "GRAPHQL_MAX_ALIASES": 50,  # aliased fields, counted with fragments expanded
    "GRAPHQL_MAX_COST": 10000,
    "GRAPHQL_MAX_REPEATS": 20,  # times one response name may be selected in one place
    "GRAPHQL_DEFAULT_LIST_SIZE": 10,  # assumed length of a list field without a limit argument
    "GRAPHQL_PAGE_RENDER_COST": 1000,  # one personalized page: the decision, the page, its blocks
    "GRAPHQL_MAX_REQUEST_COST": 10000,  # one HTTP request, all operations of a batch together
}

DEFAULTS: dict[str, Any] = {
    "PERSONALIZATION_SERVER_KEY": "",
    "PERSONALIZATION_CONSENT": "opt-in",
    "PERSONALIZATION_RATE_LIMIT": 120,  # mutations per minute per visitor; 0 turns it off
    # where the rate limiter counts (a `limits` storage URI); base.py uses REDIS_URL when set
    "PERSONALIZATION_RATE_LIMIT_STORAGE": "memory://",
    "PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS": 90.0,  # 0: affinity points never fade
    "TRUSTED_PROXIES": (),
    # addresses whose visits are internal (the team's office, QA): never counted in experiments
    "PERSONALIZATION_INTERNAL_IPS": (),
    "FRONTEND_URL": "http://localhost:3000",
    # the frontends told to expire their cached pages when a page is published (publish_webhooks.py)
    "PERSONALIZATION_PUBLISH_WEBHOOKS": (),
    # the secret those calls are signed with; the Next.js starter reads the same name
    "TAILOR_WEBHOOK_SECRET": "",
    "TAILOR_MEDIA_BASE_URL": "",
    "TAILOR_SERVE_MEDIA": False,  # WhiteNoise serves /media/ (cms/wsgi.py); else the web server
    "TAILOR_SNAPSHOTS_IN_PROCESS": 1000,
    "TAILOR_STAMP_SECONDS": 0.5,
    "GRAPHQL_DOCUMENT_CACHE_SIZE": 500,
    "GRAPHQL_TIME_BUDGET_SECONDS": 5.0,  # wall clock per request; then expensive fields are refused
    **GRAPHQL_LIMITS,
}


def get(name: str) -> Any:
    """A Tailor setting: the project's value, else its one default."""
    return getattr(settings, name, DEFAULTS[name])


def server_key() -> str:
    return str(get("PERSONALIZATION_SERVER_KEY") or "")


def consent_mode() -> str:
    return str(get("PERSONALIZATION_CONSENT"))


def rate_limit() -> int:
    return int(get("PERSONALIZATION_RATE_LIMIT") or 0)


def rate_limit_storage() -> str:
    return str(
        get("PERSONALIZATION_RATE_LIMIT_STORAGE") or DEFAULTS["PERSONALIZATION_RATE_LIMIT_STORAGE"]
    )


def affinity_half_life_days() -> float:
    return float(get("PERSONALIZATION_AFFINITY_HALF_LIFE_DAYS") or 0)


def trusted_proxies() -> tuple[str, ...]:
    value = get("TRUSTED_PROXIES") or ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(item.strip() for item in value if item.strip())


def internal_ips() -> tuple[str, ...]:
    value = get("PERSONALIZATION_INTERNAL_IPS") or ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(item.strip() for item in value if item.strip())


def frontend_url() -> str:
    return str(get("FRONTEND_URL") or "").rstrip("/")


def publish_webhooks() -> tuple[str, ...]:
    value = get("PERSONALIZATION_PUBLISH_WEBHOOKS") or ()
    if isinstance(value, str):
        value = value.split(",")
    return tuple(item.strip() for item in value if item.strip())


def webhook_secret() -> str:
    return str(get("TAILOR_WEBHOOK_SECRET") or "")


def media_base_url() -> str:
    return str(get("TAILOR_MEDIA_BASE_URL") or "").rstrip("/")


def snapshots_in_process() -> int:
    return int(get("TAILOR_SNAPSHOTS_IN_PROCESS"))


def stamp_seconds() -> float:
    return float(get("TAILOR_STAMP_SECONDS"))


def document_cache_size() -> int:
    return int(get("GRAPHQL_DOCUMENT_CACHE_SIZE"))


def time_budget_seconds() -> float:
    return float(get("GRAPHQL_TIME_BUDGET_SECONDS"))


def graphql_limit(name: str) -> int:
    """One of GRAPHQL_LIMITS."""
    return int(getattr(settings, name, GRAPHQL_LIMITS[name]))
