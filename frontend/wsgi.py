"""Production entry point: `gunicorn frontend.wsgi:app`.

FRONTEND_PROXY_COUNT says how many proxies in front of the frontend add X-Forwarded-For; the
visitor's address forwarded to the CMS is then the one they saw, not the proxy's.
"""

import logging
import os

from .app import create_app

logging.basicConfig(level=os.environ.get("LOG_LEVEL", "INFO"))
app = create_app(proxy_count=int(os.environ.get("FRONTEND_PROXY_COUNT") or 0))
