"""Who may say what (graphql-api.md): which parts of an HTTP request are believed.

A browser can put anything in a header, so only two things are taken at face value: the socket
peer (REMOTE_ADDR) and a correct server key. Everything else is believed only when one of those
vouches for it: `X-Forwarded-For` and CDN country headers only when the peer is one of
`TRUSTED_PROXIES`; `context.ip`, `context.userAgent`, `context.gpc` (read by the resolvers) and the
forwarded visitor address used for rate limits only with the server key.
"""

from __future__ import annotations

import hmac
import ipaddress
from functools import lru_cache

from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

from personalization import settings as tailor_settings

from .errors import Unauthenticated
from .request_state import state

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

USER_AGENT_MAX_LENGTH = 1000
# Cloudflare answers XX for an unknown country and T1 for Tor exits: neither is a place.
NOT_A_COUNTRY = {"XX", "T1"}
CDN_COUNTRY_HEADERS = ("HTTP_CF_IPCOUNTRY", "HTTP_CLOUDFRONT_VIEWER_COUNTRY")


# --- server key -------------------------------------------------------------------------------


def presented_server_key(request: HttpRequest) -> str | None:
    """The bearer token of the request, or None when it presents none.

    Only the Bearer scheme counts: a site behind HTTP Basic auth sends `Authorization: Basic ...`
    with every request, and that is not an attempt to be a trusted server."""
    header = request.META.get("HTTP_AUTHORIZATION", "").strip()
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip()


def check_server_key(request: HttpRequest) -> bool:
    """True for a request with the right server key, False for one with none.

    Raises Unauthenticated when a key is presented but is not the right one (or the server has
    none configured): a frontend with a stale key should learn it at once instead of silently
    losing its trusted features. The answer is remembered on the request."""
    cached = state(request).server_key
    if cached is not None:
        return cached
    token = presented_server_key(request)
    if token is None:
        trusted = False
    else:
        expected = tailor_settings.server_key()
        # compare_digest on bytes: constant time whatever the lengths and characters.
        if not expected or not hmac.compare_digest(token.encode(), expected.encode()):
            raise Unauthenticated("The server key in the Authorization header is not valid.")
        trusted = True
    state(request).server_key = trusted
    return trusted


def is_trusted_server(request: HttpRequest) -> bool:
    """Whether the request carries the right server key. Never raises: a wrong key is simply
    untrusted here (the view has already refused such requests with UNAUTHENTICATED)."""
    try:
        return check_server_key(request)
    except Unauthenticated:
        return False


# --- addresses --------------------------------------------------------------------------------


def parse_address(value: str | None) -> IPAddress | None:
    """An IP address from a header or META value, tolerating ports and brackets that some proxies
    add (`1.2.3.4:5678`, `[2001:db8::1]:443`); IPv4-mapped IPv6 becomes plain IPv4."""
    if not value:
        return None
    return _parse_address(value)


@lru_cache(maxsize=4096)
def _parse_address(value: str) -> IPAddress | None:
    """parse_address, remembered: every request parses its peer's address two or three times,
    and the ipaddress module is slow at it (the answers are immutable)."""
    text = value.strip().strip('"')
    if text.startswith("["):
        text = text[1:].partition("]")[0]
    elif text.count(":") == 1:  # IPv4 with a port; bare IPv6 has at least two colons
        text = text.partition(":")[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        return address.ipv4_mapped
    return address


@lru_cache(maxsize=8)
def _networks(cidrs: tuple[str, ...]) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(cidr.strip(), strict=False) for cidr in cidrs)
    except ValueError as exc:
        raise ImproperlyConfigured(f"TRUSTED_PROXIES holds an invalid CIDR: {exc}") from exc


def is_internal(request: HttpRequest, visitor_ip: str | None) -> bool:
    """Internal traffic, never counted in experiments: an editor's own requests (a staff user's
    session) or a visitor address in PERSONALIZATION_INTERNAL_IPS."""
    user = getattr(request, "user", None)
    if user is not None and getattr(user, "is_staff", False):
        return True
    address = parse_address(visitor_ip) if visitor_ip else None
    if address is None:
        return False
    try:
        networks = tuple(
            ipaddress.ip_network(c, strict=False) for c in tailor_settings.internal_ips()
        )
    except ValueError:  # reported by manage.py check (tailor.E040)
        return False
    return any(address in network for network in networks)


