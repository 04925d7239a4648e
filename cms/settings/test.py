"""Test settings: fast hasher, an isolated var/ folder, the project's GeoIP test database."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("TAILOR_VAR_DIR", tempfile.mkdtemp(prefix="tailor-test-"))

from .base import *  # noqa: E402,F401,F403
from .env import BASE_DIR  # noqa: E402

SECRET_KEY = "tests-only-not-secret"
DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ALLOWED_HOSTS = ["*"]
# Written by fixtures/make_test_geoip.py: MaxMind's test addresses and answers, inside the repository.
GEOIP_PATH = os.environ.get("GEOIP_PATH") or str(
    BASE_DIR / "tests" / "geoip" / "GeoIP2-City-Test.mmdb"
)
PERSONALIZATION_SERVER_KEY = "test-server-key"
# WhiteNoise finds static files in the apps per request: the tests run no collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
PERSONALIZATION_RATE_LIMIT = int(os.environ.get("PERSONALIZATION_RATE_LIMIT", "0"))

# A file-backed SQLite test database: threaded writers (tests/profiles concurrency) wait on the
# busy timeout there, where the in-memory one fails at once with "database table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    test_database = str(Path(os.environ["TAILOR_VAR_DIR"]) / "test.sqlite3")
    DATABASES["default"]["TEST"] = {"NAME": test_database}  # noqa: F405
