"""Where pages live for visitors: on the website (the frontend, setting FRONTEND_URL), not on the
CMS, which is headless. "View live", the page listing's links and `page.url` point there.

The default site is the frontend's; other sites keep their own hostnames (give a site the
hostname of its own frontend). The CMS's own URL of a page only sends visitors on to it."""

from __future__ import annotations

from urllib.parse import urlsplit

from wagtail.models import Site

from personalization import settings as tailor_settings

_ATTR = "_tailor_default_site_id"


def website_root() -> str:
    return tailor_settings.frontend_url()


def _default_site_id(request=None) -> int | None:
    if request is not None and hasattr(request, _ATTR):
        return getattr(request, _ATTR)
    site_id = Site.objects.filter(is_default_site=True).values_list("pk", flat=True).first()
    if request is not None:
        setattr(request, _ATTR, site_id)
    return site_id


def on_the_website(parts, request=None):
    """Wagtail's (site_id, root_url, path) with the website as the root of the default site."""
    root = website_root()
    if not root or parts is None or parts[2] is None or parts[0] != _default_site_id(request):
        return parts
    return parts[0], root, parts[2]


def is_elsewhere(url: str | None, request) -> bool:
    """With a website set, is `url` on another host than the one serving this request (no loop)?"""
    if not website_root() or not url or not url.startswith(("http://", "https://")):
        return False
    return urlsplit(url).netloc.lower() != request.get_host().lower()