def trusted_proxy_networks() -> tuple[IPNetwork, ...]:
    return _networks(tailor_settings.trusted_proxies())


def is_trusted_proxy(address: IPAddress | None) -> bool:
    return address is not None and any(address in network for network in trusted_proxy_networks())


def peer_address(request: HttpRequest) -> IPAddress | None:
    """The socket peer: the one address nobody but the network can forge."""
    return parse_address(request.META.get("REMOTE_ADDR"))


def _forwarded_chain(request: HttpRequest) -> list[str]:
    # Django joins repeated X-Forwarded-For headers with commas, so one split covers both forms.
    header = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return [item.strip() for item in header.split(",") if item.strip()]


def client_address(request: HttpRequest) -> str | None:
    """The visitor's address as far as the network can vouch for it.

    The socket peer, unless the peer is a trusted proxy: then `X-Forwarded-For` is read from the
    right, each trusted proxy vouching for the hop before it, and the right-most address that is
    not a trusted proxy is the client. Entries left of it were written by the client and are
    ignored. A malformed entry stops the walk at the last proxy that vouched for it."""
    current = peer_address(request)
    if current is None:
        return None
    for entry in reversed(_forwarded_chain(request)):
        if not is_trusted_proxy(current):
            break
        hop = parse_address(entry)
        if hop is None:
            break
        current = hop
    return str(current)


def forwarded_visitor_address(request: HttpRequest) -> str | None:
    """For a trusted-server request: the visitor address the server forwarded, i.e. the FIRST
    (left-most) `X-Forwarded-For` value. The frontend server writes it from its own visitor's
    socket; proxies between it and us only append. None when absent or malformed."""
    chain = _forwarded_chain(request)
    address = parse_address(chain[0]) if chain else None
    return str(address) if address else None


def visitor_address(request: HttpRequest) -> str | None:
    """The address that rate limits count against (runtime.md, PERSONALIZATION_RATE_LIMIT).

    With the server key one server speaks for many visitors, so its forwarded visitor address is
    used; a server that forwards none shares one budget under its own address."""
    if is_trusted_server(request):
        return forwarded_visitor_address(request) or client_address(request)
    return client_address(request)


# --- other request signals --------------------------------------------------------------------


def cdn_country(request: HttpRequest) -> str | None:
    """The CDN's idea of the visitor's country (ISO 3166 alpha-2, upper case), believed only from
    a trusted proxy: anyone else could send `CF-IPCountry: US`."""
    if not is_trusted_proxy(peer_address(request)):
        return None
    for key in CDN_COUNTRY_HEADERS:
        value = request.META.get(key, "").strip().upper()
        if len(value) == 2 and value.isascii() and value.isalpha() and value not in NOT_A_COUNTRY:
            return value
    return None


def request_user_agent(request: HttpRequest) -> str:
    """The request's own User-Agent ('' when absent), cut to a sane length."""
    return request.META.get("HTTP_USER_AGENT", "")[:USER_AGENT_MAX_LENGTH]


def request_client_hints(request: HttpRequest) -> dict[str, str]:
    """The request's own Sec-CH-UA-* headers by header name (visitor_signals/client_hints.py
    keeps the few Tailor reads)."""
    prefix = "HTTP_SEC_CH_UA"
    return {
        "Sec-CH-UA" + key[len(prefix) :].replace("_", "-").title(): value
        for key, value in request.META.items()
        if key.startswith(prefix) and isinstance(value, str)
    }


def request_gpc(request: HttpRequest) -> bool:
    """Global Privacy Control: `Sec-GPC: 1`."""
    return request.META.get("HTTP_SEC_GPC", "").strip() == "1"


def request_dnt(request: HttpRequest) -> bool:
    """Do Not Track: `DNT: 1`."""
    return request.META.get("HTTP_DNT", "").strip() == "1"
