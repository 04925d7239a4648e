"""Device kind, OS and browser from real user agents."""

from __future__ import annotations

import pytest

from personalization.engine.context import Device
from personalization.visitor_signals.device import cache_info, parse_device

IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1"
)
IPAD = (
    "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.0 Mobile/15E148 Safari/604.1"
)
ANDROID_PHONE = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Mobile Safari/537.36"
)
ANDROID_TABLET = (
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
DESKTOP_CHROME = (
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/120.0.0.0 Safari/537.36"
)
GOOGLEBOT = "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"


@pytest.mark.parametrize(
    "agent, expected",
    [
        (IPHONE, Device("mobile", "iOS", "Mobile Safari")),
        (IPAD, Device("tablet", "iOS", "Mobile Safari")),
        (ANDROID_PHONE, Device("mobile", "Android", "Chrome Mobile")),
        (ANDROID_TABLET, Device("tablet", "Android", "Chrome")),
        (DESKTOP_CHROME, Device("desktop", "Windows", "Chrome")),
        (GOOGLEBOT, Device("bot", None, "Googlebot")),
        ("", Device("unknown", None, None)),
        (None, Device("unknown", None, None)),
        ("   ", Device("unknown", None, None)),
    ],
)
def test_device_from_user_agent(agent, expected):
    assert parse_device(agent) == expected


def test_huge_user_agent_is_cut_and_harmless():
    huge = DESKTOP_CHROME + "x" * 100_000
    assert parse_device(huge) == Device("desktop", "Windows", "Chrome")
    assert parse_device("x" * 100_000) == Device("unknown", None, None)


def test_repeated_agents_come_from_the_cache():
    parse_device(IPHONE + " cache-probe")
    hits = cache_info().hits
    parse_device(IPHONE + " cache-probe")
    assert cache_info().hits == hits + 1
