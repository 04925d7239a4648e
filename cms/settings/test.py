"""Test settings: fast hasher, an isolated var/ folder, the real GeoIP test databases."""
import os
import tempfile

os.environ.setdefault("TAILOR_VAR_DIR", tempfile.mkdtemp(prefix="tailor-test-"))

from .base import *  # noqa: E402,F401,F403
from .env import BASE_DIR  # noqa: E402

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
GEOIP_PATH = os.environ.get("GEOIP_PATH") or str(BASE_DIR.parent / "shared" / "geoip" / "GeoIP2-City-Test.mmdb")
PERSONALIZATION_SERVER_KEY = "test-server-key"
PERSONALIZATION_RATE_LIMIT = int(os.environ.get("PERSONALIZATION_RATE_LIMIT", "0"))
