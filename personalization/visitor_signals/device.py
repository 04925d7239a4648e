"""Device kind, OS and browser from a User-Agent header and its client hints.

The combination kept is the one that won on the libraries' own public fixture sets
(docs/devices.md, `bench/bench_devices.py`):

1. bots: device-detector's bot rules or the community crawler list (`bots.py`);
2. the kind: the client hints when they decide it (`Sec-CH-UA-Mobile`, `Sec-CH-UA-Platform`),
   else device-detector's device type (Matomo's rules: thousands of phone and tablet models);
3. the OS and browser families: ua-parser's (`iOS`, `Android`, `Mobile Safari`...), as before,
   so rules written against those names keep matching.

device-detector takes milliseconds per new agent, so parses are cached: a bounded LRU keyed by
the agent and the hints (real traffic repeats a few hundred agents; docs/devices.md assumes a
hit rate of 95% or more). The port's own cache is not used (its `__new__` caches but `__init__`
resets the instance it returns), so `check_cache=False` and this module caches the result.
Agents longer than MAX_AGENT characters are cut first, so a 100 KB header is as cheap as a
normal one and cannot fill the cache with huge keys.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from personalization.engine.context import Device

from .bots import is_bot
from .client_hints import Hints, kind_from_hints, normalize_hints

MAX_AGENT = 1024
CACHE_SIZE = 8192
# device-detector's device types -> Tailor's kinds; TVs, consoles, cars, cameras, speakers and
# the like are none of the four kinds: `unknown`.
DD_KINDS = {
    "smartphone": "mobile",
    "feature phone": "mobile",
    "phablet": "mobile",
    "tablet": "tablet",
    "desktop": "desktop",
}
DD_DESKTOP_OS = frozenset({"Windows", "Mac", "GNU/Linux", "Ubuntu", "Fedora", "Chrome OS"})


def parse_device(user_agent: str | None, hints: Mapping[str, object] | None = None) -> Device:
    """kind: bot > the hints > device-detector's type; os/browser: ua-parser's families."""
    agent = user_agent[:MAX_AGENT].strip() if isinstance(user_agent, str) else ""
    found = normalize_hints(hints)
    if not agent and not found:
        return Device()
    return _parse(agent, found)


@lru_cache(maxsize=CACHE_SIZE)
def _parse(agent: str, hints: Hints) -> Device:
    os, browser = families(agent) if agent else (None, None)
    if agent and is_bot(agent):
        return Device(kind="bot", os=os, browser=browser)
    kind = kind_from_hints(hints) or (matomo_kind(agent, hints) if agent else "unknown")
    return Device(kind=kind, os=os, browser=browser)


def matomo_kind(agent: str, hints: Hints = ()) -> str:
    """device-detector's device type as one of Tailor's kinds (HTTP libraries: unknown)."""
    from device_detector import DeviceDetector

    found = DeviceDetector(
        agent, skip_bot_detection=True, headers=dict(hints) or None, check_cache=False
    ).parse()
    if found.client_type() == "library":  # curl, axios, Wget: a script, not a device
        return "unknown"
    dtype = found.device_type()
    name = str(getattr(dtype, "value", dtype) or "").lower()  # an enum, or a plain string
    kind = DD_KINDS.get(name)
    if kind is None and name in ("", "unknown") and found.os_name() in DD_DESKTOP_OS:
        kind = "desktop"  # the PHP original's isDesktop(): no device, a desktop OS
    return kind or "unknown"


def families(agent: str) -> tuple[str | None, str | None]:
    """(OS family, browser family) by ua-parser; None for "Other"."""
    from ua_parser import parse

    found = parse(agent)
    return _family(found.os), _family(found.user_agent)


def _family(part) -> str | None:
    name = getattr(part, "family", None)
    return name if name and name != "Other" else None


def cache_info():
    """Hit/miss counters of the parse cache (for the benchmark and diagnostics)."""
    return _parse.cache_info()


def cache_clear() -> None:
    _parse.cache_clear()


# One agent of each kind: parsing them loads device-detector's rules (its parsers read their
# YAML on first use, 1-2 s each on a quiet machine). The app loads them at start-up on the main
# thread (personalization/apps.py): read lazily in a request thread, yaml_rs crashed the process.
WARM_UP_AGENTS = (
    "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Safari/537.36",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
)


def warm_up() -> None:
    """Parse WARM_UP_AGENTS once, then forget them (they are not real visitors)."""
    for agent in WARM_UP_AGENTS:
        parse_device(agent)
    cache_clear()
