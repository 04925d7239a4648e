"""Who may say what: forwarded addresses and CDN countries only from trusted proxies, the server
key compared exactly, and a wrong key refused outright."""

from __future__ import annotations

import pytest

from personalization.api import trust
from personalization.api.errors import Unauthenticated

from .test_view_schema import codes, tiny_api  # noqa: F401  (fixture)

PROXIES = ["10.0.0.0/8", "2001:db8::/32"]
CALLER = "{ caller { address visitorAddress trusted country userAgent gpc dnt } }"


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = PROXIES
    return PROXIES


def request(rf, remote_addr: str = "203.0.113.7", **headers: str):
    return rf.get("/graphql/", REMOTE_ADDR=remote_addr, headers=headers)


# --- client address ------------------------------------------------------------------------------


def test_peer_address_is_used_when_no_proxy_is_trusted(rf, settings):
    settings.TRUSTED_PROXIES = []
    assert (
        trust.client_address(request(rf, "10.1.2.3", X_Forwarded_For="198.51.100.9")) == "10.1.2.3"
    )


def test_forwarded_address_from_an_untrusted_peer_is_ignored(rf, proxies):
    assert (
        trust.client_address(request(rf, "203.0.113.7", X_Forwarded_For="198.51.100.9"))
        == "203.0.113.7"
    )


def test_trusted_proxy_forwarded_address_is_honoured(rf, proxies):
    assert (
        trust.client_address(request(rf, "10.1.2.3", X_Forwarded_For="198.51.100.9"))
        == "198.51.100.9"
    )


def test_right_most_untrusted_address_wins_over_what_the_client_wrote(rf, proxies):
    # The client claimed 1.1.1.1; our proxies (10.x) recorded 198.51.100.9 as their peer.
    forwarded = "1.1.1.1, 198.51.100.9, 10.0.0.5"
    assert (
        trust.client_address(request(rf, "10.1.2.3", X_Forwarded_For=forwarded)) == "198.51.100.9"
    )


def test_malformed_forwarded_entry_stops_at_the_last_trusted_hop(rf, proxies):
    assert (
        trust.client_address(request(rf, "10.1.2.3", X_Forwarded_For="garbage, 10.0.0.5"))
        == "10.0.0.5"
    )


def test_ipv6_proxy_and_ports_are_understood(rf, proxies):
    got = trust.client_address(
        request(rf, "2001:db8::1", X_Forwarded_For="[2001:db8:ffff::1]:443, 198.51.100.9:5678")
    )
    assert got == "198.51.100.9"


def test_ipv4_mapped_peer_is_plain_ipv4(rf, proxies):
    assert trust.client_address(request(rf, "::ffff:203.0.113.7")) == "203.0.113.7"


def test_missing_peer_address_is_none(rf, proxies):
    assert trust.client_address(request(rf, "")) is None


def test_invalid_trusted_proxies_setting_is_a_configuration_error(rf, settings):
    from django.core.exceptions import ImproperlyConfigured

    settings.TRUSTED_PROXIES = ["10.0.0.0/33"]
    with pytest.raises(ImproperlyConfigured):
        trust.client_address(request(rf, "10.1.2.3", X_Forwarded_For="198.51.100.9"))


# --- CDN country ---------------------------------------------------------------------------------


def test_cdn_country_only_from_a_trusted_proxy(rf, proxies):
    assert trust.cdn_country(request(rf, "10.1.2.3", CF_IPCountry="se")) == "SE"
    assert trust.cdn_country(request(rf, "10.1.2.3", CloudFront_Viewer_Country="DE")) == "DE"
    assert trust.cdn_country(request(rf, "203.0.113.7", CF_IPCountry="SE")) is None


@pytest.mark.parametrize("value", ["XX", "T1", "", "Sweden", "1A"])
def test_cdn_non_countries_are_ignored(rf, proxies, value):
    assert trust.cdn_country(request(rf, "10.1.2.3", CF_IPCountry=value)) is None


# --- server key ----------------------------------------------------------------------------------


def test_right_server_key_is_trusted(rf, settings):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"
    assert trust.is_trusted_server(request(rf, Authorization="Bearer s3cret"))


def test_absent_server_key_is_simply_untrusted(rf, settings):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"
    assert trust.check_server_key(request(rf)) is False
    assert trust.check_server_key(request(rf, Authorization="Basic dXNlcjpwYXNz")) is False


@pytest.mark.parametrize("header", ["Bearer wrong", "Bearer s3cret2", "Bearer ", "bearer S3CRET"])
def test_wrong_server_key_is_unauthenticated(rf, settings, header):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"
    with pytest.raises(Unauthenticated):
        trust.check_server_key(request(rf, Authorization=header))
    assert trust.is_trusted_server(request(rf, Authorization=header)) is False


def test_no_configured_key_trusts_nobody(rf, settings):
    settings.PERSONALIZATION_SERVER_KEY = ""
    with pytest.raises(Unauthenticated):
        trust.check_server_key(request(rf, Authorization="Bearer "))


# --- through /graphql/ ---------------------------------------------------------------------------


def test_wrong_server_key_is_refused_before_anything_runs(tiny_api, graphql, settings):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"
    response = graphql("mutation { ping }", headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert codes(response) == ["UNAUTHENTICATED"]
    assert tiny_api == []


def test_the_view_sees_the_trusted_proxy_client(tiny_api, graphql, proxies):
    headers = {
        "X-Forwarded-For": "1.1.1.1, 198.51.100.9",
        "CF-IPCountry": "SE",
        "User-Agent": "Firefox",
        "Sec-GPC": "1",
        "DNT": "1",
    }
    caller = graphql(CALLER, headers=headers, remote_addr="10.9.9.9").json()["data"]["caller"]
    assert caller == {
        "address": "198.51.100.9",
        "visitorAddress": "198.51.100.9",
        "trusted": False,
        "country": "SE",
        "userAgent": "Firefox",
        "gpc": True,
        "dnt": True,
    }


def test_the_view_ignores_forwarding_headers_from_strangers(tiny_api, graphql, proxies):
    headers = {"X-Forwarded-For": "198.51.100.9", "CF-IPCountry": "SE"}
    caller = graphql(CALLER, headers=headers, remote_addr="203.0.113.7").json()["data"]["caller"]
    assert (caller["address"], caller["country"], caller["gpc"], caller["dnt"]) == (
        "203.0.113.7",
        None,
        False,
        False,
    )


def test_server_key_request_counts_as_its_forwarded_visitor(tiny_api, graphql, settings):
    settings.PERSONALIZATION_SERVER_KEY = "s3cret"
    settings.TRUSTED_PROXIES = []
    headers = {"Authorization": "Bearer s3cret", "X-Forwarded-For": "198.51.100.9"}
    caller = graphql(CALLER, headers=headers, remote_addr="203.0.113.7").json()["data"]["caller"]
    assert (caller["trusted"], caller["address"], caller["visitorAddress"]) == (
        True,
        "203.0.113.7",
        "198.51.100.9",
    )
