"""Location from an IP address, with a GeoIP2 / GeoLite2 City or Country database.

The database is opened once per process, lazily, by `get_locator(path)` (cached per path) and
shared by every request: opening a reader per lookup is the mistake the style notes warn about.
A missing, corrupt or wrong-type database must not take the site down: it logs ONE warning that
says what to do, and every lookup returns None (the visitor is simply not located).

Addresses that cannot be on the public internet (private, loopback, link-local, multicast,
unspecified, reserved 240/4, carrier-grade NAT 100.64/10, unique-local fc00::/7) are not looked
up. The documentation ranges (192.0.2/24, 198.51.100/24, 203.0.113/24, 2001:db8::/32) ARE looked
up although Python calls them private: the project's demo database maps them to cities.
"""

from __future__ import annotations

import ipaddress
import logging
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from personalization.engine.context import Location

logger = logging.getLogger("personalization.geo")

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
DOCUMENTATION_NETWORKS = tuple(
    ipaddress.ip_network(n)
    for n in ("192.0.2.0/24", "198.51.100.0/24", "203.0.113.0/24", "2001:db8::/32")
)
_CGNAT = ipaddress.ip_network("100.64.0.0/10")
_ULA = ipaddress.ip_network("fc00::/7")
# ISO codes of the EU member states, for CDN country headers (no database answer to ask).
EU_COUNTRIES = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split()
)
_HOW_TO_FIX = (
    "set GEOIP_PATH to a GeoIP2/GeoLite2 City or Country .mmdb file (or a folder holding "
    "one); until then visitors are not located"
)


def parse_ip(value: str | None) -> IPAddress | None:
    """The address, or None when `value` is not an IP address (malformed, empty, with a port...).

    The API tells a malformed client-sent ip (BAD_USER_INPUT) from an unknown one with this.
    """
    if not value or not isinstance(value, str):
        return None
    try:
        return ipaddress.ip_address(value.strip())
    except ValueError:
        return None


def is_lookup_candidate(ip: IPAddress) -> bool:
    """Could this address be in a GeoIP database? (See the module docstring.)"""
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    if any(ip in net for net in DOCUMENTATION_NETWORKS if net.version == ip.version):
        return True
    if ip.is_loopback or ip.is_link_local or ip.is_multicast or ip.is_unspecified or ip.is_reserved:
        return False
    if ip in _CGNAT or ip in _ULA or ip.is_private:
        return False
    return ip.is_global


