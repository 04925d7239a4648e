"""From an HTTP request and `VisitorContextInput` to the delivery's RequestFacts, applying
"who may say what" (graphql-api.md): ip, userAgent and gpc only from a trusted server."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from personalization.delivery.facts import RequestFacts
from personalization.visitor_signals.client_hints import normalize_hints
from personalization.visitor_signals.geo import parse_ip

from . import trust, visitor_cookie
from .errors import BadUserInput
from .validation import clean_text, clean_url, clean_visitor_id


def request_facts(request, context: dict | None, *, now: datetime | None = None) -> RequestFacts:
    context = context or {}
    trusted = trust.check_server_key(request)
    visitor_id = clean_visitor_id(context.get("visitor_id"), field="context.visitorId")
    if visitor_id is None and not trusted:
        visitor_id = visitor_cookie.cookie_visitor_id(request)
    url = clean_url(context.get("url"), field="context.url")
    referrer = clean_url(context.get("referrer"), field="context.referrer")
    if trusted:
        ip = context.get("ip")
        if ip is not None and parse_ip(ip) is None:
            raise BadUserInput(
                f"context.ip is not an IP address: {str(ip)[:60]!r}", field="context.ip"
            )
        ip = (
            ip
            if ip is not None
            else trust.forwarded_visitor_address(request) or trust.client_address(request)
        )
        user_agent = context.get("user_agent")
        user_agent = (
            clean_text(user_agent, 4096, "context.userAgent")
            if user_agent is not None
            else trust.request_user_agent(request)
        )
        gpc = context["gpc"] if context.get("gpc") is not None else trust.request_gpc(request)
        hints = (
            _client_hints(context["client_hints"])
            if context.get("client_hints") is not None
            else trust.request_client_hints(request)
        )
    else:
        ip, user_agent, gpc = (
            trust.client_address(request),
            trust.request_user_agent(request),
            trust.request_gpc(request),
        )
        hints = trust.request_client_hints(request)
    user = getattr(request, "user", None)
    return RequestFacts(
        now=now or timezone.now(),
        visitor_id=visitor_id,
        url=url,
        referrer=referrer,
        ip=ip,
        user_agent=user_agent,
        client_hints=normalize_hints(hints),
        gpc=bool(gpc),
        dnt=trust.request_dnt(request),
        declined=visitor_cookie.declined(request),
        cdn_country=trust.cdn_country(request),
        request_host=_host(request),
        logged_in=bool(user and user.is_authenticated),
        internal=trust.is_internal(request, ip),
    )


def _client_hints(value: object) -> dict:
    """`clientHints`: a JSON object of header name to text (JSONString has parsed it)."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise BadUserInput(
            "context.clientHints must be a JSON object of header name to text, e.g. "
            '{"Sec-CH-UA-Mobile": "?1"}.',
            field="context.clientHints",
        )
    return value


def _host(request) -> str | None:
    try:
        return request.get_host()
    except Exception:  # DisallowedHost: the internal-referrer check simply uses the URL's host
        return None
