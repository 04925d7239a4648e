"""Is this user agent a robot? Two maintained public lists, measured in docs/devices.md:

- device-detector's bot rules (Matomo's `bots.yml`, about 1,300 crawlers, monitors, feed fetchers
  and AI agents), through its `Bot` parser alone (a fraction of a millisecond, not a full parse);
- the community crawler list (`crawler-user-agents`, about 1,500 patterns), compiled in chunks.

An agent either list names is a bot, with two exceptions for the crawler list:
- HTTP client libraries (curl, python-requests, okhttp, Go-http-client, Java...) are scripts, not
  crawlers: a frontend server that forgets to forward the visitor's agent must not make every
  visitor a bot. device-detector's own client rules say "library" (`is_library`).
- A few crawler-list patterns are too broad and take people for bots (a phone build number, a
  device brand, a messenger's in-app browser): `TOO_BROAD` lists them, each found by running
  the list against device-detector's fixtures of real devices (bench/bench_devices.py), and
  narrowed to the crawler it was meant for where the list's own examples allow.
"""

from __future__ import annotations

import re
from functools import lru_cache

# crawler-user-agents patterns that match real devices and apps in device-detector's fixtures
# (docs/devices.md, "people taken for bots"): each is narrowed to the crawler it was written for,
# or left out (None) when no narrower pattern tells the crawler from the people.
TOO_BROAD: dict[str, str | None] = {
    r"AP3A\.240617\.008": None,  # an Android build number shared by phones
    "Sogou": r"Sogou (web|inst|Pic|News|Orion|Video)|Sogou-Test-Spider",  # not Sogou's browser
    "Viber": "^Viber$",  # the link preview, not the in-app browser
    "Sonic": r"RankSonic|[ (]Sonic/",  # not ViewSonic tablets
    "Butterfly": r"Butterfly/\d",  # not HTC Butterfly phones
    r"008\/": r"^008\/",  # not Baidu's app version strings
    "Fever": r"^Fever/",  # not Fever tablets
    "Fluid": None,  # a macOS site-specific browser
    "Expanse": r"Expanse[ ,]|Expanse$",  # not the Expanse phone: "Expanse, a Palo Alto..."
    "Chirp|gotosocial": "gotosocial",  # not GoogleChirp media players
    r"Code\/1\.": None,  # Visual Studio Code's webview
    "BTWebClient": None,  # BitTorrent's client
    "Podimo": r"Podimo/[\d.]+ \(\+https",  # the feed fetcher, not the app
}
CHUNK = 25  # patterns per compiled alternation, as crawler-user-agents does itself


@lru_cache(maxsize=1)
def _crawler_chunks() -> tuple[re.Pattern[str], ...]:
    from crawleruseragents import CRAWLER_USER_AGENTS_DATA

    patterns = [TOO_BROAD.get(p["pattern"], p["pattern"]) for p in CRAWLER_USER_AGENTS_DATA]
    patterns = [p for p in patterns if p]
    return tuple(
        re.compile("|".join(patterns[i : i + CHUNK])) for i in range(0, len(patterns), CHUNK)
    )


def in_crawler_list(agent: str) -> bool:
    return any(chunk.search(agent) for chunk in _crawler_chunks())


def in_matomo_bots(agent: str) -> bool:
    from device_detector.parser.device.bot import Bot

    return Bot(agent, None).parse().is_bot()


def is_library(agent: str) -> bool:
    """device-detector's client rules call it an HTTP library (curl, requests, okhttp...)."""
    from device_detector import DeviceDetector

    found = DeviceDetector(
        agent, skip_bot_detection=True, skip_device_detection=True, check_cache=False
    ).parse()
    return found.client_type() == "library"


def is_bot(agent: str) -> bool:
    """Named by Matomo's bot rules, or by the crawler list and not an HTTP library (Matomo
    knows the crawlers built on one, "serpstatbot"). Uncached: parse_device caches."""
    if not agent:
        return False
    return in_matomo_bots(agent) or (in_crawler_list(agent) and not is_library(agent))
