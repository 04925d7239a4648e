"""The visitor as the frontend sees them: consent cookies, GPC, and the context to forward.

The visitor id is a first-party cookie that exists only after the visitor allowed
personalization; a declined choice is remembered in a cookie that holds no id. A browser that
sends Global Privacy Control (`Sec-GPC: 1`) and made no explicit choice is treated as having
declined, and is not asked.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TypedDict
from urllib.parse import urlsplit

from flask import Request
from werkzeug.wrappers import Response  # flask's Response and what redirect() returns

from .api import VisitorContext
from .config import DEMO_CITIES, Settings

VISITOR_COOKIE = "tailor_vid"
CONSENT_COOKIE = "tailor_consent"
DEMO_CITY_COOKIE = "tailor_demo_city"
GRANTED, DECLINED = "granted", "declined"
ONE_YEAR = 365 * 24 * 3600


@dataclass(frozen=True)
class VisitorState:
    consent: str | None  # GRANTED, DECLINED, or None when the visitor has not chosen
    visitor_id: str | None
    gpc: bool
    demo_city: str | None = None

    @property
    def show_banner(self) -> bool:
        """Ask only visitors who have not chosen and whose browser did not already say no."""
        return self.consent is None and not self.gpc

    @property
    def declined(self) -> bool:
        return self.consent == DECLINED or (self.consent is None and self.gpc)


def read_state(request: Request, settings: Settings) -> VisitorState:
    consent = request.cookies.get(CONSENT_COOKIE)
    if consent not in (GRANTED, DECLINED):
        consent = None
    # Do Not Track has the same effect as GPC in the CMS (graphql-api.md): both mean "no" until
    # the visitor says yes, so both are forwarded as `gpc`.
    gpc = (
        request.headers.get("Sec-GPC", "").strip() == "1"
        or request.headers.get("DNT", "").strip() == "1"
    )
    # An id exists only after consent (or, on opt-out installs, when the CMS minted one); a
    # visitor who declined has none, whatever a stale cookie says.
    declined = consent == DECLINED or (consent is None and gpc)
    visitor_id = None if declined else request.cookies.get(VISITOR_COOKIE)
    city = request.cookies.get(DEMO_CITY_COOKIE) if settings.demo else None
    return VisitorState(
        consent=consent,
        visitor_id=visitor_id or None,
        gpc=gpc,
        demo_city=city if city in DEMO_CITIES else None,
    )


def visitor_address(request: Request, state: VisitorState) -> str | None:
    """The visitor's own address (behind proxies: see FRONTEND_PROXY_COUNT), or the demo city's."""
    return DEMO_CITIES[state.demo_city] if state.demo_city else (request.remote_addr or None)


def forwarded_context(request: Request, state: VisitorState) -> VisitorContext:
    """The landing URL, referrer, address, user agent and GPC of this very request.

    Each request forwards its own URL and Referer; the CMS keeps the visit's source itself.
    """
    return VisitorContext(
        url=request.url,
        referrer=request.headers.get("Referer") or None,
        ip=visitor_address(request, state),
        user_agent=request.headers.get("User-Agent") or None,
        gpc=state.gpc,
        visitor_id=state.visitor_id,
        client_hints=client_hints(request),
    )


# User-Agent Client Hints forwarded to the CMS (it classifies the device with them); the site asks
# for the ones browsers do not send unasked with Accept-CH (security.py).
CLIENT_HINTS = ("Sec-CH-UA", "Sec-CH-UA-Mobile", "Sec-CH-UA-Platform", "Sec-CH-UA-Model")
ACCEPT_CH = "Sec-CH-UA-Mobile, Sec-CH-UA-Platform, Sec-CH-UA-Model"


def client_hints(request: Request) -> tuple[tuple[str, str], ...]:
    return tuple(
        (name, request.headers[name][:256]) for name in CLIENT_HINTS if request.headers.get(name)
    )


class _CookieOptions(TypedDict):
    max_age: int
    httponly: bool
    samesite: str
    secure: bool


def remember_consent(
    response: Response, settings: Settings, granted: bool, visitor_id: str | None
) -> None:
    cookie: _CookieOptions = {
        "max_age": ONE_YEAR,
        "httponly": True,
        "samesite": "Lax",
        "secure": settings.secure_cookies,
    }
    response.set_cookie(CONSENT_COOKIE, GRANTED if granted else DECLINED, **cookie)
    if granted and visitor_id:
        response.set_cookie(VISITOR_COOKIE, visitor_id, **cookie)
    else:
        response.delete_cookie(
            VISITOR_COOKIE, samesite="Lax", secure=settings.secure_cookies, httponly=True
        )


def remember_visitor_id(response: Response, settings: Settings, visitor_id: str) -> None:
    """Opt-out installs: the CMS minted an id because profiling is allowed without a choice."""
    response.set_cookie(
        VISITOR_COOKIE,
        visitor_id,
        max_age=ONE_YEAR,
        httponly=True,
        samesite="Lax",
        secure=settings.secure_cookies,
    )


def same_origin(request: Request) -> bool:
    """Cross-site forms must not change a visitor's consent or profile (CSRF)."""
    origin = request.headers.get("Origin") or request.headers.get("Referer")
    if not origin:
        return True  # non-browser clients; cookies are SameSite=Lax anyway
    parts = urlsplit(origin)
    return f"{parts.scheme}://{parts.netloc}" == request.host_url.rstrip("/")


def safe_next(target: str | None) -> str:
    """Only redirect back to a path on this site (no open redirects)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/"
    return target
