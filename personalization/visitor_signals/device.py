"""Device kind, OS and browser from a User-Agent header (ua-parser with its current rules,
ua-parser-builtins; docs/devices.md has the measurement that chose it).

ua-parser names the browser, the OS and the device family ("iPhone", "iPad", "Spider", "SM-X710")
but not the device's kind; `kind_of` maps them: crawlers are the "Spider" family, tablets are
iPads, Kindles, families saying "Tablet" and Android agents without "Mobile" (Google's convention
for tablets), then phones and desktops by OS. Parses are cached (bounded LRU): real traffic
repeats a few hundred agents. Agents longer than MAX_AGENT characters are cut first, so a 100 KB
header is as cheap as a normal one and cannot fill the cache with huge keys.
"""

from __future__ import annotations

from functools import lru_cache

from personalization.engine.context import Device

MAX_AGENT = 1024
# Programmatic HTTP clients are not crawlers. ua-parser calls Python-urllib and Java "Spider" but
# not curl, requests, okhttp or Go: treat them all alike as an unknown device, personalized by
# what the request carries (a server-side frontend or a script), not as a bot.
HTTP_LIBRARIES = frozenset({"Python-urllib", "Java"})
MOBILE_OS = frozenset(
    {"iOS", "Android", "Windows Phone", "BlackBerry OS", "Symbian OS", "KaiOS", "Firefox OS"}
)
DESKTOP_OS = frozenset({"Windows", "Mac OS X", "Linux", "Ubuntu", "Fedora", "Chrome OS", "FreeBSD"})


def parse_device(user_agent: str | None) -> Device:
    """kind: bot > tablet > mobile > desktop > unknown; os/browser families (None for "Other")."""
    if not user_agent or not isinstance(user_agent, str):
        return Device()
    return _parse(user_agent[:MAX_AGENT].strip())


@lru_cache(maxsize=4096)
def _parse(agent: str) -> Device:
    if not agent:
        return Device()
    from ua_parser import parse

    found = parse(agent)
    browser = _family(found.user_agent)
    os = _family(found.os)
    return Device(kind=kind_of(agent, browser, os, _family(found.device)), os=os, browser=browser)


def kind_of(agent: str, browser: str | None, os: str | None, device: str | None) -> str:
    device = device or ""
    if device == "Spider":
        return "unknown" if browser in HTTP_LIBRARIES else "bot"
    if device == "iPad" or "Tablet" in device or device.startswith("Kindle"):
        return "tablet"
    if os == "Android" and "Mobile" not in agent:
        return "tablet"
    if os in MOBILE_OS:
        return "mobile"
    if os in DESKTOP_OS:
        return "desktop"
    return "unknown"


def _family(part) -> str | None:
    name = getattr(part, "family", None)
    return name if name and name != "Other" else None


def cache_info():
    """Hit/miss counters of the parse cache (for the benchmark and diagnostics)."""
    return _parse.cache_info()
