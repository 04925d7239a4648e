"""Security headers on every frontend response: a content security policy, and HSTS when the
operator says the site is served over HTTPS (FRONTEND_HSTS_SECONDS).

The policy allows this site's own scripts, styles and requests, images from the CMS (renditions),
and the one inline script of base.html by its hash; no other inline script, no plugin, no framing."""

from __future__ import annotations

import base64
import hashlib
import os

from flask import Flask, Response

from .visitor import ACCEPT_CH

# base.html's only inline script (marks the page as having JavaScript before it paints). Changing
# it means changing this line: the test compares the two.
INLINE_SCRIPT = 'document.documentElement.className = "js";'


def script_hash(source: str) -> str:
    digest = hashlib.sha256(source.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode('ascii')}'"


def content_security_policy(cms_origin: str) -> str:
    media = f" {cms_origin}" if cms_origin.startswith(("http://", "https://")) else ""
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src 'self' {script_hash(INLINE_SCRIPT)}",
            "style-src 'self'",
            f"img-src 'self' data:{media}",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def install(app: Flask, cms_origin: str, hsts_seconds: int | None = None) -> None:
    """Adds the headers to every response of `app`."""
    policy = content_security_policy(cms_origin)
    if hsts_seconds is None:
        hsts_seconds = int(os.environ.get("FRONTEND_HSTS_SECONDS") or 0)
    hsts = f"max-age={hsts_seconds}" if hsts_seconds > 0 else ""
    if hsts and os.environ.get("FRONTEND_HSTS_INCLUDE_SUBDOMAINS", "").lower() in {
        "1",
        "true",
        "yes",
        "on",
    }:
        hsts += "; includeSubDomains"

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Accept-CH", ACCEPT_CH)  # the device's model and platform
        if hsts:
            response.headers.setdefault("Strict-Transport-Security", hsts)
        return response
