"""Device kind, OS and browser from a User-Agent header (the `user-agents` package).

Parsing runs dozens of regular expressions, so results are cached (bounded LRU): real traffic
repeats a few hundred agents, and a repeated agent costs a dict lookup. Agents longer than
MAX_AGENT characters are cut first, so a 100 KB header is as cheap as a normal one and cannot
fill the cache with huge keys.
"""
from __future__ import annotations

from functools import lru_cache

from personalization.engine.context import Device

MAX_AGENT = 1024
# Programmatic HTTP clients are not crawlers. ua-parser calls Python-urllib and Java "Spider" but
# not curl, requests, okhttp or Go: treat them all alike as an unknown device, personalized by
# what the request carries (a server-side frontend or a script), not as a bot.
HTTP_LIBRARIES = frozenset({"Python-urllib", "Java"})


def parse_device(user_agent: str | None) -> Device:
    """kind: bot > tablet > mobile > desktop > unknown; os/browser families (None for "Other")."""
    if not user_agent or not isinstance(user_agent, str):
        return Device()
    return _parse(user_agent[:MAX_AGENT].strip())


@lru_cache(maxsize=4096)
def _parse(agent: str) -> Device:
    if not agent:
        return Device()
    from user_agents import parse

    ua = parse(agent)
    if ua.is_bot and ua.browser.family not in HTTP_LIBRARIES:
        kind = "bot"
    elif ua.is_tablet:
        kind = "tablet"
    elif ua.is_mobile:
        kind = "mobile"
    elif ua.is_pc:
        kind = "desktop"
    else:
        kind = "unknown"
    return Device(kind=kind, os=_family(ua.os.family), browser=_family(ua.browser.family))


def _family(name: str | None) -> str | None:
    return name if name and name != "Other" else None


def cache_info():
    """Hit/miss counters of the parse cache (for the benchmark and diagnostics)."""
    return _parse.cache_info()
