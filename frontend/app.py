"""The Flask application: wiring only. Pages live in pages.py, visitor actions in actions.py."""

from __future__ import annotations

import logging

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import actions, pages, security
from .api import TailorApi
from .cache import TTLCache
from .config import Settings
from .context import Frontend

log = logging.getLogger("frontend")


def create_app(
    settings: Settings | None = None, api: TailorApi | None = None, proxy_count: int = 0
) -> Flask:
    settings = settings or Settings.from_env()
    if not settings.server_key:
        log.warning(
            "PERSONALIZATION_SERVER_KEY is not set: the CMS will ignore the visitor's address, "
            "user agent and GPC forwarded by this frontend and use the frontend's own."
        )
    app = Flask(__name__)
    app.extensions["tailor"] = Frontend(
        settings=settings,
        api=api
        or TailorApi(
            url=settings.api_url,
            server_key=settings.server_key,
            timeout=settings.api_timeout,
            startup_wait=settings.startup_wait,
        ),
        page_cache=TTLCache(max_size=settings.cache_size, ttl=settings.cache_ttl),
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True

    app.register_blueprint(actions.blueprint)
    app.register_blueprint(pages.blueprint)
    security.install(app, settings.cms_origin)
    if proxy_count:
        # Behind a load balancer: believe that many X-Forwarded-* hops, so the visitor's own
        # address (not the balancer's) is what we forward to the CMS.
        proxied = ProxyFix(app.wsgi_app, x_for=proxy_count, x_proto=proxy_count, x_host=proxy_count)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    return app
