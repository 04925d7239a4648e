"""GeoIP lookups against the project's test databases (tests/geoip, written by
fixtures/make_test_geoip.py with MaxMind's test addresses and answers), and again against
MaxMind's real test databases when ../shared/geoip is there (the `geoip_dir` fixture)."""

from __future__ import annotations

import logging

import pytest

from personalization.visitor_signals.geo import (
    GeoLocator,
    country_from_cdn_header,
    get_locator,
    is_lookup_candidate,
    parse_ip,
)


@pytest.fixture
def city(geoip_dir):
    return GeoLocator(geoip_dir / "GeoIP2-City-Test.mmdb")


def test_london(city):
    loc = city.lookup("81.2.69.142")
    assert (loc.country_code, loc.country, loc.region_code, loc.region, loc.city) == (
        "GB",
        "United Kingdom",
        "ENG",
        "England",
        "London",
    )
    assert (loc.continent, loc.timezone, loc.eu, loc.metro_code) == (
        "EU",
        "Europe/London",
        False,
        None,
    )


def test_region_is_the_first_subdivision(city):
    loc = city.lookup("2.125.160.216")  # subdivisions ENG, WBK
    assert (loc.region_code, loc.city) == ("ENG", "Boxford")


def test_us_metro_code(city):
    loc = city.lookup("216.160.83.56")
    assert (loc.city, loc.region_code, loc.metro_code, loc.timezone) == (
        "Milton",
        "WA",
        819,
        "America/Los_Angeles",
    )


def test_eu_member(city):
    loc = city.lookup("89.160.20.112")
    assert (loc.city, loc.region_code, loc.eu) == ("Linköping", "E", True)


def test_ipv6(city):
    loc = city.lookup("2a02:cf40::")
    assert (loc.country_code, loc.city, loc.timezone) == ("NO", None, "Europe/Oslo")


def test_ipv4_mapped_ipv6_is_looked_up_as_ipv4(city):
    assert city.lookup("::ffff:81.2.69.142").city == "London"


@pytest.mark.parametrize("ip", ["50.114.0.0", "2001:480::", "2001:db8::1", "192.0.2.1"])
def test_address_not_in_the_database_is_none(city, ip):
    assert city.lookup(ip) is None


@pytest.mark.parametrize(
    "ip",
    [
        "10.0.0.1",
        "192.168.1.1",
        "172.16.0.1",
        "127.0.0.1",
        "::1",
        "169.254.1.1",
        "fe80::1",
        "224.0.0.1",
        "ff02::1",
        "0.0.0.0",
        "::",
        "240.0.0.1",
        "100.64.0.1",
        "fd00::1",
    ],
)
def test_non_public_addresses_are_not_looked_up(ip):
    assert not is_lookup_candidate(parse_ip(ip))


@pytest.mark.parametrize(
    "ip", ["192.0.2.10", "198.51.100.7", "203.0.113.200", "2001:db8::42", "81.2.69.142"]
)
def test_documentation_ranges_and_public_addresses_are_looked_up(ip):
    assert is_lookup_candidate(parse_ip(ip))


@pytest.mark.parametrize(
    "raw", ["", None, "not-an-ip", "81.2.69", "81.2.69.142:80", "1.2.3.4.5", "::g", 42]
)
def test_malformed_ip_is_told_apart_from_unknown(raw, city):
    assert parse_ip(raw) is None
    assert city.lookup(raw) is None


def test_parse_ip_accepts_surrounding_spaces():
    assert str(parse_ip(" 81.2.69.142 ")) == "81.2.69.142"


def test_country_database_gives_country_and_eu_only(geoip_dir):
    loc = GeoLocator(geoip_dir / "GeoLite2-Country-Test.mmdb").lookup("89.160.20.112")
    assert (loc.country_code, loc.eu, loc.continent, loc.city, loc.region_code, loc.timezone) == (
        "SE",
        True,
        "EU",
        None,
        None,
        None,
    )


def test_geolite_city_database(geoip_dir):
    assert GeoLocator(geoip_dir / "GeoLite2-City-Test.mmdb").lookup("81.2.69.142").city == "London"


def test_folder_path_picks_the_city_database(geoip_dir):
    locator = GeoLocator(geoip_dir)
    assert locator.lookup("81.2.69.142").city == "London"
    assert locator.database_type == "GeoIP2-City"


@pytest.mark.parametrize(
    "name, expected",
    [
        ("GeoLite2-ASN-Test.mmdb", "GeoLite2-ASN database, not a City or Country one"),
        ("GeoIP2-Anonymous-IP-Test.mmdb", "not a City or Country one"),
        ("GeoIP2-City-Test-Broken-Double-Format.mmdb", "could not be read"),
        ("GeoIP2-City-Test-Invalid-Node-Count.mmdb", "could not be opened"),
        ("missing.mmdb", "no GeoIP database at"),
    ],
)
def test_unusable_database_warns_once_and_never_raises(geoip_dir, caplog, name, expected):
    locator = GeoLocator(geoip_dir / name)
    with caplog.at_level(logging.WARNING, logger="personalization.geo"):
        answers = [locator.lookup(ip) for ip in ("81.2.69.142", "89.160.20.112", "2a02:cf40::")]
    assert answers == [None, None, None]
    warnings = [r for r in caplog.records if r.name == "personalization.geo"]
    assert len(warnings) == 1
    assert expected in warnings[0].getMessage()
    assert "GEOIP_PATH" in warnings[0].getMessage()
    assert not locator.available


def test_empty_folder_warns(tmp_path, caplog):
    with caplog.at_level(logging.WARNING, logger="personalization.geo"):
        assert GeoLocator(tmp_path).lookup("81.2.69.142") is None
    assert "no GeoIP database" in caplog.text


def test_get_locator_is_shared_per_path(geoip_dir):
    path = str(geoip_dir / "GeoIP2-City-Test.mmdb")
    assert get_locator(path) is get_locator(path)
    assert get_locator(path).lookup("216.160.83.56").metro_code == 819


@pytest.mark.parametrize(
    "header, expected",
    [
        ("SE", ("SE", True)),
        ("us", ("US", False)),
        (" de ", ("DE", True)),
    ],
)
def test_cdn_country_header(header, expected):
    loc = country_from_cdn_header(header)
    assert (loc.country_code, loc.eu) == expected


@pytest.mark.parametrize("header", ["XX", "T1", "", None, "SWE", "1A"])
def test_cdn_placeholder_or_malformed_country_is_ignored(header):
    assert country_from_cdn_header(header) is None
