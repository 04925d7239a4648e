"""Production: DEBUG off, SECRET_KEY required, secure cookies."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import DEBUG
from .env import demo_secret_key, env_bool

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is required when DEBUG is off: export SECRET_KEY=<a long random string>."
        )
    SECRET_KEY = demo_secret_key()

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    # Behind a TLS-terminating proxy: SECURE_SSL_REDIRECT=1, SECURE_HSTS_SECONDS=31536000, and
    # SECURE_PROXY_SSL_HEADER trusted only from the proxy (README, "Running in production").
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", False)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0"))
    # security.W005 / W021: only the operator knows whether every subdomain is HTTPS-only and
    # whether the domain may go on the browsers' preload list (docs/reliability.md).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", False)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    SECURE_REFERRER_POLICY = os.environ.get("SECURE_REFERRER_POLICY", "same-origin")
    if env_bool("SECURE_PROXY_SSL_HEADER", False):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
