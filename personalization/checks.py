"""Django system checks for Tailor's settings (`manage.py check`, and every `runserver`/`migrate`).

A wrong value is reported here with its setting's name and a hint, instead of an exception at
import in cms/settings/base.py: Django lists every problem at once. An empty
PERSONALIZATION_SERVER_KEY is not a problem (server-only features are off, runtime.md).
Registered in PersonalizationConfig.ready().
"""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

from . import settings as tailor

ID = "tailor.{}"


@register(Tags.compatibility)
def check_personalization_settings(app_configs: Any = None, **kwargs: Any) -> list:
    problems: list = []
    consent = tailor.get("PERSONALIZATION_CONSENT")
    if consent not in tailor.CONSENT_MODES:
        problems.append(
            Error(
                f"PERSONALIZATION_CONSENT is {consent!r}.",
                hint="Set it to 'opt-in' or 'opt-out'.",
                id=ID.format("E001"),
            )
        )
    problems += _whole_numbers(["PERSONALIZATION_RATE_LIMIT"], least=0, first_id=2)
    problems += _storage()
    problems += _trusted_proxies()
    problems += _internal_ips()
    problems += _publish_webhooks()
    problems += _whole_numbers(list(tailor.GRAPHQL_LIMITS), least=1, first_id=5)
    geoip = getattr(settings, "GEOIP_PATH", "")
    if geoip and not Path(geoip).exists():  # a .mmdb file, or a folder holding one
        problems.append(
            Warning(
                f"GEOIP_PATH {geoip} does not exist: location rules will never match.",
                hint="Point GEOIP_PATH at a GeoIP2/GeoLite2 City database (runtime.md).",
                id=ID.format("W001"),
            )
        )
    return problems


def _whole_numbers(names: list[str], least: int, first_id: int) -> list:
    problems = []
    for name in names:
        value = tailor.get(name)
        if isinstance(value, bool) or not isinstance(value, int) or value < least:
            problems.append(
                Error(
                    f"{name} is {value!r}.",
                    hint=f"Set it to a whole number of at least {least}.",
                    id=ID.format(f"E{first_id:03d}"),
                )
            )
    return problems


def _storage() -> list:
    from limits.errors import ConfigurationError
    from limits.storage import storage_from_string

    from .api import ratelimit_file  # noqa: F401  (registers sqlite://)

    uri = tailor.rate_limit_storage()
    try:
        storage_from_string(uri)
    except (ConfigurationError, ValueError) as exc:
        return [
            Error(
                f"PERSONALIZATION_RATE_LIMIT_STORAGE {uri!r} is not a storage the rate limiter knows: {exc}",
                hint="Use a redis:// URL (it defaults to REDIS_URL), sqlite:///path/to/file or memory://.",
                id=ID.format("E003"),
            )
        ]
    return []


def _internal_ips() -> list:
    for cidr in tailor.internal_ips():
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            return [
                Error(
                    f"PERSONALIZATION_INTERNAL_IPS holds {cidr!r}, which is not an address or "
                    "network: internal visits would be counted in experiments.",
                    hint="A comma-separated list of CIDRs, e.g. 192.0.2.0/24,198.51.100.7.",
                    id=ID.format("E040"),
                )
            ]
    return []


def _trusted_proxies() -> list:
    for cidr in tailor.trusted_proxies():
        try:
            ipaddress.ip_network(cidr, strict=False)
        except ValueError:
            return [
                Error(
                    f"TRUSTED_PROXIES holds {cidr!r}, which is not an address or network.",
                    hint="A comma-separated list of CIDRs, e.g. 10.0.0.0/8,192.0.2.1.",
                    id=ID.format("E004"),
                )
            ]
    return []


def _publish_webhooks() -> list:
    urls = tailor.publish_webhooks()
    for url in urls:
        if not url.startswith(("http://", "https://")):
            return [
                Error(
                    f"PERSONALIZATION_PUBLISH_WEBHOOKS holds {url!r}, which is not an http(s) URL.",
                    hint="A comma-separated list of the frontends' webhook URLs, e.g. "
                    "https://www.example.com/api/tailor/revalidate/.",
                    id=ID.format("E041"),
                )
            ]
    if urls and not tailor.webhook_secret():
        return [
            Error(
                "PERSONALIZATION_PUBLISH_WEBHOOKS is set but TAILOR_WEBHOOK_SECRET is empty: "
                "the frontends would refuse every call and keep serving stale pages.",
                hint="Set TAILOR_WEBHOOK_SECRET to the secret the frontends verify with "
                "(the Next.js starter reads the same name).",
                id=ID.format("E042"),
            )
        ]
    return []
