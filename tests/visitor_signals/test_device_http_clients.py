"""HTTP client libraries are an unknown device, not bots; real crawlers stay bots."""

import pytest

from personalization.visitor_signals.device import parse_device


@pytest.mark.parametrize(
    "agent",
    [
        "Python-urllib/3.11",
        "Java/17.0.1",
        "curl/8.5.0",
        "python-requests/2.31",
        "Go-http-client/1.1",
    ],
)
def test_http_client_libraries_are_personalized_as_unknown_devices(agent):
    assert parse_device(agent).kind == "unknown"


@pytest.mark.parametrize(
    "agent",
    [
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    ],
)
def test_crawlers_stay_bots(agent):
    assert parse_device(agent).kind == "bot"