class GeoLocator:
    """One database, opened on first use; thread-safe (the MaxMind reader is, opening is locked)."""

    def __init__(self, path: str | Path | None):
        self.path = Path(path) if path else None
        self._reader: Any = None
        self._method: str | None = None  # "city" or "country"
        self._failed = False
        self._lock = threading.Lock()

    @property
    def available(self) -> bool:
        """True once a usable database is open (opens it if needed)."""
        return self._open() is not None

    @property
    def database_type(self) -> str | None:
        reader = self._open()
        return reader.metadata().database_type if reader is not None else None

    def lookup(self, ip: str | IPAddress | None) -> Location | None:
        """The location of an address, or None (malformed, not public, unknown, or no database)."""
        if isinstance(ip, (ipaddress.IPv4Address, ipaddress.IPv6Address)):
            address: IPAddress | None = ip
        else:
            address = parse_ip(ip) if isinstance(ip, str) else None
        if address is None:
            return None
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            address = address.ipv4_mapped
        if not is_lookup_candidate(address):
            return None
        reader = self._open()
        if reader is None:
            return None
        import geoip2.errors
        import maxminddb

        try:
            response = getattr(reader, self._method)(str(address))  # type: ignore[arg-type]
        except geoip2.errors.AddressNotFoundError:
            return None
        except (
            maxminddb.InvalidDatabaseError,
            ValueError,
            TypeError,
            OSError,
            RuntimeError,
        ) as exc:
            self._fail(f"GeoIP database {self.path} could not be read ({exc}); {_HOW_TO_FIX}")
            return None
        return _location(response)

    def known_places(self, limit: int = 200, max_nodes: int = 100_000) -> list[tuple[str, str]]:
        """(label, an address located there) for each city of a small database (the demo's),
        e.g. ("Stockholm, AB, SE", "192.0.2.1"), so an editor can pick a place by name. Empty
        for a large database (a real GeoLite2 has a city per network: type an address)."""
        reader = self._open()
        inner = getattr(reader, "_db_reader", None)
        if inner is None or inner.metadata().node_count > max_nodes:
            return []
        places: dict[str, str] = {}
        for network, record in inner:
            if network.version == 6 and network.network_address.ipv4_mapped is not None:
                continue  # the same place again, IPv4-mapped
            country = (record.get("country") or {}).get("iso_code")
            city = ((record.get("city") or {}).get("names") or {}).get("en")
            regions = [
                r.get("iso_code") for r in record.get("subdivisions") or [] if r.get("iso_code")
            ]
            label = ", ".join(
                part for part in (city, regions[0] if regions else None, country) if part
            )
            if label and label not in places:
                places[label] = str(network.network_address + 1)
            if len(places) >= limit:
                break
        return sorted(places.items(), key=lambda item: item[0])

    def _open(self) -> Any:
        if self._reader is not None or self._failed:
            return self._reader
        with self._lock:
            if self._reader is not None or self._failed:
                return self._reader
            file = _find_database(self.path)
            if file is None:
                self._fail(
                    f"no GeoIP database at {self.path or '(GEOIP_PATH not set)'}; {_HOW_TO_FIX}"
                )
                return None
            try:
                import geoip2.database

                reader = geoip2.database.Reader(str(file))
                kind = reader.metadata().database_type
            except Exception as exc:  # noqa: BLE001 - any open failure means "no database"
                self._fail(f"GeoIP database {file} could not be opened ({exc}); {_HOW_TO_FIX}")
                return None
            method = _method_for(kind)
            if method is None:
                reader.close()
                self._fail(
                    f"GeoIP database {file} is a {kind} database, not a City or Country one; "
                    f"{_HOW_TO_FIX}"
                )
                return None
            self.path, self._method, self._reader = file, method, reader
            return reader

    def _fail(self, message: str) -> None:
        if not self._failed:
            logger.warning(message)
        self._failed = True
        reader, self._reader = self._reader, None
        if reader is not None:
            try:
                reader.close()
            except Exception:  # noqa: BLE001 - closing a broken reader may fail too
                pass

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None


@lru_cache(maxsize=8)
def get_locator(path: str | Path | None) -> GeoLocator:
    """The process-wide locator for a path (opened lazily, once)."""
    return GeoLocator(path)


def country_from_cdn_header(code: str | None) -> Location | None:
    """A country-only location from CF-IPCountry / CloudFront-Viewer-Country ("XX", "T1" ignored)."""
    if not code or not isinstance(code, str):
        return None
    code = code.strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha() or code in ("XX", "T1"):
        return None
    return Location(country_code=code, eu=code in EU_COUNTRIES)


def _method_for(database_type: str) -> str | None:
    kind = database_type.lower()
    if "city" in kind or "enterprise" in kind:
        return "city"
    if "country" in kind:
        return "country"
    return None


def _find_database(path: Path | None) -> Path | None:
    """The file itself, or the best .mmdb in a folder: City before Country, then shortest name."""
    if path is None or not path.exists():
        return None
    if path.is_file():
        return path
    files = sorted(path.glob("*.mmdb"))

    def rank(file: Path) -> tuple[int, int, str]:
        name = file.name.lower()
        kind = 0 if "city" in name else 1 if "country" in name else 2
        return kind, len(name), name

    return min(files, key=rank) if files else None


def _location(response: Any) -> Location:
    country, continent = response.country, response.continent
    subdivisions: Sequence[Any] = getattr(response, "subdivisions", None) or ()
    first = subdivisions[0] if len(subdivisions) else None
    city = getattr(response, "city", None)
    place = getattr(response, "location", None)
    return Location(
        country_code=country.iso_code,
        country=country.name,
        region_code=first.iso_code if first is not None else None,
        region=first.name if first is not None else None,
        city=city.name if city is not None else None,
        metro_code=getattr(place, "metro_code", None),
        continent=continent.code,
        timezone=getattr(place, "time_zone", None),
        eu=bool(country.is_in_european_union) if country.iso_code else None,
    )
